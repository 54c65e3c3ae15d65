/**
 * `sendCustomerEmail`: one customer email, exactly once per (claimId, kind, sequence).
 *
 * The outbox record is written before the send and claims the first attempt; each later attempt is claimed by
 * inserting a unique attempt document (`outboxId#n`) before the message is handed to SMTP, so overlapping attempts (a
 * Temporal retry after a timeout while the first still runs, two workers) never both send: the one whose insert
 * lands sends; the others report what it did.
 * - accepted → `sent`; a later attempt returns `already-sent` without sending. A claim that keeps the outcome itself
 *   (`outcomeOnClaim`, the `email-outcomes-on-claim` patch) records the first attempt's `sent` on its timeline, so that
 *   attempt writes nothing after the send (one command per email); a later attempt reads the claim's entry instead.
 * - surely not sent (no connection, 4xx) → back to `pending` and a retryable error: the next attempt sends.
 * - refused with 5xx → `rejected`, result `{ status: 'rejected', reason }` for the claim's timeline.
 * - ambiguous (the process died after handing the message over, or the link broke without a reply, or another
 *   attempt is still sending): the latest attempt has no outcome or an unknown one. We do NOT resend: it becomes `unconfirmed` and the result says so. This window is
 *   at-most-once on purpose: SMTP gives no way to ask a server whether it took a message, and in that window the
 *   server usually did (the message is fully transmitted before the reply), so resending would mostly duplicate the
 *   email to the customer; an unconfirmed email is instead recorded on the claim's timeline, where support can check
 *   the mail log for its deterministic Message-ID and resend by hand.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from 'mongodb';
import type { SendEmailInput, SendEmailResult } from './contract';
import { FailureTypes } from '../domain/failures';
import { parseSendEmailInput, type EmailClaimFacts } from '../notifications/input';
import { MailSendError, type Mailer } from '../notifications/mailer';
import { outboxId } from '../notifications/message-id';
import { EmailOutbox, type ClaimedSend, type OutboxRecord } from '../notifications/outbox';
import { findClaim, hasTimelineEntry } from '../data/claims';
import { emailOutcomeKey } from '../domain/email-outcomes';
import { DEFAULT_BRANDING, trackingPageUrl, type Branding } from '../notifications/branding';
import { DEFAULT_READER } from '../notifications/templates/format';
import { EmailDataError, renderEmail, type ClaimFacts, type RenderedEmail } from '../notifications/templates';
import { claimFactsOf, rememberedModelName, serviceDisplayName } from './customer-facts';

/** What the email activities need. */
export interface EmailActivityDeps {
  db: Db;
  mailer: Mailer;
  clock?: () => Date;
  /** Company, support contacts and the public address of the tracking pages (default: the embedded stack's). */
  branding?: Branding;
}

/** The email activities of `ClaimActivities`. */
export interface EmailActivities {
  sendCustomerEmail(input: SendEmailInput): Promise<SendEmailResult>;
}

/** Builds the email activities over a database (for the outbox) and a mailer. */
export function createEmailActivities({ db, mailer, clock, branding = DEFAULT_BRANDING }: EmailActivityDeps): EmailActivities {
  const outbox = new EmailOutbox(db, clock);

  return {
    // Idempotent: the email_outbox record keyed by (claimId, kind, sequence) claims attempt 1 by its insert and each later attempt is a unique insert, so each email reaches SMTP at most once.
    async sendCustomerEmail(rawInput: SendEmailInput): Promise<SendEmailResult> {
      const input = validate(rawInput);
      const rendered = render(input, input.facts ? await factsFrom(db, input.facts, branding) : await factsOf(db, input.claimId, branding), branding);
      const key = { claimId: input.claimId, kind: input.kind, sequence: input.sequence };
      const id = outboxId(key);
      // The usual email: the record's insert claims attempt 1 (one insert, the send, one update). Else a later attempt.
      const claimed = await outbox.create({
        ...key, to: input.to, messageId: mailer.messageIdFor(key), ...rendered, ...(input.outcomeOnClaim ? { outcomeOnClaim: true } : {}),
      }) ?? await outbox.beginSending(id);
      if (!claimed) return resultOfEarlierAttempt(db, outbox, id);

      let response: string;
      try {
        response = (await mailer.send(toOutgoing(claimed.record))).response;
      } catch (error) {
        return handleSendFailure(outbox, claimed, error);
      }
      // A first attempt whose claim keeps the outcome: the claim's timeline records it (no write here).
      if (!(claimed.inRecord && claimed.record.outcomeOnClaim)) await outbox.markSent(claimed, response);
      return { status: 'sent', messageId: claimed.record.messageId };
    },
  };
}

function validate(rawInput: unknown): SendEmailInput {
  const parsed = parseSendEmailInput(rawInput);
  if (parsed.ok) return parsed.input;
  throw ApplicationFailure.nonRetryable(`sendCustomerEmail: ${parsed.problems.join('; ')}`, FailureTypes.InvalidData);
}

/** The tracking page and display names from what the claim sent (the models' names from the registry, remembered). */
async function factsFrom(db: Db, facts: EmailClaimFacts, branding: Branding): Promise<ClaimFacts> {
  const [modelName, replacementModelName] = await Promise.all([rememberedModelName(db, facts.model), rememberedModelName(db, facts.replacementModel)]);
  return {
    trackingPageUrl: trackingPageUrl(branding.publicBaseUrl, facts.trackingToken),
    ...(modelName ? { modelName } : {}),
    ...(replacementModelName ? { replacementModelName } : {}),
    ...(facts.outboundCarrier && facts.outboundServiceName ? { outboundService: serviceDisplayName(facts.outboundCarrier, facts.outboundServiceName) } : {}),
  };
}

/** Claims started before the claim sent its facts: the tracking page and display names read from the read model; every email links to the page, so a claim missing from the read model fails the email. */
async function factsOf(db: Db, claimId: string, branding: Branding): Promise<ClaimFacts> {
  const claim = await findClaim(db, claimId);
  if (!claim) throw ApplicationFailure.nonRetryable(`sendCustomerEmail: no claim ${claimId} in the read model (the email links to its tracking page)`, FailureTypes.InvalidData);
  return claimFactsOf(db, claim, branding.publicBaseUrl);
}

function render(input: SendEmailInput, facts: ClaimFacts, brand: Branding): RenderedEmail {
  const reader = { locale: input.locale ?? DEFAULT_READER.locale, timeZone: input.timeZone ?? DEFAULT_READER.timeZone };
  try {
    return renderEmail(input.kind, input.data, { claimId: input.claimId, sequence: input.sequence, reader, facts, brand });
  } catch (error) {
    if (error instanceof EmailDataError) {
      throw ApplicationFailure.nonRetryable(`sendCustomerEmail ${input.kind}: ${error.problems.join('; ')}`, FailureTypes.InvalidData);
    }
    throw error;
  }
}

function toOutgoing(record: OutboxRecord) {
  return {
    to: record.to,
    subject: record.subject,
    text: record.text,
    html: record.html,
    messageId: record.messageId,
    date: record.createdAt,
    headers: { 'X-Claim-Id': record.claimId, 'X-Email-Kind': record.kind, 'X-Email-Sequence': String(record.sequence) },
  };
}

/**
 * The email as its attempts and its claim left it: a record whose claim keeps the outcome (`outcomeOnClaim`) is
 * `sent` once the claim's timeline has `email-sent-<kind>-<sequence>`; otherwise the outbox's own state.
 */
export async function settledEmail(db: Db, outbox: EmailOutbox, id: string): Promise<OutboxRecord | null> {
  const record = await outbox.current(id);
  if (record?.state !== 'sending' || !record.outcomeOnClaim || record.attempts > 1) return record;
  const sent = await hasTimelineEntry(db, record.claimId, emailOutcomeKey('sent', record.kind, record.sequence));
  return sent ? { ...record, state: 'sent' } : record;
}

/** Another attempt holds or held the claim: report what it did, never sending again. */
async function resultOfEarlierAttempt(db: Db, outbox: EmailOutbox, id: string): Promise<SendEmailResult> {
  const record = await settledEmail(db, outbox, id);
  switch (record?.state) {
    case 'sent':
      return { status: 'already-sent', messageId: record.messageId };
    case 'rejected':
      return { status: 'rejected', messageId: record.messageId, reason: record.reason };
    case 'unconfirmed':
      return { status: 'unconfirmed', messageId: record.messageId, reason: record.reason };
    case 'sending': {
      const reason = `an earlier attempt (started ${record.sendingSince?.toISOString() ?? 'at an unknown time'}) handed the message to SMTP and stopped before recording the outcome; not resent`;
      await outbox.markFoundUnconfirmed(id, reason, record.attempts);
      const settled = await outbox.current(id);
      if (settled?.state === 'sent') return { status: 'already-sent', messageId: settled.messageId };
      return { status: 'unconfirmed', messageId: record.messageId, reason: settled?.state === 'unconfirmed' ? settled.reason ?? reason : reason };
    }
    default:
      // `pending` again (the latest attempt surely failed meanwhile) or gone: let Temporal retry from the top.
      throw new Error(`email outbox record ${id} changed state during the attempt (${record?.state ?? 'missing'}); retrying`);
  }
}

async function handleSendFailure(outbox: EmailOutbox, claim: ClaimedSend, error: unknown): Promise<SendEmailResult> {
  const { record } = claim;
  if (!(error instanceof MailSendError)) {
    await outbox.returnToPending(claim, `unexpected error before SMTP: ${String(error)}`);
    throw error;
  }
  switch (error.outcome) {
    case 'not-sent':
      await outbox.returnToPending(claim, error.message);
      throw new Error(`SMTP did not take the email ${record._id} (will retry): ${error.message}`);
    case 'rejected':
      await outbox.markRejected(claim, error.message);
      return { status: 'rejected', messageId: record.messageId, reason: error.message };
    case 'unknown': {
      const reason = `SMTP connection broke without a reply; the message may have arrived, not resent: ${error.message}`;
      await outbox.markUnconfirmed(claim, reason);
      return { status: 'unconfirmed', messageId: record.messageId, reason };
    }
  }
}
