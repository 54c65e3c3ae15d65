/** Deterministic Message-IDs: the same (claim, kind, sequence) always yields the same id, on every attempt. */
import { createHash } from 'node:crypto';

/** The exactly-once key of a customer email. */
export interface EmailKey {
  claimId: string;
  kind: string;
  sequence: number;
}

/** The outbox document id of an email: `claimId:kind:sequence`. */
export function outboxId(key: EmailKey): string {
  return `${key.claimId}:${key.kind}:${key.sequence}`;
}

/** `<claimId.kind.sequence@domain>`; a claim id with characters not allowed in a Message-ID is replaced by its hash. */
export function deterministicMessageId(key: EmailKey, domain: string): string {
  const claimPart = /^[A-Za-z0-9_-]{1,64}$/.test(key.claimId)
    ? key.claimId
    : `h${createHash('sha256').update(key.claimId).digest('hex').slice(0, 32)}`;
  return `<${claimPart}.${key.kind}.${key.sequence}@${domain}>`;
}
