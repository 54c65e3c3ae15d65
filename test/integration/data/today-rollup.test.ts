/**
 * Today's figures on the real FerretDB: each read folds only what was filed since the last one (a read with nothing
 * new costs the list's counter and one probe), a claim filed twice counts once, and an entry past a gap (an append
 * under way) is counted at once and kept once the gap is filled.
 */
import { claimListKeys, claimLists } from '../../../data/claim-index';
import { dayFigures } from '../../../data/claim-rollups';
import { collection, collectionNames } from '../../../data/collections';
import type { ClaimSummary } from '../../../data/schemas/claim';
import { slotId } from '../../../storage/numbered-list';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { filtersSentTo } from './support';

let test$: TestDatabase;
const today = new Date().toISOString().slice(0, 10);
const list = claimListKeys.closedOn(today);
const finished = (claimId: string): ClaimSummary => ({
  claimId, status: 'closed', mac: '00:15:65:AB:CD:EF', extension: '101', accountId: 'A', email: 'a@b.example', model: 'yealink-t54w',
  openedAt: `${today}T00:00:00.000Z`, closedAt: `${today}T01:00:00.000Z`, handedOverAt: `${today}T00:30:00.000Z`, fault: 'defect',
});
const claimsToday = async () => (await dayFigures(test$.db, today, today)).claims;

beforeAll(async () => {
  test$ = await openTestDatabase();
});
afterAll(async () => test$?.close());

describe("today's figures", () => {
  it('fold what was filed since the last read, each claim once', async () => {
    const lists = claimLists(test$.db);
    for (const id of ['T-1', 'T-2', 'T-3']) await lists.append(list, id, finished(id));
    expect(await claimsToday()).toBe(3);
    await lists.append(list, 'T-2', finished('T-2')); // a retried projection files it again
    await lists.append(list, 'T-4', finished('T-4'));
    expect(await claimsToday()).toBe(4);
    const filters = await filtersSentTo(test$.db, test$.uri, collectionNames.claimIndex, async (db) => {
      expect((await dayFigures(db, today, today)).claims).toBe(4);
    });
    expect(filters.length).toBeLessThanOrEqual(2);
  });

  it('count an entry past a gap at once, and keep it once the gap is filled', async () => {
    const index = collection(test$.db, collectionNames.claimIndex);
    const top = await claimLists(test$.db).top(list);
    await index.updateOne({ _id: list }, { $set: { top: top + 2 } }); // two appends took numbers; the later one landed first
    await index.insertOne({ _id: slotId(list, top + 2), list, n: top + 2, itemId: 'T-6', item: finished('T-6') });
    expect(await claimsToday()).toBe(5);
    expect(await claimsToday()).toBe(5);
    await index.insertOne({ _id: slotId(list, top + 1), list, n: top + 1, itemId: 'T-5', item: finished('T-5') });
    expect(await claimsToday()).toBe(6);
    expect(await claimsToday()).toBe(6);
  });
});
