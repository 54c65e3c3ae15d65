/** The one way a validation problem is told: `field: reason`, from zod issues, with the field as a dotted path. */

/** The parts of a zod (classic or mini) issue read here. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  expected?: unknown;
  values?: unknown[];
}

/** One problem with one field, e.g. `{ field: 'shipTo.postalCode', reason: 'must be a postal code …' }`. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * The reason of an issue: the schema's own message, except zod's defaults, which are rephrased from the issue's
 * code (a missing field `is required`, a value outside a list `must be one of …`), so the text does not depend on
 * which zod locale is loaded.
 */
function reasonOf(issue: IssueLike): string {
  const zodDefault = /^Invalid (input|option)/.test(issue.message);
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  if (issue.code === 'invalid_value' && issue.values && zodDefault) return `must be one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.expected && zodDefault) return `expected ${String(issue.expected)}`;
  return issue.message || 'invalid';
}

/** Each issue as `{ field, reason }`; the whole value's field is `root` (e.g. `(body)`, `(document)`). */
export function fieldProblems(issues: ReadonlyArray<IssueLike>, root: string): FieldProblem[] {
  return issues.map((issue) => ({ field: issue.path.length ? issue.path.map(String).join('.') : root, reason: reasonOf(issue) }));
}

/** Each issue as one `field: reason` line. */
export function formatIssues(issues: ReadonlyArray<IssueLike>, root = '(body)'): string[] {
  return fieldProblems(issues, root).map(({ field, reason }) => `${field}: ${reason}`);
}
