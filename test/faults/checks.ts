/**
 * The fault suite's verdicts, per claim: the expected terminal status, exactly one label per leg of a shipped claim
 * at the sandbox (and every label of a cancelled claim refunded), no email twice at the SMTP server, every email the
 * outbox marks sent actually in the mailbox, and the read model agreeing with the workflow's final state.
 */
import type { Db } from 'mongodb';
import { findClaim } from '../../data/claims';
import { EMAIL_OUTBOX_COLLECTION } from '../../notifications/indexes';
import { EmailOutbox } from '../../notifications/outbox';
import { settledEmail } from '../../activities/emails';
import type { MailboxMessage } from '../../sandbox/smtp/mailbox';
import type { Wire } from '../../sandbox/shippo/objects';
import { expectedStatus, type DrivenClaim } from './driver';

/** The customer emails (kind:sequence) each scenario sends, each exactly once. */
const expectedEmails: Record<DrivenClaim['scenario'], string[]> = {
  returned: ['claim-received:1', 'replacement-shipped:1', 'replacement-delivered:1', 'claim-closed-returned:1'],
  cancelled: ['claim-received:1', 'claim-cancelled:1'],
  unreturned: ['claim-received:1', 'replacement-shipped:1', 'replacement-delivered:1', 'return-reminder:1', 'return-reminder:2', 'return-overdue:1', 'claim-closed-unreturned:1'],
};

/** One claim's verdict: the problems found (none = passed). */
export interface ClaimVerdict {
  claim: DrivenClaim;
  problems: string[];
}

/** What the checks read from the world once every fault has stopped. */
export interface Evidence {
  db: Db;
  labels: Wire[];
  refunds: Wire[];
  mails: MailboxMessage[];
}

/** Checks every claim; also returns the mailbox-wide duplicate Message-IDs. */
export async function checkClaims(claims: DrivenClaim[], evidence: Evidence): Promise<{ verdicts: ClaimVerdict[]; unconfirmedEmails: number }> {
  const mailsById = new Map<string, number>();
  for (const mail of evidence.mails) if (mail.messageId) mailsById.set(mail.messageId, (mailsById.get(mail.messageId) ?? 0) + 1);
  const refunded = new Set(evidence.refunds.map((refund) => String(refund.transaction)));
  const records = await evidence.db.collection(EMAIL_OUTBOX_COLLECTION).find({}).toArray();
  // The authoritative state of each email (an attempt's outcome may live beside the record, or on its claim's timeline).
  const reader = new EmailOutbox(evidence.db);
  const outbox = await Promise.all(records.map(async (record) => (await settledEmail(evidence.db, reader, String(record._id))) ?? record));
  let unconfirmedEmails = 0;
  const verdicts: ClaimVerdict[] = [];
  for (const claim of claims) {
    const problems: string[] = [];
    const final = claim.final;
    if (claim.error || !final) problems.push(`driver: ${claim.error ?? 'no final state'}`);
    else {
      if (final.status !== expectedStatus[claim.scenario]) problems.push(`status ${final.status}, expected ${expectedStatus[claim.scenario]}`);
      for (const leg of ['outbound', 'return'] as const) {
        const bought = evidence.labels.filter((label) => label.metadata === `${final.claimId}:${leg}`);
        if (claim.scenario === 'cancelled') {
          const unrefunded = bought.filter((label) => !refunded.has(String(label.object_id)));
          if (bought.length > 1) problems.push(`${leg}: ${bought.length} labels bought`);
          if (unrefunded.length > 0) problems.push(`${leg}: ${unrefunded.length} label(s) of a cancelled claim not refunded`);
        } else {
          if (bought.length !== 1) problems.push(`${leg}: ${bought.length} labels at the sandbox, expected exactly 1`);
          else if (bought[0]!.tracking_number !== final.legs[leg].label?.trackingNumber) problems.push(`${leg}: the claim's label is not the one bought`);
        }
      }
      const emails = outbox.filter((record) => record.claimId === final.claimId);
      for (const email of emails) {
        const copies = mailsById.get(String(email.messageId)) ?? 0;
        if (copies > 1) problems.push(`email ${email._id}: ${copies} copies at the SMTP server`);
        if (email.state === 'sent' && copies === 0) problems.push(`email ${email._id}: outbox says sent, mailbox has none`);
        if (email.state === 'unconfirmed') unconfirmedEmails += 1;
        if (email.state === 'pending' || email.state === 'sending') problems.push(`email ${email._id}: still ${email.state}`);
      }
      const kinds = emails.map((email) => `${email.kind}:${email.sequence}`).sort().join(' ');
      const wanted = [...expectedEmails[claim.scenario]].sort().join(' ');
      if (kinds !== wanted) problems.push(`outbox emails [${kinds}], expected [${wanted}]`);
      const stored = await findClaim(evidence.db, final.claimId);
      if (!stored) problems.push('read model: claim missing');
      else {
        if (stored.status !== final.status) problems.push(`read model status ${stored.status}, workflow ${final.status}`);
        for (const leg of ['outbound', 'return'] as const) {
          if (stored.legs[leg]?.trackingNumber !== final.legs[leg].label?.trackingNumber) problems.push(`read model ${leg} label differs from the workflow's`);
        }
        if ((stored.replacementMac ?? null) !== (final.replacementMac ?? null)) problems.push(`read model replacement MAC ${stored.replacementMac}, workflow ${final.replacementMac}`);
      }
    }
    verdicts.push({ claim, problems });
  }
  const duplicates = [...mailsById.entries()].filter(([, copies]) => copies > 1);
  if (duplicates.length > 0 && verdicts[0]) verdicts[0].problems.push(`mailbox: ${duplicates.length} Message-ID(s) received more than once`);
  return { verdicts, unconfirmedEmails };
}
