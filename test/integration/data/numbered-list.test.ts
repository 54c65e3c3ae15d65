/** Numbered lists on the real FerretDB: bulk appends and batched appends continue a list where single appends left it, and hand back to them. */
import { MongoClient } from 'mongodb';
import { numberedLists } from '../../../storage/numbered-list';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

let test$: TestDatabase;
beforeAll(async () => {
  test$ = await openTestDatabase();
});
const others: MongoClient[] = [];
afterAll(async () => {
  for (const client of others) await client.close();
  await test$?.close();
});

/** The same database through a client of its own: what another process appending to the lists would see. */
async function otherProcessDb() {
  const client = await MongoClient.connect(test$.uri);
  others.push(client);
  return client.db(test$.db.databaseName);
}

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

describe('appending one item to several lists at once', () => {
  it('costs one command, numbers each list after what it holds, and single appends go on after it', async () => {
    const monitored = await MongoClient.connect(test$.uri, { monitorCommands: true });
    const commands: string[] = [];
    monitored.on('commandStarted', (event) => commands.push(event.commandName));
    const lists = numberedLists<string>(monitored.db(test$.db.databaseName), 'each');
    await lists.append('opened', 'c0', 'c0');
    commands.length = 0;
    const numbers = await lists.appendToEach([{ list: 'opened', itemId: 'c1', item: 'c1' }, { list: 'mac:1', itemId: 'c1', item: 'c1' }, { list: 'email:x', itemId: 'c1', item: 'c1' }]);
    const spent = [...commands];
    await monitored.close();
    expect(numbers).toEqual([2, 1, 1]);
    expect(spent).toEqual(['update']);
    const same = numberedLists<string>(test$.db, 'each');
    expect(await same.append('opened', 'c2', 'c2')).toBe(3);
    expect((await same.newest('mac:1', { limit: 5 })).entries.map((entry) => entry.itemId)).toEqual(['c1']);
  });

  it('reads the counters when another process numbered the lists meanwhile, and leaves no gap', async () => {
    const ours = numberedLists<string>(test$.db, 'shared');
    const theirs = numberedLists<string>(await otherProcessDb(), 'shared');
    expect(await ours.appendToEach([{ list: 'status:closed', itemId: 'a', item: 'a' }, { list: 'mac:A', itemId: 'a', item: 'a' }])).toEqual([1, 1]);
    expect(await theirs.appendToEach([{ list: 'status:closed', itemId: 'b', item: 'b' }, { list: 'mac:A', itemId: 'b', item: 'b' }])).toEqual([2, 2]);
    expect(await theirs.appendToEach([{ list: 'status:closed', itemId: 'c', item: 'c' }])).toEqual([3]);
    expect(await ours.appendToEach([{ list: 'status:closed', itemId: 'd', item: 'd' }, { list: 'mac:A', itemId: 'd', item: 'd' }])).toEqual([4, 3]);
    expect((await ours.newest('status:closed', { limit: 10 })).entries.map((entry) => entry.n)).toEqual([4, 3, 2, 1]);
    expect(await ours.top('mac:A')).toBe(3);
  });

  it('loses no entry and repeats no number when many claims file under the same lists at once', async () => {
    const lists = numberedLists<string>(test$.db, 'racing');
    const claims = Array.from({ length: 24 }, (_, i) => `c${i}`);
    const numbers = await Promise.all(claims.map((claim, i) => lists.appendToEach([
      { list: 'opened', itemId: claim, item: claim }, { list: `email:${i % 3}`, itemId: claim, item: claim }, { list: `mac:${claim}`, itemId: claim, item: claim },
    ])));
    expect(new Set(numbers.map((each) => each[0])).size).toBe(claims.length);
    const opened = await lists.newest('opened', { limit: 50 });
    expect(opened.entries.map((entry) => entry.itemId).sort()).toEqual([...claims].sort());
    for (let group = 0; group < 3; group++) {
      const members = claims.filter((_, i) => i % 3 === group).sort();
      expect((await lists.newest(`email:${group}`, { limit: 50 })).entries.map((entry) => entry.itemId).sort()).toEqual(members);
    }
    expect(await lists.top('opened')).toBe(claims.length);
  });

  it('refuses two entries for one list (one item per list per call)', async () => {
    const lists = numberedLists<string>(test$.db, 'twice');
    await expect(lists.appendToEach([{ list: 'a', itemId: '1', item: '1' }, { list: 'a', itemId: '2', item: '2' }])).rejects.toThrow('one entry per list');
  });
});
