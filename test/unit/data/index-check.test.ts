/** Every query the data layer makes starts with an indexed field compared by equality. */
import { allIndexSpecs } from '../../../activities/database';
import { dataIndexes } from '../../../data/indexes';
import { equalityFields, servingIndex, unindexedQueries } from '../../../data/index-check';
import { productQueries } from '../../../data/queries';

describe('the product queries against the index specs', () => {
  it('finds an index for every query in data/queries.ts', () => {
    const missing = unindexedQueries(productQueries, allIndexSpecs()).map((q) => `${q.name} on ${q.collection}`);
    expect(missing).toEqual([]);
    expect(productQueries.length).toBeGreaterThan(20);
  });

  it('names each query once', () => {
    expect(new Set(productQueries.map((q) => q.name)).size).toBe(productQueries.length);
  });

  it('has unique index names per collection and includes the carrier and notification indexes', () => {
    const specs = allIndexSpecs();
    expect(new Set(specs.map((s) => `${s.collection}.${s.name}`)).size).toBe(specs.length);
    expect(specs.length).toBeGreaterThan(dataIndexes.length);
    expect(specs.map((s) => s.collection)).toEqual(expect.arrayContaining(['tracking_events', 'email_outbox', 'label_purchases']));
  });
});

describe('the checker itself', () => {
  const specs = [{ collection: 'things', key: { a: 1, b: 1 } as Record<string, 1 | -1>, name: 'a_b' }];

  it('counts plain values, $eq and $in as equality, not $ne or ranges', () => {
    expect(equalityFields({ a: 1, b: { $eq: 2 }, c: { $ne: 3 }, d: { $in: [1] }, e: { $gt: 1 }, f: null, g: { nested: 1 } }))
      .toEqual(['a', 'b', 'd', 'f', 'g']);
  });

  it('reports a query on a non-leading field, a non-equality match and another collection as unindexed', () => {
    const queries = [
      { name: 'ok', collection: 'things', filter: { a: 'x', z: { $gt: 1 } } },
      { name: 'second-field', collection: 'things', filter: { b: 'x' } },
      { name: 'range', collection: 'things', filter: { a: { $gte: 'x' } } },
      { name: 'other', collection: 'others', filter: { a: 'x' } },
    ];
    expect(unindexedQueries(queries, specs).map((q) => q.name)).toEqual(['second-field', 'range', 'other']);
    expect(servingIndex(queries[0]!, specs)?.name).toBe('a_b');
  });
});
