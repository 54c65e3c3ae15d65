/** Zod issues turned into `field: reason` lines, and the error the data layer throws for bad input or documents. */
import type { z } from 'zod';

/** One problem with one field, e.g. `{ field: 'shipTo.postalCode', reason: 'Required' }`. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** Maps zod issues to `field: reason` pairs (the root is called `(document)`). */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(document)',
    reason: issue.message,
  }));
}

/** Input or a stored document failed validation; the message lists every `field: reason`. Not worth retrying. */
export class DataValidationError extends Error {
  override readonly name = 'DataValidationError';
  constructor(
    readonly subject: string,
    readonly problems: FieldProblem[],
  ) {
    super(`${subject} is invalid: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
  }
}

/** Parses `value` with `schema`, throwing a `DataValidationError` that names `subject` and each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new DataValidationError(subject, fieldProblems(result.error));
  return result.data;
}
