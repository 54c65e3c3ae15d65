/** The start-up migration on the real FerretDB: idempotent, concurrent-safe, and it creates every index spec. */
import { allIndexSpecs } from '../../../activities/database';
import { servingIndex } from '../../../data/index-check';
import { createClaimActivities } from '../../../activities/claims';
import { findClaim, findClaimByTrackingToken } from '../../../data/claims';
import { findActiveClaim } from '../../../data/claims-active';
import { searchClaims } from '../../../data/claim-search';
import { migrate, migrations } from '../../../activities/database';
import { createTrackingStore } from '../../../carrier/tracking-store';
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
    expect([...a.appliedVersions, ...b.appliedVersions]).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
    const again = await migrate(test$.db);
    expect(again).toEqual({ appliedVersions: [], createdIndexes: [] });
    expect(await test$.db.collection('migrations').find({}).sort({ _id: 1 }).toArray()).toMatchObject([{ _id: 'v1', version: 1 }, { _id: 'v2', version: 2 }, { _id: 'v3', version: 3 }, { _id: 'v4', version: 4 }, { _id: 'v5', version: 5 }]);
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
    for (const query of productQueries.filter((q) => !q.workingSet)) expect([query.name, servingIndex(query, served)?.name]).toEqual([query.name, expect.any(String)]);
  });

  it('enforces the unique indexes (a second reservation of the same unit is refused)', async () => {
    await test$.db.collection('unit_reservations').insertOne({ _id: 'claim-a' as never, unitId: 'U-dup' });
    await expect(test$.db.collection('unit_reservations').insertOne({ _id: 'claim-b' as never, unitId: 'U-dup' })).rejects.toMatchObject({ code: 11000 });
  });

  it('version 3 gives claims stored in the old layout their tasks, lists, token lookup, working set and history', async () => {
    const db = test$.client.db(`${test$.db.databaseName}_v3`);
    await migrate(db);
    const { recordClaimOpened } = createClaimActivities({ db });
    for (const [claimId, mac] of [['C-OPEN', '00:15:65:AA:03:01'], ['C-DONE', '00:15:65:AA:03:02']] as const) {
      const { trackingToken } = await recordClaimOpened(claimOpenedInput(claimId, mac));
      // Back to the old layout: only the claim document and a task in `tasks`, nothing else.
      for (const name of ['claim_index', 'claim_lookups', 'claims_active']) await db.collection(name).deleteMany({});
      await db.collection('claims').updateOne({ _id: claimId as never }, { $unset: { tasks: '' } });
      expect(trackingToken).toBeTruthy();
    }
    await db.collection('claims').updateOne({ _id: 'C-DONE' as never }, { $set: { status: 'closed', 'timelineByKey.status-closed': { key: 'status-closed', at: '2026-11-30T09:00:00.000Z', status: 'closed', message: 'Closed' } } });
    await db.collection('tasks').insertOne({
      _id: 'C-OPEN--pick-pack-ship' as never, taskId: 'C-OPEN--pick-pack-ship', claimId: 'C-OPEN', kind: 'pick-pack-ship', status: 'open', assignee: null,
      slaDueAt: '2026-11-30T17:00:00.000Z', summary: 'Ship it', openedAt: '2026-11-29T11:00:00.000Z', takenAt: null, closedAt: null, outcome: null, round: 1,
    });
    await db.collection('tracking_numbers').insertOne({ _id: 'TRK-1' as never, trackingNumber: 'TRK-1', claimId: 'C-OPEN', leg: 'outbound', active: true, lastUpdateAt: new Date() });
    await migrations.find((m) => m.version === 3)!.up(db);
    const open = await findClaim(db, 'C-OPEN');
    expect(open?.tasks['pick-pack-ship']).toMatchObject({ status: 'open', summary: 'Ship it' });
    expect((await findClaimByTrackingToken(db, open!.trackingToken))?.claimId).toBe('C-OPEN');
    expect(await findActiveClaim(db, 'C-OPEN')).toMatchObject({ tasks: { 'pick-pack-ship': { summary: 'Ship it' } } });
    expect(await findActiveClaim(db, 'C-DONE')).toBeNull();
    expect((await searchClaims(db, {})).claims.map((c) => c.claimId)).toEqual(['C-OPEN', 'C-DONE'].sort().reverse());
    expect((await searchClaims(db, { status: 'closed' })).claims).toEqual([expect.objectContaining({ claimId: 'C-DONE', closedAt: '2026-11-30T09:00:00.000Z' })]);
    // An older version's active route gets a stub in the poller's working set; the store still finds the route.
    expect(await db.collection('tracking_active').findOne({ _id: 'TRK-1' as never })).toEqual({ _id: 'TRK-1', lastUpdateAt: expect.any(Date) });
    expect(await createTrackingStore(db).findRoute('TRK-1')).toMatchObject({ claimId: 'C-OPEN', leg: 'outbound', active: true });
    await db.dropDatabase();
  });
});
