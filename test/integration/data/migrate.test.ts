/** The start-up migration on the real FerretDB: idempotent, concurrent-safe, and it creates every index spec. */
import { allIndexSpecs } from '../../../data/indexes';
import { servingIndex } from '../../../data/index-check';
import { createClaimActivities } from '../../../activities/claims';
import { findClaim } from '../../../data/claims';
import { migrate, migrations } from '../../../data/migrate';
import { claimOpenedInput } from './support';
import { productQueries } from '../../../data/queries';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

let test$: TestDatabase;
beforeAll(async () => {
  test$ = await openTestDatabase();
});
afterAll(async () => test$?.close());

async function serverIndexes(): Promise<Array<{ collection: string; name: string; key: Record<string, number>; unique: boolean }>> {
  const found = [];
  for (const collection of new Set(allIndexSpecs().map((s) => s.collection))) {
    for (const index of await test$.db.collection(collection).listIndexes().toArray()) {
      if (index.name !== '_id_') found.push({ collection, name: String(index.name), key: index.key, unique: Boolean(index.unique) });
    }
  }
  return found;
}

describe('migrate', () => {
  it('applies each version once when two processes run it at the same time, then does nothing', async () => {
    const [a, b] = await Promise.all([migrate(test$.db), migrate(test$.db)]);
    expect([...a.appliedVersions, ...b.appliedVersions]).toEqual(expect.arrayContaining([1, 2]));
    const again = await migrate(test$.db);
    expect(again).toEqual({ appliedVersions: [], createdIndexes: [] });
    expect(await test$.db.collection('migrations').find({}).sort({ _id: 1 }).toArray()).toMatchObject([{ _id: 'v1', version: 1 }, { _id: 'v2', version: 2 }]);
  });

  it('version 2 moves timeline entries written before it into their claims, and a re-run changes nothing', async () => {
    const db = test$.client.db(`${test$.db.databaseName}_v2`);
    const { recordClaimOpened } = createClaimActivities({ db });
    await migrate(db);
    await recordClaimOpened(claimOpenedInput('C-LEGACY', '00:15:65:AA:00:99'));
    await db.collection('claim_timeline').insertMany([
      { _id: JSON.stringify(['C-LEGACY', 'status-approved']) as never, claimId: 'C-LEGACY', key: 'status-approved', at: '2026-11-29T12:00:00.000Z', status: 'approved', message: 'Approved' },
      { _id: JSON.stringify(['C-LEGACY', 'label.outbound']) as never, claimId: 'C-LEGACY', key: 'label.outbound', at: '2026-11-29T12:01:00.000Z', message: 'Label bought' },
    ]);
    await migrations.find((m) => m.version === 2)!.up(db);
    await migrations.find((m) => m.version === 2)!.up(db);
    expect((await findClaim(db, 'C-LEGACY'))?.timeline.map((entry) => entry.key)).toEqual(['opened', 'status-approved', 'label.outbound']);
    await db.dropDatabase();
  });

  it('leaves exactly the specified indexes on the server, and each product query is served by one of them', async () => {
    const onServer = await serverIndexes();
    const expected = allIndexSpecs().map((s) => ({ collection: s.collection, name: s.name, key: s.key, unique: s.unique ?? false }));
    const byName = (x: { collection: string; name: string }, y: { collection: string; name: string }) =>
      `${x.collection}.${x.name}`.localeCompare(`${y.collection}.${y.name}`);
    expect(onServer.sort(byName)).toEqual(expected.sort(byName));
    const served = onServer.map((i) => ({ collection: i.collection, name: i.name, key: i.key as Record<string, 1 | -1> }));
    for (const query of productQueries) expect([query.name, servingIndex(query, served)?.name]).toEqual([query.name, expect.any(String)]);
  });

  it('enforces the unique indexes (a second claim with the same tracking token is refused)', async () => {
    await test$.db.collection('claims').insertOne({ claimId: 'a', trackingToken: 'dup' });
    await expect(test$.db.collection('claims').insertOne({ claimId: 'b', trackingToken: 'dup' })).rejects.toMatchObject({ code: 11000 });
  });
});
