/**
 * The email outbox: one document per (claimId, kind, sequence), written before the send, plus one `email_send_attempts`
 * document per attempt at handing it to SMTP.
 *
 * Why attempts are separate documents: FerretDB v1 does not apply a conditional update (`state: 'pending'` in the
 * filter) atomically, so two overlapping attempts could both "claim" a pending email. An insert checked by a unique
 * `_id` is atomic on FerretDB and MongoDB, so the claim is the insert of attempt `outboxId#n`, and attempt n + 1 may
 * only be claimed once attempt n recorded that it surely did not send (`not-sent`). Each attempt document's outcome
 * is written only by the attempt holding it; the outbox record's `state` mirrors the latest attempt for reads and is
 * repaired from it whenever they disagree.
 */
import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { EmailKind } from '../domain/types';
import { latestNumberedAttempt } from '../storage/numbered-attempts';
import { EMAIL_OUTBOX_COLLECTION, EMAIL_SEND_ATTEMPTS_COLLECTION } from './indexes';
import { outboxId, type EmailKey } from './message-id';

/**
 * `pending`: not handed to SMTP (yet, or the last try surely failed). `sending`: handed to SMTP, outcome not recorded.
 * `sent`: accepted. `rejected`: refused for good (5xx). `unconfirmed`: an attempt was cut off while `sending`; not resent.
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'rejected' | 'unconfirmed';

/** One customer email as the outbox keeps it; the rendered message is stored so every attempt sends the same bytes. */
export interface OutboxRecord {
  _id: string;
  claimId: string;
  kind: EmailKind;
  sequence: number;
  to: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  state: OutboxState;
  /** The number of the latest claimed attempt. */
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  sendingSince?: Date;
  sentAt?: Date;
  smtpResponse?: string;
  /** Why it was rejected or is unconfirmed, or the last transient error. */
  reason?: string;
}

/** How an attempt ended: accepted, surely not sent (may be retried), refused for good, or unknowable. */
export type SendOutcome = 'sent' | 'not-sent' | 'rejected' | 'unknown';

/** One claimed attempt; `_id` is `outboxId#attemptNo`. No `outcome` = in flight, or its holder died. */
export interface SendAttempt {
  _id: string;
  outboxId: string;
  attemptNo: number;
  startedAt: Date;
  outcome?: SendOutcome;
  finishedAt?: Date;
  /** The SMTP response (sent) or the reason (otherwise). */
  detail?: string;
}

/** An attempt this caller holds: only its holder hands the record to SMTP and records the outcome. */
export interface ClaimedSend {
  record: OutboxRecord;
  attemptNo: number;
}

/** What the outbox needs to create a record. */
export type NewOutboxEmail = EmailKey & Pick<OutboxRecord, 'kind' | 'to' | 'messageId' | 'subject' | 'text' | 'html'>;

const STATE_AFTER: Record<SendOutcome, OutboxState> = { sent: 'sent', 'not-sent': 'pending', rejected: 'rejected', unknown: 'unconfirmed' };

const isDuplicateKey = (error: unknown): boolean => error instanceof MongoServerError && error.code === 11000;

/** The outbox's operations; every claim is a unique insert, every outcome is written by the attempt's holder. */
export class EmailOutbox {
  private readonly emails: Collection<OutboxRecord>;
  private readonly attempts: Collection<SendAttempt>;

  /** Uses the `email_outbox` and `email_send_attempts` collections of `db`; `clock` stamps the times. */
  constructor(db: Db, private readonly clock: () => Date = () => new Date()) {
    this.emails = db.collection<OutboxRecord>(EMAIL_OUTBOX_COLLECTION);
    this.attempts = db.collection<SendAttempt>(EMAIL_SEND_ATTEMPTS_COLLECTION);
  }

  /**
   * Returns the email's record, creating it as `pending` the first time (an insert: a later call never writes it);
   * `created` tells the caller no attempt can exist yet (the fast path of `beginSending`).
   */
  async ensure(email: NewOutboxEmail): Promise<{ record: OutboxRecord; created: boolean }> {
    const _id = outboxId(email);
    const now = this.clock();
    const fresh: OutboxRecord = { ...email, _id, state: 'pending', attempts: 0, createdAt: now, updatedAt: now };
    try {
      await this.emails.insertOne(fresh);
      return { record: fresh, created: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // created by an earlier or concurrent attempt
    }
    const stored = await this.emails.findOne({ _id });
    if (!stored) throw new Error(`email outbox record ${_id} vanished after insert`);
    return { record: stored, created: false };
  }

  /**
   * Claims the next attempt (insert of `id#n`): allowed when there was none and the record is `pending`, or when the
   * latest attempt surely did not send. Null when not claimable or another caller inserted that attempt first.
   * `created` is the record `ensure` just inserted: no attempt can exist, so nothing is read. The record's `state`
   * is not mirrored to `sending` (one write less per email): `current()` derives it from the attempt.
   */
  async beginSending(id: string, created?: OutboxRecord): Promise<ClaimedSend | null> {
    const record = created ?? await this.get(id);
    const latest = created || !record ? null : await this.latestAttempt(id, record.attempts);
    if (!record || (latest ? latest.outcome !== 'not-sent' : record.state !== 'pending')) return null;
    const attemptNo = (latest?.attemptNo ?? 0) + 1;
    const now = this.clock();
    try {
      await this.attempts.insertOne({ _id: `${id}#${attemptNo}`, outboxId: id, attemptNo, startedAt: now });
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
    return { record: { ...record, state: 'sending', attempts: attemptNo, sendingSince: now, updatedAt: now }, attemptNo };
  }

  /** The holder's attempt was accepted by SMTP (`→ sent`). */
  async markSent(claim: ClaimedSend, smtpResponse: string): Promise<void> {
    const now = this.clock();
    await this.recordOutcome(claim, 'sent', smtpResponse);
    await this.emails.updateOne({ _id: claim.record._id }, {
      $set: { state: 'sent', attempts: claim.attemptNo, sentAt: now, updatedAt: now, smtpResponse }, $unset: { reason: '' },
    });
  }

  /** The holder's attempt surely did not send (`→ pending`); releasing the attempt is its last write. */
  async returnToPending(claim: ClaimedSend, reason: string): Promise<void> {
    await this.mirror(claim, 'pending', reason);
    await this.recordOutcome(claim, 'not-sent', reason);
  }

  /** The server refused the holder's attempt for good (`→ rejected`). */
  async markRejected(claim: ClaimedSend, reason: string): Promise<void> {
    await this.recordOutcome(claim, 'rejected', reason);
    await this.mirror(claim, 'rejected', reason);
  }

  /** The holder cannot know whether its attempt arrived (`→ unconfirmed`, never resent). */
  async markUnconfirmed(claim: ClaimedSend, reason: string): Promise<void> {
    await this.recordOutcome(claim, 'unknown', reason);
    await this.mirror(claim, 'unconfirmed', reason);
  }

  /** Another caller found an attempt without outcome: marks the record `unconfirmed` (the attempt's holder may still override it). */
  async markFoundUnconfirmed(id: string, reason: string, attemptNo: number): Promise<void> {
    await this.emails.updateOne({ _id: id, state: { $in: ['pending', 'sending'] } }, { $set: { state: 'unconfirmed', attempts: attemptNo, reason, updatedAt: this.clock() } });
  }

  /**
   * The record as its latest attempt left it (the attempt's outcome wins over the mirror, which is repaired);
   * `sending` when the latest attempt has no outcome and nobody marked it unconfirmed.
   */
  async current(id: string): Promise<OutboxRecord | null> {
    const record = await this.get(id);
    const latest = record ? await this.latestAttempt(id, record.attempts) : null;
    if (!record || !latest) return record;
    if (!latest.outcome) {
      return { ...record, attempts: latest.attemptNo, sendingSince: latest.startedAt, state: record.state === 'unconfirmed' ? 'unconfirmed' : 'sending' };
    }
    const state = STATE_AFTER[latest.outcome];
    if (record.state === state && record.attempts === latest.attemptNo) return record;
    const repair = state === 'sent'
      ? { state, attempts: latest.attemptNo, sentAt: latest.finishedAt ?? this.clock(), smtpResponse: latest.detail ?? '' }
      : { state, attempts: latest.attemptNo, reason: latest.detail ?? '' };
    await this.emails.updateOne({ _id: id }, { $set: { ...repair, updatedAt: this.clock() } });
    return { ...record, ...repair };
  }

  /** The latest claimed attempt of an email, or null; `known` is an attempt number known to exist (the record's mirror). */
  async latestAttempt(id: string, known = 1): Promise<SendAttempt | null> {
    return latestNumberedAttempt(this.attempts, id, known);
  }

  /** The record of one email as last mirrored, or null (see `current` for the authoritative state). */
  async get(id: string): Promise<OutboxRecord | null> {
    return this.emails.findOne({ _id: id });
  }

  /** Every email of a claim, oldest first (for support). */
  async listForClaim(claimId: string): Promise<OutboxRecord[]> {
    return this.emails.find({ claimId }).sort({ createdAt: 1 }).toArray();
  }

  private async recordOutcome(claim: ClaimedSend, outcome: SendOutcome, detail: string): Promise<void> {
    await this.attempts.updateOne({ _id: `${claim.record._id}#${claim.attemptNo}` }, { $set: { outcome, detail, finishedAt: this.clock() } });
  }

  private async mirror(claim: ClaimedSend, state: OutboxState, reason: string): Promise<void> {
    await this.emails.updateOne({ _id: claim.record._id }, { $set: { state, attempts: claim.attemptNo, reason, updatedAt: this.clock() } });
  }
}
