/**
 * `npm run fuzz`: schemathesis (pinned, from PyPI, cached in .tools/) against the served OpenAPI document of the API
 * on its own embedded stack (dev keys, a worker running, demo data seeded), FUZZ_EXAMPLES (25) examples per route,
 * with the admin key header; the check is `not_a_server_error` (zero 5xx). Prints schemathesis' summary; exit 1 on any 5xx.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startBenchWorld } from '../bench/world';
import { DEV_API_KEYS } from '../client/api/api-keys';
import { seedDatabase } from '../data/seed';
import { runMain, UserFacingError } from './lib/errors';
import { provisionSchemathesis } from './lib/schemathesis';

runMain(async () => {
  const examples = Number(process.env.FUZZ_EXAMPLES ?? 25);
  if (!Number.isInteger(examples) || examples < 1) throw new UserFacingError(`FUZZ_EXAMPLES: must be a whole number ≥ 1, got '${process.env.FUZZ_EXAMPLES}'`);
  const st = provisionSchemathesis((line) => console.log(line));
  console.log('▶ starting the API on its own embedded stack');
  const world = await startBenchWorld(() => undefined, { keepData: true });
  let status: number | null = 1;
  try {
    await seedDatabase(world.empty.db, new Date());
    const schema = `${world.empty.apiUrl}/openapi.json`;
    console.log(`▶ schemathesis: ${schema}, ${examples} examples per operation, X-Api-Key: <admin dev key>`);
    // Asynchronous: the API under test runs in this process, so the event loop must keep serving it.
    const child = spawn(st, [
      'run', schema,
      '--header', `X-Api-Key: ${DEV_API_KEYS.admin}`,
      '--checks', 'not_a_server_error',
      '--max-examples', String(examples),
      '--seed', '20261129',
      '--workers', '1',
      '--request-timeout', '30',
      '--generation-database', 'none',
      '--report', 'junit', '--report-dir', path.join(world.dataDir, 'schemathesis-report'),
      '--no-color',
    ], { stdio: 'inherit' });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    status = code;
    console.log(`fuzz: schemathesis exited ${code ?? signal}; API log ${path.join(world.dataDir, 'api-empty.log')}`);
  } finally {
    await world.stop();
  }
  if (status !== 0) process.exitCode = 1;
});
