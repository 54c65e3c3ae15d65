/** MongoDB indexes of the notifications module (applied by the data migration). */
import type { IndexSpec } from '../storage/index-spec';

/** The email outbox collection: one document per (claimId, kind, sequence). */
export const EMAIL_OUTBOX_COLLECTION = 'email_outbox';

/** One document per claimed attempt at handing an email to SMTP; its unique `_id` insert is the claim. */
export const EMAIL_SEND_ATTEMPTS_COLLECTION = 'email_send_attempts';

/**
 * Indexes the email outbox needs: the exactly-once key, support's "emails of this claim" lookup by state, and the
 * latest send attempt of an email (the claim itself is arbitrated by the attempt's unique `_id`).
 */
export const notificationIndexes: IndexSpec[] = [
  {
    collection: EMAIL_OUTBOX_COLLECTION,
    key: { claimId: 1, kind: 1, sequence: 1 },
    name: 'email_outbox_claim_kind_sequence_unique',
    unique: true,
  },
  { collection: EMAIL_OUTBOX_COLLECTION, key: { state: 1, updatedAt: 1 }, name: 'email_outbox_state_updated' },
  { collection: EMAIL_SEND_ATTEMPTS_COLLECTION, key: { outboxId: 1, attemptNo: -1 }, name: 'email_send_attempts_outbox_attempt' },
];
