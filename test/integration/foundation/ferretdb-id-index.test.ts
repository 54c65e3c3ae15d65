/**
 * The embedded database answers lookups and updates by `_id` through its index (scripts/lib/ferretdb/id-index.patch),
 * one `_id` or several (`$in`), alone or beside other conditions (id-filter-pushdown.patch): the query plan the server
 * reports uses the `_id` index instead of scanning the table, and the other conditions still apply.
 */
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

/** The plan lines of `explain` on FerretDB (`queryPlanner.Plan`), or MongoDB's winning plan as text. */
async function planOf(database: TestDatabase, filter: Record<string, unknown>): Promise<string> {
  const explained = await database.db.command({ explain: { find: 'probe', filter } });
  const planner = explained.queryPlanner as { Plan?: string[]; winningPlan?: unknown };
  return planner.Plan ? planner.Plan.join('\n') : JSON.stringify(planner.winningPlan);
}

/** Asserts the plan looks the document(s) up by `_id`: SQLite's index search on FerretDB, an `_id` lookup on MongoDB. */
async function expectIdLookup(database: TestDatabase, filter: Record<string, unknown>): Promise<void> {
  const build = await database.db.admin().command({ buildInfo: 1 });
  const plan = await planOf(database, filter);
  if (typeof build.ferretdbVersion === 'string') expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
  else expect(plan).toMatch(/IDHACK|EXPRESS|IXSCAN/);
}

describe('the embedded database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
    const docs = Array.from({ length: 200 }, (_, i) => ({ _id: `doc-${i}` as never, value: i }));
    await database.db.collection('probe').insertMany(docs);
  });
  afterAll(async () => database.close());

  it('finds a document by _id through the _id index, not by scanning the collection', async () => {
    await expectIdLookup(database, { _id: 'doc-42' });
    expect(await database.db.collection('probe').findOne({ _id: 'doc-42' as never })).toEqual({ _id: 'doc-42', value: 42 });
  });

  it('finds several documents by _id: {$in} through the _id index, and only them', async () => {
    await expectIdLookup(database, { _id: { $in: ['doc-7', 'doc-150', 'doc-missing'] } });
    const found = await database.db.collection('probe').find({ _id: { $in: ['doc-7', 'doc-150', 'doc-missing'] as never[] } }).sort({ value: 1 }).toArray();
    expect(found).toEqual([{ _id: 'doc-7', value: 7 }, { _id: 'doc-150', value: 150 }]);
  });

  it('still filters the rest of the query itself when _id: {$in} is combined with other conditions', async () => {
    const found = await database.db.collection('probe').find({ _id: { $in: ['doc-7', 'doc-8'] as never[] }, value: { $gt: 7 } }).toArray();
    expect(found).toEqual([{ _id: 'doc-8', value: 8 }]);
  });

  it('uses the _id index when the filter names _id beside other conditions, which still apply (a conditional update)', async () => {
    await expectIdLookup(database, { _id: 'doc-42', value: 42 });
    const probe = database.db.collection<{ _id: string; value: number; state?: string }>('probe');
    expect((await probe.updateOne({ _id: 'doc-43', value: 999 }, { $set: { state: 'x' } })).matchedCount).toBe(0);
    expect((await probe.updateOne({ _id: 'doc-43', value: 43 }, { $set: { state: 'x' } })).modifiedCount).toBe(1);
    expect(await probe.findOne({ _id: 'doc-43' })).toEqual({ _id: 'doc-43', value: 43, state: 'x' });
  });
});
