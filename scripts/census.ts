/**
 * `npm run census`: the database commands one happy-path claim costs, by command and collection. Drives
 * BENCH_CLAIMS (10) happy-path claims, one at a time after a warm-up claim, through the bench's own embedded stack
 * (the same drive as `npm run bench` figure b) and prints the commands per claim, largest first; `--json` prints
 * the same as JSON.
 */
import { activitySequenceOf } from '../bench/activity-sequence';
import { seedFleet } from '../bench/fleet';
import { productThroughput } from '../bench/measure';
import { startBenchWorld } from '../bench/world';
import type { Client } from '@temporalio/client';
import { runMain } from '../entry/errors';
import { wholeNumberFromEnv } from './lib/env-number';

const json = process.argv.includes('--json');
const status = (line: string) => { if (!json) process.stderr.write(`\r\x1b[2K${line}`); };

runMain(async () => {
  const claims = wholeNumberFromEnv('BENCH_CLAIMS', 10);
  const world = await startBenchWorld(status);
  try {
    status('seeding a fleet');
    const macs = await seedFleet(world.empty.db, 0x11, claims + 1);
    await productThroughput(world.client, world.empty, macs.slice(0, 1), 1, 0x41, () => undefined);
    const result = await productThroughput(world.client, world.empty, macs.slice(1), 1, 0x42, (done) => status(`claim ${done}/${claims}`));
    const trips = world.empty.roundTrips();
    const activities = await activitySequence(world.client, result.workflowIds.at(-1)!);
    const rows = Object.entries(trips.countsByTarget).map(([target, count]) => ({ target, perClaim: count / claims, msPerClaim: (trips.msByTarget[target] ?? 0) / claims }))
      .sort((a, b) => b.perClaim - a.perClaim);
    if (json) {
      process.stdout.write(`${JSON.stringify({ claims, perClaim: result.roundTripsPerClaim, rows, activities }, null, 2)}\n`);
      return;
    }
    process.stderr.write('\r\x1b[2K');
    console.log(`${'command collection'.padEnd(48)} ${'per claim'.padStart(10)} ${'ms/claim'.padStart(10)}`);
    for (const row of rows) console.log(`${row.target.padEnd(48)} ${row.perClaim.toFixed(1).padStart(10)} ${row.msPerClaim.toFixed(1).padStart(10)}`);
    console.log(`activities of the last claim, in order (${activities.length}): ${activities.join(', ')}`);
    console.log(`${'total'.padEnd(48)} ${result.roundTripsPerClaim.toFixed(1).padStart(10)}   (${claims} claims, one at a time)`);
  } finally {
    await world.stop();
  }
});

/** The activities a claim ran, in order (local ones marked `*`). */
async function activitySequence(client: Client, workflowId: string): Promise<string[]> {
  return activitySequenceOf((await client.workflow.getHandle(workflowId).fetchHistory()).events ?? []);
}
