/** MongoDB indexes of the notifications module (applied by the data migration). */
import type { IndexSpec } from '../data/index-spec';

/** The email outbox collection: one document per (claimId, kind, sequence). */
export const EMAIL_OUTBOX_COLLECTION = 'email_outbox';

/** Indexes the email outbox needs: the exactly-once key, and support's "emails of this claim" lookup by state. */
export const notificationIndexes: IndexSpec[] = [
  {
    collection: EMAIL_OUTBOX_COLLECTION,
    key: { claimId: 1, kind: 1, sequence: 1 },
    name: 'email_outbox_claim_kind_sequence_unique',
    unique: true,
  },
  { collection: EMAIL_OUTBOX_COLLECTION, key: { state: 1, updatedAt: 1 }, name: 'email_outbox_state_updated' },
];
