/**
 * The API's parser for `application/json` bodies: JSON.parse, then the shape limits (schemas/json-shape.ts: nesting
 * depth, `__proto__`/`constructor` keys). Every refusal is a 400 that names the field and the reason.
 */
import type { FastifyRequest } from 'fastify';
import { jsonShapeProblem } from '../../schemas/json-shape';
import { HttpError } from './errors';

/** Fastify content-type parser (`parseAs: 'string'`). */
export function parseJsonBody(_request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void {
  const text = String(body);
  if (text.trim() === '') {
    done(new HttpError(400, 'invalid body: empty; send a JSON document', [{ field: '(body)', message: 'is empty' }]));
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = `not valid JSON (${(error as Error).message})`;
    done(new HttpError(400, `invalid body: ${reason}`, [{ field: '(body)', message: reason }]));
    return;
  }
  const problem = jsonShapeProblem(value);
  if (problem) {
    done(new HttpError(400, `invalid body (JSON): ${problem.field}: ${problem.message}`, [problem]));
    return;
  }
  done(null, value);
}
