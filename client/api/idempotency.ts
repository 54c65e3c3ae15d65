/**
 * `Idempotency-Key` for the human steps, Stripe's rule: the first request with a key records what it asked (operation,
 * claim and body, as a digest); a retry with the same key and the same request gets the first answer (the Update id is
 * derived from the key, so Temporal applies it once), and the same key with a different request is refused with 422.
 * One document per key in `api_idempotency_keys`, keyed by the key itself (`_id`): its insert is the arbiter.
 */
import type { Db } from 'mongodb';
import { createHash } from 'node:crypto';
import { HttpError } from './errors';

/** The collection recording each key's first request. */
export const IDEMPOTENCY_KEYS = 'api_idempotency_keys';

interface KeyDocument {
  _id: string;
  digest: string;
  operation: string;
  claimId: string;
  firstSeenAt: Date;
}

/** JSON with object keys sorted, so equal requests give equal digests whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Records `key` for this request, or checks it is the request the key was first used for; 422 when it is not. */
export async function claimIdempotencyKey(db: Db, key: string, request: { operation: string; claimId: string; input: unknown }, now: Date): Promise<void> {
  const keys = db.collection<KeyDocument>(IDEMPOTENCY_KEYS);
  const digest = createHash('sha256').update(canonical(request)).digest('hex');
  try {
    await keys.insertOne({ _id: key, digest, operation: request.operation, claimId: request.claimId, firstSeenAt: now });
    return;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const first = await keys.findOne({ _id: key });
  if (first && first.digest === digest) return;
  const message = `was already used for another request${first ? ` (${first.operation} on claim ${first.claimId}, first at ${first.firstSeenAt.toISOString()})` : ''}; send a new key for a new request`;
  throw new HttpError(422, `Idempotency-Key "${key}" ${message}`, [{ field: 'Idempotency-Key', message }]);
}
