/** Numbered lists on the real FerretDB: bulk appends continue a list where single appends left it, and hand back to them. */
import { numberedLists } from '../../../storage/numbered-list';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

let test$: TestDatabase;
beforeAll(async () => {
  test$ = await openTestDatabase();
});
afterAll(async () => test$?.close());

describe('a bulk append', () => {
  it('numbers entries after what a list holds, in the order given, and single appends go on after it', async () => {
    const lists = numberedLists<{ label: string }>(test$.db, 'lists');
    await lists.append('a', 'a1', { label: 'a1' });
    await lists.append('a', 'a2', { label: 'a2' });
    const bulk = lists.bulkAppender();
    await bulk.append([{ list: 'a', itemId: 'a3', item: { label: 'a3' } }, { list: 'b', itemId: 'b1', item: { label: 'b1' } }]);
    await bulk.append([{ list: 'a', itemId: 'a4', item: { label: 'a4' } }]);
    expect(await bulk.finish()).toBe(2);
    expect([await lists.top('a'), await lists.top('b')]).toEqual([4, 1]);
    expect(await lists.append('a', 'a5', { label: 'a5' })).toBe(5);
    expect((await lists.newest('a', { limit: 10 })).entries.map((entry) => [entry.n, entry.itemId])).toEqual([[5, 'a5'], [4, 'a4'], [3, 'a3'], [2, 'a2'], [1, 'a1']]);
    expect((await lists.all('b')).map((entry) => entry.item.label)).toEqual(['b1']);
  });

  it('with emptyLists, reads nothing and starts every list at 1', async () => {
    const lists = numberedLists<string>(test$.db, 'fresh');
    const bulk = lists.bulkAppender({ emptyLists: true });
    await bulk.append([{ list: 'x', itemId: '1', item: 'one' }, { list: 'x', itemId: '2', item: 'two' }]);
    await bulk.finish();
    expect((await lists.newest('x', { limit: 5 })).entries.map((entry) => entry.item)).toEqual(['two', 'one']);
    expect(await lists.append('x', '3', 'three')).toBe(3);
  });
});
