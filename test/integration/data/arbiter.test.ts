/**
 * The property every exactly-once write in the data layer rests on, checked on the real server: among concurrent
 * inserts of the same unique key exactly one succeeds and the others get a duplicate-key error (11000). Conditional
 * updates are not used as arbiters because FerretDB v1 does not apply them atomically (see data/inventory.ts).
 */
import { MongoServerError } from 'mongodb';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

let test$: TestDatabase;
beforeAll(async () => {
  test$ = await openTestDatabase();
});
afterAll(async () => test$?.close());

describe('insert under a unique key as the arbiter', () => {
  it('lets exactly one of 40 concurrent inserts win, by _id and by a unique secondary index', async () => {
    const byId = test$.db.collection<{ _id: string; holder: number }>('arbiter_by_id');
    const bySecondary = test$.db.collection<{ unitId: string; holder: number }>('arbiter_by_index');
    await bySecondary.createIndex({ unitId: 1 }, { unique: true, name: 'unitId_unique' });
    for (let round = 0; round < 5; round++) {
      const attempts = Array.from({ length: 40 }, (_, holder) => holder);
      const results = [
        ...(await Promise.allSettled(attempts.map((holder) => byId.insertOne({ _id: `key-${round}`, holder })))),
        ...(await Promise.allSettled(attempts.map((holder) => bySecondary.insertOne({ unitId: `unit-${round}`, holder })))),
      ];
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as MongoServerError).code).toBe(11000);
    }
    expect(await byId.countDocuments({})).toBe(5);
    expect(await bySecondary.countDocuments({})).toBe(5);
  });
});
