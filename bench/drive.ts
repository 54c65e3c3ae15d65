/** Drives claims (product and bare) through their human steps the way people and the carrier would. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { openClaim } from '../client/claims';
import { deviceLookupOf } from '../data/devices';
import type { ClaimPolicy } from '../domain/policy';
import type { ClaimStatus } from '../domain/types';
import { claimStateQuery, completeShipmentUpdate, recordReturnReceiptUpdate, type ClaimState } from '../workflows/messages';
import { bareReceiveUpdate, bareShipUpdate, bareStageQuery, bareTrackSignal, type bareClaim } from './bare-workflow';
import { claimRequestFor, fleetMac } from './fleet';
import { BARE_QUEUE, type BenchProduct } from './world';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items` with at most `concurrency` in flight; rejects on the first failure. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/** Polls `read` every `everyMs` until `accept` holds (or throws after `timeoutMs`). */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value).slice(0, 200)})`);
    await sleep(everyMs);
  }
}

/** Compressed policy for the happy path: the human steps come quickly, so no reminder or SLA timer fires. */
export const HAPPY_POLICY: Partial<ClaimPolicy> = { dayLengthMs: 2_000, shippingSla: 60_000, searchAttributes: true };

/**
 * Opens the claim of `mac` on the product's task queue as `POST /claims` does (the registry's answer read first and
 * given in the input) and waits until it is ready to ship.
 */
export async function openAndAwaitShipment(client: Client, product: Pick<BenchProduct, 'queue' | 'db'>, mac: string, policy: Partial<ClaimPolicy>): Promise<{ handle: WorkflowHandle; state: ClaimState }> {
  const device = await deviceLookupOf(product.db, mac);
  const opened = await openClaim(client, product.queue, claimRequestFor(mac), { policy, device });
  const handle = client.workflow.getHandle(opened.workflowId);
  const state = await until(() => handle.query(claimStateQuery), (s) => s.status === 'awaiting-shipment', `${mac} awaiting-shipment`);
  return { handle, state };
}

/** The shipping department hands claim `index`'s replacement to the carrier. */
export async function handOver(handle: WorkflowHandle, replacementPrefix: number, index: number): Promise<void> {
  await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: fleetMac(replacementPrefix, index), completedBy: 'bench' }] });
}

/** One happy-path claim from trigger to `closed`: tracking goes through the product's sandbox's webhook to its API over HTTP. */
export async function happyClaim(client: Client, product: Pick<BenchProduct, 'queue' | 'sandbox' | 'db'>, mac: string, replacementPrefix: number, index: number): Promise<string> {
  const { sandbox } = product;
  const { handle, state } = await openAndAwaitShipment(client, product, mac, HAPPY_POLICY);
  await handOver(handle, replacementPrefix, index);
  await sandbox.playTracking(state.legs.outbound.label!.trackingNumber, ['TRANSIT', 'DELIVERED']);
  await sandbox.playTracking(state.legs.return.label!.trackingNumber, ['TRANSIT']);
  await handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: mac, condition: 'defect confirmed', receivedBy: 'bench' }] });
  const final = (await handle.result()) as ClaimState;
  expectStatus(final.status, 'closed', mac);
  return handle.workflowId;
}

/** One bare claim with the same shape: `before`/`after` no-op activities, the two updates and `signals` signals. */
export async function bareRun(client: Client, id: string, before: number, after: number, signals: number): Promise<void> {
  const handle = await client.workflow.start<typeof bareClaim>('bareClaim', { taskQueue: BARE_QUEUE, workflowId: id, args: [before, after, signals] });
  await until(() => handle.query(bareStageQuery), (stage) => stage === 'awaiting-shipment', `${id} awaiting-shipment`);
  await handle.executeUpdate(bareShipUpdate);
  for (let signal = 0; signal < signals; signal++) await handle.signal(bareTrackSignal, `event-${signal}`);
  await handle.executeUpdate(bareReceiveUpdate);
  const stage = await handle.result();
  if (stage !== 'closed') throw new Error(`bare ${id} ended ${stage}`);
}

function expectStatus(actual: ClaimStatus, expected: ClaimStatus, mac: string): void {
  if (actual !== expected) throw new Error(`claim ${mac} ended ${actual}, expected ${expected}`);
}
