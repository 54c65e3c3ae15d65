/**
 * The embedded database answers lookups and updates by `_id` through its index (scripts/lib/ferretdb/id-index.patch):
 * the query plan the server reports for a find by `_id` uses the `_id` index instead of scanning the table.
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
});
