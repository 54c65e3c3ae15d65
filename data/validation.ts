/** Zod issues turned into `field: reason` lines, and the error the data layer throws for bad input or documents. */
import type { z } from 'zod';
import { fieldProblems, type FieldProblem } from '../schemas/issues';

export type { FieldProblem } from '../schemas/issues';

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
  if (!result.success) throw new DataValidationError(subject, fieldProblems(result.error.issues, '(document)'));
  return result.data;
}
