/** The API's error contract: `{ error, fields? }` with 400/401/403/404/409/413/429, and the mapping of known failures. */
import { fieldProblems } from '../../schemas/issues';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { z } from 'zod';
import { DataValidationError } from '../../data/validation';

/** One bad field and why. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: string;
  fields?: FieldError[];
}

/** An error with its HTTP status and a body safe to show the caller. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly fields?: FieldError[]) {
    super(message);
  }

  /** The response body. */
  body(): ErrorBody {
    return this.fields ? { error: this.message, fields: this.fields } : { error: this.message };
  }
}

/** 400 from zod issues, one `{ field, message }` per problem (the root is `(body)`). */
export function invalidInput(error: z.ZodError, where = 'body'): HttpError {
  const fields = fieldProblems(error.issues, `(${where})`).map(({ field, reason }) => ({ field, message: reason }));
  return new HttpError(400, `invalid ${where}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
}

/** 404 naming what was not found. */
export const notFound = (what: string): HttpError => new HttpError(404, `${what} not found`);

/** 409 for a transition the claim or task cannot make now. */
export const conflict = (message: string): HttpError => new HttpError(409, message);

/**
 * Maps failures of the data layer and Temporal to the contract: bad input → 400 (per field), an Update validator's
 * or handler's refusal → 409 with its message, a finished workflow → 409. Anything else is left as is (a 500).
 */
export function toHttpError(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  if (error instanceof DataValidationError) {
    const fields = error.problems.map((p) => ({ field: p.field, message: p.reason }));
    return new HttpError(400, `invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause as { message?: string } | undefined;
    return conflict(cause?.message || error.message);
  }
  if (error instanceof WorkflowNotFoundError) return conflict('the claim is finished: its workflow no longer accepts changes');
  return error;
}

/**
 * Whatever was thrown while handling a request, as the error the caller gets: the contract's errors as they are,
 * Fastify's and the plugins' 4xx with their status and message, anything else as 500 (reported through
 * `logInternal`). Never throws, whatever the thrown value is.
 */
export function httpErrorOf(error: unknown, bodyLimitBytes: number, logInternal: (message: string) => void): HttpError {
  try {
    const mapped = toHttpError(error);
    if (mapped instanceof HttpError) return mapped;
    const { statusCode: status, message } = (error ?? {}) as { statusCode?: number; message?: unknown };
    if (status === 413) return new HttpError(413, `body too large (limit ${bodyLimitBytes} bytes)`);
    if (status && status >= 400 && status < 500) return new HttpError(status, String(message));
    logInternal(String(message ?? error));
  } catch (failure) {
    logInternal(`an error that could not be read (${String((failure as Error)?.message)})`);
  }
  return new HttpError(500, 'internal error; it was logged');
}
