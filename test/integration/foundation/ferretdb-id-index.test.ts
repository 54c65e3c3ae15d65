/**
 * The embedded database answers lookups and updates by `_id` through its index (scripts/lib/ferretdb/id-index.patch),
 * one `_id` or several (`$in`, id-in-pushdown.patch): the query plan the server reports uses the `_id` index instead
 * of scanning the table.
 */
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

/** The plan lines of `explain` on FerretDB (`queryPlanner.Plan`), or MongoDB's winning plan as text. */
async function planOf(database: TestDatabase, filter: Record<string, unknown>): Promise<string> {
  const explained = await database.db.command({ explain: { find: 'probe', filter } });
  const planner = explained.queryPlanner as { Plan?: string[]; winningPlan?: unknown };
  return planner.Plan ? planner.Plan.join('\n') : JSON.stringify(planner.winningPlan);
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
    const build = await database.db.admin().command({ buildInfo: 1 });
    const plan = await planOf(database, { _id: 'doc-42' });
    if (build.ferretdb) expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    else expect(plan).not.toMatch(/COLLSCAN/);
    expect(await database.db.collection('probe').findOne({ _id: 'doc-42' as never })).toEqual({ _id: 'doc-42', value: 42 });
  });

  it('finds several documents by _id: {$in} through the _id index, and only them', async () => {
    const build = await database.db.admin().command({ buildInfo: 1 });
    const plan = await planOf(database, { _id: { $in: ['doc-7', 'doc-150', 'doc-missing'] } });
    if (build.ferretdb) expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    else expect(plan).not.toMatch(/COLLSCAN/);
    const found = await database.db.collection('probe').find({ _id: { $in: ['doc-7', 'doc-150', 'doc-missing'] as never[] } }).sort({ value: 1 }).toArray();
    expect(found).toEqual([{ _id: 'doc-7', value: 7 }, { _id: 'doc-150', value: 150 }]);
  });

  it('still filters the rest of the query itself when _id: {$in} is combined with other conditions', async () => {
    const found = await database.db.collection('probe').find({ _id: { $in: ['doc-7', 'doc-8'] as never[] }, value: { $gt: 7 } }).toArray();
    expect(found).toEqual([{ _id: 'doc-8', value: 8 }]);
  });
});
