/** Both labels of a claim bought together (`buyLabelPair`) on real FerretDB, the real SDK and the sandbox: batched writes, exactly once per leg under faults. */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createLabelActivities } from '../../../activities/labels';
import { CarrierTransientError, carrierRefusal } from '../../../carrier/errors';
import type { CarrierPort } from '../../../carrier/port';
import { createTrackingStore } from '../../../carrier/tracking-store';
import { FailureTypes } from '../../../domain/failures';
import { commandsSent } from '../../support/mongo';
import { carrierTestWorld, customer } from './fixtures';

const world = carrierTestWorld();
afterEach(() => world.env.sandbox.setFaults({}));

const labelsFor = (claimId: string, leg: string) => world.env.sandbox.labels().filter((label) => label.metadata === `${claimId}:${leg}`);
const pairOf = (claimId: string) => ({ claimId, shipTo: customer });

/** The sandbox's carrier, except that `buyLabel` of the return leg first does what `returnFault` says (once). */
function carrierWithReturnFault(returnFault: 'commit-then-drop' | 'refuse'): CarrierPort {
  const carrier = world.env.carrier;
  let faulted = false;
  return {
    ...carrier,
    validateAddress: (address) => carrier.validateAddress(address),
    createShipment: (input) => carrier.createShipment(input),
    findLabelForRate: (rate) => carrier.findLabelForRate(rate),
    registerTracking: (...args) => carrier.registerTracking(...args),
    async buyLabel(rate, reference) {
      if (faulted || !reference.endsWith(':return')) return carrier.buyLabel(rate, reference);
      faulted = true;
      if (returnFault === 'refuse') throw carrierRefusal('carrier refused the purchase', FailureTypes.CarrierRejected, 'The carrier refused the label');
      await carrier.buyLabel(rate, reference); // committed at the carrier; its answer is lost
      throw new CarrierTransientError('connection dropped after the purchase was sent');
    },
  };
}

/** Runs `activity` as Temporal's attempt number `attempt` of it (the activity reads its attempt from its context). */
const asAttempt = <T>(attempt: number, activity: () => Promise<T>): Promise<T> => new MockActivityEnvironment({ attempt }).run(activity);

/** Runs an activity attempt after attempt, as Temporal would, until one succeeds. */
async function untilBought<T>(activity: () => Promise<T>): Promise<{ result: T; failures: number }> {
  for (let failures = 0; failures < 5; failures += 1) {
    try {
      return { result: await asAttempt(failures + 1, activity), failures };
    } catch (error) {
      if (error instanceof ApplicationFailure && error.nonRetryable) throw error;
    }
  }
  throw new Error('still failing after 5 attempts');
}

describe('buyLabelPair', () => {
  it('buys both legs in three database commands, the return on the outbound carrier; a repeat returns the same labels', async () => {
    let bought: Awaited<ReturnType<ReturnType<typeof createLabelActivities>['buyLabelPair']>> | undefined;
    const sent = await commandsSent(world.database.db, world.database.uri, async (db) => {
      bought = await asAttempt(1, () => createLabelActivities({ db, carrier: world.env.carrier }).buyLabelPair(pairOf('LP-1')));
    });
    expect(sent).toEqual(['insert label_purchases', 'update label_purchases', 'insert tracking_active']);
    expect(bought).toMatchObject({ outbound: { leg: 'outbound', carrier: 'UPS' }, return: { leg: 'return', carrier: 'UPS' } });
    expect(labelsFor('LP-1', 'outbound')).toHaveLength(1);
    expect(labelsFor('LP-1', 'return')).toHaveLength(1);
    const routes = createTrackingStore(world.database.db);
    for (const [leg, other] of [['outbound', 'return'], ['return', 'outbound']] as const) {
      expect(await routes.findRoute(bought![leg]!.trackingNumber)).toMatchObject({
        claimId: 'LP-1', leg, registered: true, active: true, pairedLeg: { leg: other, trackingNumber: bought![other]!.trackingNumber, carrier: 'UPS' },
      });
    }
    // A later attempt (Temporal's retry after a lost completion) goes leg by leg and buys nothing.
    const purchaser = createLabelActivities({ db: world.database.db, carrier: world.env.carrier });
    expect(await asAttempt(2, () => purchaser.buyLabelPair(pairOf('LP-1')))).toEqual(bought);
    expect(world.env.sandbox.labels().filter((label) => String(label.metadata).startsWith('LP-1:'))).toHaveLength(2);
  });

  it('fault: the outbound purchase commits and the connection drops → the retry finds it; one label per leg', async () => {
    world.env.sandbox.setFaults({ dropAfterCommit: 1, onlyPath: '/transactions' });
    const { buyLabelPair } = createLabelActivities({ db: world.database.db, carrier: world.env.carrier, purchaseSettleMs: 60_000 });
    const { result, failures } = await untilBought(() => buyLabelPair(pairOf('LP-2')));
    expect(failures).toBe(1);
    expect(labelsFor('LP-2', 'outbound').map((label) => label.object_id)).toEqual([result.outbound.transactionId]);
    expect(labelsFor('LP-2', 'return').map((label) => label.object_id)).toEqual([result.return?.transactionId]);
  });

  it('fault: the return purchase commits and the connection drops → the outbound is kept, the retry buys no label twice', async () => {
    const { buyLabelPair } = createLabelActivities({ db: world.database.db, carrier: carrierWithReturnFault('commit-then-drop'), purchaseSettleMs: 0 });
    const { result, failures } = await untilBought(() => buyLabelPair(pairOf('LP-3')));
    expect(failures).toBe(1);
    expect(labelsFor('LP-3', 'outbound').map((label) => label.object_id)).toEqual([result.outbound.transactionId]);
    expect(labelsFor('LP-3', 'return').map((label) => label.object_id)).toEqual([result.return?.transactionId]);
  });

  it('a refused return leg leaves the outbound bought and the return out (bought on its own later)', async () => {
    const { buyLabelPair } = createLabelActivities({ db: world.database.db, carrier: carrierWithReturnFault('refuse') });
    const result = await asAttempt(1, () => buyLabelPair(pairOf('LP-4')));
    expect(result.return).toBeUndefined();
    expect(labelsFor('LP-4', 'outbound').map((label) => label.object_id)).toEqual([result.outbound.transactionId]);
    const { buyLabel } = createLabelActivities({ db: world.database.db, carrier: world.env.carrier, purchaseSettleMs: 0 });
    const returned = await buyLabel({ claimId: 'LP-4', leg: 'return', shipTo: customer, carrier: result.outbound.carrier });
    expect(labelsFor('LP-4', 'return').map((label) => label.object_id)).toEqual([returned.transactionId]);
  });

  it('an undeliverable address is refused as the outbound leg\'s (typed, non-retryable) and buys nothing; bad input names the field', async () => {
    const { buyLabelPair } = createLabelActivities({ db: world.database.db, carrier: world.env.carrier });
    await expect(asAttempt(1, () => buyLabelPair({ claimId: 'LP-5', shipTo: { ...customer, street1: '1 Undeliverable Rd' } })))
      .rejects.toMatchObject({ type: FailureTypes.InvalidAddress, nonRetryable: true });
    expect(world.env.sandbox.labels().filter((label) => String(label.metadata).startsWith('LP-5:'))).toHaveLength(0);
    await expect(buyLabelPair({ claimId: '', shipTo: customer })).rejects.toMatchObject({ type: 'InvalidData', message: expect.stringContaining('claimId') });
  });
});
