/** Checks query filters against index specs: a query is served when an index's first field is one it matches by equality. */
import type { Document } from 'mongodb';
import type { IndexSpec } from '../storage/index-spec';
import type { QueryShape } from './queries';

/** Top-level fields of `filter` compared by equality (a plain value, `{ $eq: value }` or `{ $in: [values] }`). */
export function equalityFields(filter: Document): string[] {
  return Object.entries(filter)
    .filter(([field, value]) => !field.startsWith('$') && isEqualityValue(value))
    .map(([field]) => field);
}

function isEqualityValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return true;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return true;
  return keys.length === 1 && (keys[0] === '$eq' || keys[0] === '$in');
}

/** The index that serves `query`, if any: same collection, first key field compared by equality (`_id` always is). */
export function servingIndex(query: QueryShape, specs: readonly IndexSpec[]): IndexSpec | undefined {
  const fields = new Set(equalityFields(query.filter));
  const idIndex: IndexSpec = { collection: String(query.collection), key: { _id: 1 }, name: '_id_', unique: true };
  return [idIndex, ...specs].find((spec) => spec.collection === query.collection && fields.has(Object.keys(spec.key)[0] ?? ''));
}

/** The queries that no index serves (an empty list means every query can use an index); working-set reads need none. */
export function unindexedQueries(queries: readonly QueryShape[], specs: readonly IndexSpec[]): QueryShape[] {
  return queries.filter((query) => !query.workingSet && servingIndex(query, specs) === undefined);
}
