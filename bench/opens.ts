/**
 * `POST /claims` as support sends it, in bursts of concurrent opens: each request is timed until the API answered;
 * after a burst, its claims are followed until they wait for shipment (the production policy: the shipping task
 * stays open), so the next burst starts on a settled system and the claims are there for the reads that follow.
 */
import type { Client } from '@temporalio/client';
import { DEV_API_KEYS } from '../client/api/api-keys';
import { claimStateQuery } from '../workflows/messages';
import { pool, until } from './drive';
import { claimRequestFor } from './fleet';
import type { bareOpen } from './bare-workflow';
import { BARE_QUEUE } from './world';

/** Opens one claim per MAC through the API at `apiUrl`, `concurrency` at a time in bursts; the latency (ms) of each request. */
export async function timeOpens(client: Client, apiUrl: string, macs: string[], concurrency: number, progress: (done: number) => void): Promise<number[]> {
  const latencies: number[] = [];
  for (let from = 0; from < macs.length; from += concurrency) {
    const burst = macs.slice(from, from + concurrency);
    const opened = await Promise.all(burst.map(async (mac) => {
      const started = performance.now();
      const response = await fetch(`${apiUrl}/claims`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEV_API_KEYS.support }, body: JSON.stringify(claimRequestFor(mac)),
      });
      const body = await response.json() as { workflowId?: string };
      latencies.push(performance.now() - started);
      if (response.status !== 201 || !body.workflowId) throw new Error(`POST /claims for ${mac} answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
      return body.workflowId;
    }));
    await pool(opened, concurrency, async (workflowId) => {
      await until(() => client.workflow.getHandle(workflowId).query(claimStateQuery), (state) => state.status === 'awaiting-shipment', `${workflowId} awaiting-shipment`, 600_000, 250);
    });
    progress(from + burst.length);
  }
  return latencies;
}

/**
 * The Temporal floor of the same bursts: `count` starts of the bare open workflow (done in its first task, no
 * activity, no database), as `POST /claims` starts a claim, from this process, `concurrency` at a time; the latency
 * (ms) of each.
 */
export async function timeBareOpens(client: Client, count: number, concurrency: number, label: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let from = 0; from < count; from += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, count - from) }, async (_, i) => {
      const started = performance.now();
      await client.workflow.start<typeof bareOpen>('bareOpen', {
        taskQueue: BARE_QUEUE, workflowId: `bench-bare-open-${label}-${from + i}`, args: [], workflowIdConflictPolicy: 'FAIL',
      });
      latencies.push(performance.now() - started);
    }));
  }
  return latencies;
}
