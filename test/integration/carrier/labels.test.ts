/** Exactly-once labels per claim and leg: buyLabel/voidLabel activities on real FerretDB, real SDK, sandbox faults. */
import { ApplicationFailure } from '@temporalio/common';
import { createLabelActivities } from '../../../activities/labels';
import { CarrierCollections } from '../../../carrier/indexes';
import { createTrackingStore } from '../../../carrier/tracking-store';
import { FailureTypes } from '../../../domain/failures';
import type { BuyLabelInput } from '../../../activities/contract';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { applyCarrierIndexes, customer, startSandboxCarrier, type SandboxCarrier } from './fixtures';

let database: TestDatabase;
let env: SandboxCarrier;
beforeAll(async () => {
  database = await openTestDatabase();
  await applyCarrierIndexes(database.db);
  env = await startSandboxCarrier({ timeoutMs: 300 });
});
afterEach(() => env.sandbox.setFaults({}));
afterAll(async () => {
  await env.sandbox.close();
  await database.close();
});

function activities(purchaseSettleMs = 0) {
  return createLabelActivities({ db: database.db, carrier: env.carrier, purchaseSettleMs });
}

function labelsFor(claimId: string, leg: string) {
  return env.sandbox.labels().filter((label) => label.metadata === `${claimId}:${leg}`);
}

/** Runs an activity like Temporal would: retry plain/retryable errors, stop at a non-retryable failure. */
async function withRetries<T>(run: () => Promise<T>, attempts = 5): Promise<{ result: T; failures: Error[] }> {
  const failures: Error[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return { result: await run(), failures };
    } catch (error) {
      if (error instanceof ApplicationFailure && error.nonRetryable) throw error;
      failures.push(error as Error);
    }
  }
  throw new Error(`still failing after ${attempts} attempts: ${failures.map((failure) => failure.message).join(' | ')}`);
}

const outbound = (claimId: string): BuyLabelInput => ({ claimId, leg: 'outbound', shipTo: customer });

describe('buyLabel', () => {
  it('buys once per leg; a repeat returns the same label; the return leg uses the outbound carrier; tracking is routed', async () => {
    const { buyLabel } = activities();
    const first = await buyLabel(outbound('C-1'));
    const again = await buyLabel(outbound('C-1'));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ leg: 'outbound', carrier: 'UPS', serviceLevel: 'ups_ground' });
    const returned = await buyLabel({ claimId: 'C-1', leg: 'return', shipTo: customer, carrier: first.carrier });
    expect(returned).toMatchObject({ leg: 'return', carrier: 'UPS' });
    expect(labelsFor('C-1', 'outbound')).toHaveLength(1);
    expect(labelsFor('C-1', 'return')).toHaveLength(1);
    const route = await createTrackingStore(database.db).findRoute(first.trackingNumber);
    expect(route).toMatchObject({ claimId: 'C-1', leg: 'outbound', carrier: 'UPS', registered: true, active: true });
  });

  it('fault: purchase committed, connection dropped, activity retried → exactly one label for the leg', async () => {
    env.sandbox.setFaults({ dropAfterCommit: 1 });
    const { result, failures } = await withRetries(() => activities().buyLabel(outbound('C-2')));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toMatch(/label purchase/);
    expect(labelsFor('C-2', 'outbound')).toHaveLength(1);
    expect(result.transactionId).toBe(labelsFor('C-2', 'outbound')[0]?.object_id);
    const intent = await database.db.collection(CarrierCollections.labelPurchases).findOne({ claimId: 'C-2', leg: 'outbound' });
    expect(intent).toMatchObject({ state: 'bought', label: { transactionId: result.transactionId } });
  });

  it('fault: the client times out while the carrier is still buying → waits for the settle window, then reuses that label', async () => {
    env.sandbox.setFaults({ latencyMs: 600, onlyPath: '/transactions' });
    const settling = activities(60_000);
    await expect(settling.buyLabel(outbound('C-3'))).rejects.toThrow(/RequestTimeoutError/);
    env.sandbox.setFaults({});
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(labelsFor('C-3', 'outbound')).toHaveLength(1);
    const reused = await settling.buyLabel(outbound('C-3'));
    expect(reused.transactionId).toBe(labelsFor('C-3', 'outbound')[0]?.object_id);
    expect(labelsFor('C-3', 'outbound')).toHaveLength(1);
  });

  it('an unknown outcome with nothing at the carrier yet is not bought again inside the settle window', async () => {
    env.sandbox.setFaults({ rate500: 1, onlyPath: '/transactions' });
    const settling = activities(60_000);
    await expect(settling.buyLabel(outbound('C-4'))).rejects.toThrow(/HTTP 500/);
    await expect(settling.buyLabel(outbound('C-4'))).rejects.toThrow(/unknown outcome; waiting for it to settle/);
    expect(labelsFor('C-4', 'outbound')).toHaveLength(0);
    const bought = await activities(0).buyLabel(outbound('C-4'));
    expect(labelsFor('C-4', 'outbound').map((label) => label.object_id)).toEqual([bought.transactionId]);
  });

  it('429 on purchase is retried after Retry-After and buys exactly one label', async () => {
    env.sandbox.setFaults({ rate429: 1, retryAfterSeconds: 3, onlyPath: '/transactions' });
    const { failures } = await withRetries(() => activities(60_000).buyLabel(outbound('C-5')));
    expect(failures[0]).toMatchObject({ nextRetryDelay: '3s', nonRetryable: false });
    expect(labelsFor('C-5', 'outbound')).toHaveLength(1);
  });

  it('concurrent attempts for one leg buy one label', async () => {
    const { buyLabel } = activities();
    const results = await Promise.allSettled([buyLabel(outbound('C-6')), buyLabel(outbound('C-6')), buyLabel(outbound('C-6'))]);
    const settled = await withRetries(() => buyLabel(outbound('C-6')));
    expect(labelsFor('C-6', 'outbound')).toHaveLength(1);
    for (const result of results) if (result.status === 'fulfilled') expect(result.value).toEqual(settled.result);
  });

  it('typed non-retryable failures: invalid address, no rates, carrier rejection, bad input naming the field', async () => {
    const { buyLabel } = activities();
    await expect(buyLabel({ claimId: 'C-7', leg: 'outbound', shipTo: { ...customer, street1: '1 Undeliverable Rd' } }))
      .rejects.toMatchObject({ type: FailureTypes.InvalidAddress, nonRetryable: true, message: expect.stringContaining('Address not found') });
    await expect(buyLabel({ claimId: 'C-8', leg: 'outbound', shipTo: { ...customer, street1: '1 No-Service Rd' } }))
      .rejects.toMatchObject({ type: FailureTypes.NoRates, nonRetryable: true });
    await expect(buyLabel({ claimId: 'C-9', leg: 'return', shipTo: customer, carrier: 'FedEx' }))
      .rejects.toMatchObject({ type: FailureTypes.NoRates, message: expect.stringContaining('for carrier FedEx') });
    await expect(buyLabel({ claimId: 'C-10', leg: 'outbound', shipTo: { ...customer, street1: '2 Carrier-Reject Way' } }))
      .rejects.toMatchObject({ type: FailureTypes.CarrierRejected, nonRetryable: true });
    await expect(buyLabel({ claimId: ' ', leg: 'return', shipTo: { ...customer, postalCode: '' } } as BuyLabelInput))
      .rejects.toMatchObject({ type: FailureTypes.InvalidData, message: expect.stringMatching(/claimId: required.*shipTo\.postalCode: must be a postal code.*carrier: required for the return leg/) });
    expect(labelsFor('C-10', 'outbound')).toHaveLength(0);
  });

  it('after a fixed address, buys for the new address (the old intent had no label)', async () => {
    const { buyLabel } = activities();
    await expect(buyLabel({ claimId: 'C-11', leg: 'outbound', shipTo: { ...customer, street1: '3 Carrier-Reject St' } })).rejects.toMatchObject({ type: FailureTypes.CarrierRejected });
    const fixed = await buyLabel(outbound('C-11'));
    expect(labelsFor('C-11', 'outbound').map((label) => label.object_id)).toEqual([fixed.transactionId]);
  });
});

describe('voidLabel', () => {
  it('voids once; repeats and a leg without a label request no further refund', async () => {
    const { buyLabel, voidLabel } = activities();
    const label = await buyLabel(outbound('V-1'));
    await expect(voidLabel({ claimId: 'V-1', leg: 'outbound' })).resolves.toEqual({ voided: true });
    await expect(voidLabel({ claimId: 'V-1', leg: 'outbound' })).resolves.toEqual({ voided: true });
    await expect(voidLabel({ claimId: 'V-1', leg: 'return' })).resolves.toEqual({ voided: false });
    expect(env.sandbox.refunds().filter((refund) => refund.transaction === label.transactionId)).toHaveLength(1);
    await expect(buyLabel(outbound('V-1'))).rejects.toMatchObject({ type: FailureTypes.CarrierRejected, nonRetryable: true });
  });

  it('crash after the refund request but before recording it → the retry sees the refund and does not refund again', async () => {
    const { buyLabel, voidLabel } = activities();
    const label = await buyLabel(outbound('V-2'));
    await env.carrier.voidLabel(label.transactionId); // the refund the "crashed" attempt made
    await expect(voidLabel({ claimId: 'V-2', leg: 'outbound' })).resolves.toEqual({ voided: true });
    expect(env.sandbox.refunds().filter((refund) => refund.transaction === label.transactionId)).toHaveLength(1);
  });

  it('a label bought but never recorded (connection dropped) is found by rate and voided', async () => {
    env.sandbox.setFaults({ dropAfterCommit: 1 });
    await expect(activities().buyLabel(outbound('V-3'))).rejects.toThrow();
    const [orphan] = labelsFor('V-3', 'outbound');
    await expect(activities().voidLabel({ claimId: 'V-3', leg: 'outbound' })).resolves.toEqual({ voided: true });
    expect(env.sandbox.refunds().map((refund) => refund.transaction)).toContain(orphan?.object_id);
  });
});
