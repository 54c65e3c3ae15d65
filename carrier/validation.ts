/** Boundary validation helpers: a typed failure naming every bad field, and null stripping for Shippo payloads. */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../domain/failures';
import { formatIssues, type IssueLike } from '../schemas/issues';

/** Throws a non-retryable `InvalidData` failure naming every bad field. */
export function invalidData(what: string, issues: ReadonlyArray<IssueLike>): never {
  throw ApplicationFailure.nonRetryable(`${what} is invalid: ${formatIssues(issues, '(root)').join('; ')}`, FailureTypes.InvalidData);
}

/**
 * A deep copy without `null` values (object keys dropped, array items kept), as the Shippo SDK does to responses.
 * Iterative, so a deeply nested payload cannot exhaust the stack; keys are defined as own data properties (a
 * `__proto__` key stays a key and never becomes the copy's prototype).
 */
export function stripNulls(value: unknown): unknown {
  const isContainer = (item: unknown): item is object => typeof item === 'object' && item !== null;
  const emptyCopyOf = (item: unknown): unknown => (Array.isArray(item) ? [] : isContainer(item) ? {} : item);
  const root = emptyCopyOf(value);
  const pending: Array<[object, Record<string, unknown>]> = isContainer(value) ? [[value, root as Record<string, unknown>]] : [];
  while (pending.length) {
    const [source, copy] = pending.pop()!;
    const entries = Array.isArray(source) ? source.filter((item) => item !== null).map((item, index) => [String(index), item] as const) : Object.entries(source);
    for (const [key, item] of entries) {
      if (item === null) continue;
      const itemCopy = emptyCopyOf(item);
      Object.defineProperty(copy, key, { value: itemCopy, enumerable: true, writable: true, configurable: true });
      if (isContainer(item)) pending.push([item, itemCopy as Record<string, unknown>]);
    }
  }
  return root;
}
