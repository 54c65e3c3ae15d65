/** Boundary validation helpers: zod issues as `field: reason`, and null stripping for Shippo payloads. */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../domain/failures';

/** The parts of a zod (classic or mini) issue this module reads. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  expected?: unknown;
  values?: unknown[];
}

function reason(issue: IssueLike): string {
  // Derived from the issue code so the text does not depend on which zod locale happens to be loaded.
  if (issue.code === 'invalid_value' && issue.values) return `must be one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.expected) return `expected ${String(issue.expected)}`;
  return issue.message || 'invalid';
}

/** `a.b[0].c: reason; …` for every issue (the field `(root)` when the whole value is wrong). */
export function formatIssues(issues: ReadonlyArray<IssueLike>): string {
  return issues
    .map((issue) => {
      const field = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
      return `${field || '(root)'}: ${reason(issue)}`;
    })
    .join('; ');
}

/** Throws a non-retryable `InvalidData` failure naming every bad field. */
export function invalidData(what: string, issues: ReadonlyArray<IssueLike>): never {
  throw ApplicationFailure.nonRetryable(`${what} is invalid: ${formatIssues(issues)}`, FailureTypes.InvalidData);
}

/** A deep copy without `null` values (object keys dropped, array items kept), as the Shippo SDK does to responses. */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(stripNulls);
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) copy[key] = stripNulls(item);
    return copy;
  }
  return value;
}
