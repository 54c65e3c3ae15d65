/**
 * The customer emails of a seeded claim as the outbox keeps them once sent (notifications/outbox.ts): the record
 * under its exactly-once key with a deterministic Message-ID, the template's subject and a compact body, sent by the
 * attempt its own insert claimed (`firstAttemptInRecord`, outcome `sent`).
 */
import type { ClaimDoc } from '../../../data/schemas/claim';
import type { EmailKind } from '../../../domain/types';
import { deterministicMessageId, outboxId } from '../../../notifications/message-id';
import type { OutboxRecord } from '../../../notifications/outbox';
import { escapeHtml } from '../../../notifications/templates/layout';
import type { StoryEmail } from './story';

/** What the customer reads first, per kind (the templates' subjects, notifications/templates). */
const SUBJECTS: Record<EmailKind, (claim: ClaimDoc) => string> = {
  'claim-received': (claim) => `We received your replacement request (claim ${claim.claimId})`,
  'claim-denied': (claim) => `Your replacement request was not approved (claim ${claim.claimId})`,
  'claim-under-review': (claim) => `Your replacement request is being reviewed (claim ${claim.claimId})`,
  'replacement-shipped': (claim) => `Your replacement has shipped: ${claim.legs.outbound?.carrier} ${claim.legs.outbound?.trackingNumber}`,
  'replacement-delivered': (claim) => `Your replacement was delivered (claim ${claim.claimId})`,
  'return-reminder': (claim) => `Reminder: please return your defective device (claim ${claim.claimId})`,
  'return-overdue': (claim) => `Your defective device is overdue (claim ${claim.claimId})`,
  'claim-closed-returned': (claim) => `We received your device: claim ${claim.claimId} is closed`,
  'claim-closed-unreturned': (claim) => `Claim ${claim.claimId} closed: defective device not returned`,
  'claim-cancelled': (claim) => `Your replacement request was cancelled (claim ${claim.claimId})`,
};

/** The sent outbox record of one email of the claim. */
export function emailOf(claim: ClaimDoc, email: StoryEmail, messageIdDomain: string): OutboxRecord {
  const key = { claimId: claim.claimId, kind: email.kind, sequence: email.sequence };
  const id = outboxId(key);
  const subject = SUBJECTS[email.kind](claim);
  const sentAt = new Date(email.at + 150);
  return {
    _id: id, ...key, to: claim.email, messageId: deterministicMessageId(key, messageIdDomain), subject,
    text: `Hello ${claim.contact.name},\n\n${subject}.\n\nSpectrumVoIP Replacements`,
    html: `<p>Hello ${escapeHtml(claim.contact.name)},</p><p>${escapeHtml(subject)}.</p>`,
    state: 'sent', attempts: 1, firstAttemptInRecord: true, firstOutcome: 'sent', createdAt: new Date(email.at), sendingSince: new Date(email.at),
    updatedAt: sentAt, sentAt, smtpResponse: `250 Message stored as ${id}.eml`,
  };
}
