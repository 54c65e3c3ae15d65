/**
 * Overlapping `buyLabel` attempts for one leg (a Temporal retry after a start-to-close timeout while the first attempt
 * still runs, or two workers) on the real FerretDB/MongoDB store, real Shippo SDK and the sandbox: one POST /transactions.
 * FerretDB v1 does not apply conditional updates atomically, so this only holds if the right to buy is a unique insert.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { BuyLabelInput } from '../../../activities/contract';
import { createLabelActivities } from '../../../activities/labels';
import type { LabelRecord } from '../../../domain/types';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { applyCarrierIndexes, customer, startSandboxCarrier, type SandboxCarrier } from './fixtures';

const CONCURRENT_ATTEMPTS = 20;
const ROUNDS = 6;
/** Separate activity instances, as separate workers would have; the production settle window (120 s). */
const WORKERS = 4;

let database: TestDatabase;
let env: SandboxCarrier;
beforeAll(async () => {
  database = await openTestDatabase();
  await applyCarrierIndexes(database.db);
  env = await startSandboxCarrier();
});
afterEach(() => env.sandbox.setFaults({}));
afterAll(async () => {
  await env.sandbox.close();
  await database.close();
});

const workers = Array.from({ length: WORKERS }, () => () => createLabelActivities({ db: database.db, carrier: env.carrier }));
const outbound = (claimId: string): BuyLabelInput => ({ claimId, leg: 'outbound', shipTo: customer });
const purchasesAtSandbox = (claimId: string): number => env.sandbox.labels().filter((label) => label.metadata === `${claimId}:outbound`).length;

/** What one round saw: labels bought at the sandbox, distinct labels returned, attempts that failed non-retryably. */
interface RoundOutcome {
  labelsBought: number;
  distinctLabelsReturned: number;
  nonRetryableFailures: number;
}

/** Fires the attempts at once; like Temporal, retries the retryable failures (all together) until each has a label. */
async function race(claimId: string): Promise<RoundOutcome> {
  const returned = new Set<string>();
  let nonRetryableFailures = 0;
  let pending = Array.from({ length: CONCURRENT_ATTEMPTS }, (_, n) => n);
  for (let wave = 0; wave < 6 && pending.length > 0; wave++) {
    const settled = await Promise.allSettled(pending.map((n) => workers[n % WORKERS]!().buyLabel(outbound(claimId))));
    const retry: number[] = [];
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') returned.add((result.value as LabelRecord).transactionId);
      else if (result.reason instanceof ApplicationFailure && result.reason.nonRetryable) nonRetryableFailures += 1;
      else retry.push(pending[index]!);
    });
    pending = retry;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(pending).toEqual([]);
  return { labelsBought: purchasesAtSandbox(claimId), distinctLabelsReturned: returned.size, nonRetryableFailures };
}

describe('buyLabel under overlapping attempts', () => {
  const once: RoundOutcome = { labelsBought: 1, distinctLabelsReturned: 1, nonRetryableFailures: 0 };

  it(`${CONCURRENT_ATTEMPTS} concurrent attempts for a new leg buy exactly one label, over ${ROUNDS} rounds`, async () => {
    const rounds: RoundOutcome[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push(await race(`RACE-NEW-${round}`));
    expect(rounds).toEqual(Array(ROUNDS).fill(once));
  });

  it(`${CONCURRENT_ATTEMPTS} concurrent retries after a refused purchase (429) buy exactly one label, over ${ROUNDS} rounds`, async () => {
    const rounds: RoundOutcome[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const claimId = `RACE-RETRY-${round}`;
      env.sandbox.setFaults({ rate429: 1, onlyPath: '/transactions' });
      await expect(workers[0]!().buyLabel(outbound(claimId))).rejects.toMatchObject({ nextRetryDelay: expect.anything() });
      env.sandbox.setFaults({});
      expect(purchasesAtSandbox(claimId)).toBe(0);
      rounds.push(await race(claimId));
    }
    expect(rounds).toEqual(Array(ROUNDS).fill(once));
  });

  it(`${CONCURRENT_ATTEMPTS} concurrent retries with a fixed address after a carrier rejection buy exactly one label, over ${ROUNDS} rounds`, async () => {
    const rounds: RoundOutcome[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const claimId = `RACE-FIXED-${round}`;
      const unserviceable = { ...customer, street1: '3 Carrier-Reject St' };
      await expect(workers[0]!().buyLabel({ claimId, leg: 'outbound', shipTo: unserviceable })).rejects.toMatchObject({ nonRetryable: true });
      expect(purchasesAtSandbox(claimId)).toBe(0);
      rounds.push(await race(claimId));
    }
    expect(rounds).toEqual(Array(ROUNDS).fill(once));
  });
});
