/**
 * The email outbox: one document per (claimId, kind, sequence), written before the send, and one
 * `email_send_attempts` document per later attempt at handing it to SMTP.
 *
 * Why attempts are claimed by inserts: FerretDB v1 does not apply a conditional update (`state: 'pending'` in the
 * filter) atomically, so two overlapping attempts could both "claim" a pending email. An insert checked by a unique
 * `_id` is atomic on FerretDB and MongoDB. The record's own insert claims attempt 1 (its outcome is kept in the
 * record: the usual email costs one insert and one update); attempt n ≥ 2 is the insert of `outboxId#n`, allowed
 * only once attempt n − 1 recorded that it surely did not send (`not-sent`). Each outcome is written only by the
 * attempt holding it; for n ≥ 2 the record's `state` mirrors the latest attempt and is repaired from it on read.
 * Records written before attempt 1 moved into the record (no `firstAttemptInRecord`) keep their attempt documents.
 * A record made with `outcomeOnClaim` leaves attempt 1's `sent` to its claim: the claim's timeline entry
 * `email-sent-<kind>-<sequence>` is that outcome, so such a record stays `sending` here once accepted (one insert per
 * email); the email activity reads the claim when it needs to know (activities/emails.ts `settledEmail`).
 */
import type { Collection, Db } from 'mongodb';
import { firstInsertWins } from '../storage/first-writer';
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
  /** Attempt 1 was claimed by this record's insert; its outcome is `firstOutcome` (none: in flight, or its holder died). */
  firstAttemptInRecord?: boolean;
  firstOutcome?: SendOutcome;
  /** Attempt 1's `sent` is kept by the claim's timeline, not here (other outcomes are written here as usual). */
  outcomeOnClaim?: boolean;
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
  /** The attempt is the record's own (attempt 1 of a record that keeps it): its outcome is written on the record. */
  inRecord?: boolean;
}

/** What the outbox needs to create a record. */
export type NewOutboxEmail = EmailKey & Pick<OutboxRecord, 'kind' | 'to' | 'messageId' | 'subject' | 'text' | 'html' | 'outcomeOnClaim'>;

const STATE_AFTER: Record<SendOutcome, OutboxState> = { sent: 'sent', 'not-sent': 'pending', rejected: 'rejected', unknown: 'unconfirmed' };

/** Where another caller marks a record's own attempt 1 as found without outcome. */
const foundUnconfirmedId = (id: string) => `${id}#1-unconfirmed`;

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
   * Creates the email's record the first time, claiming attempt 1 with it (an insert: a later call never writes it):
   * the caller then holds that attempt. Null when the record was there already (see `beginSending`).
   */
  async create(email: NewOutboxEmail): Promise<ClaimedSend | null> {
    const _id = outboxId(email);
    const now = this.clock();
    const fresh: OutboxRecord = { ...email, _id, state: 'sending', attempts: 1, firstAttemptInRecord: true, sendingSince: now, createdAt: now, updatedAt: now };
    // Null: created by an earlier or concurrent attempt.
    return (await firstInsertWins(this.emails, fresh)) ? { record: fresh, attemptNo: 1, inRecord: true } : null;
  }

  /**
   * Claims the next attempt of an existing record (insert of `id#n`): allowed when the latest attempt surely did not
   * send (or, for a record written before attempt 1 moved into the record, when it is `pending` with none). Null when
   * not claimable or another caller inserted that attempt first.
   */
  async beginSending(id: string): Promise<ClaimedSend | null> {
    const record = await this.get(id);
    const latest = record ? await this.latestAttempt(id, record) : null;
    if (!record || (latest ? latest.outcome !== 'not-sent' : record.state !== 'pending')) return null;
    const attemptNo = (latest?.attemptNo ?? 0) + 1;
    const now = this.clock();
    if (!(await firstInsertWins(this.attempts, { _id: `${id}#${attemptNo}`, outboxId: id, attemptNo, startedAt: now }))) return null;
    return { record: { ...record, state: 'sending', attempts: attemptNo, sendingSince: now, updatedAt: now }, attemptNo };
  }

  /** The holder's attempt was accepted by SMTP (`→ sent`). */
  async markSent(claim: ClaimedSend, smtpResponse: string): Promise<void> {
    const now = this.clock();
    const sent = { state: 'sent' as const, attempts: claim.attemptNo, sentAt: now, updatedAt: now, smtpResponse };
    if (claim.inRecord) {
      await this.emails.updateOne({ _id: claim.record._id }, { $set: { ...sent, firstOutcome: 'sent' }, $unset: { reason: '' } });
      return;
    }
    await this.recordOutcome(claim, 'sent', smtpResponse);
    await this.emails.updateOne({ _id: claim.record._id }, { $set: sent, $unset: { reason: '' } });
  }

  /** The holder's attempt surely did not send (`→ pending`); releasing the attempt is its last write. */
  async returnToPending(claim: ClaimedSend, reason: string): Promise<void> {
    if (claim.inRecord) return this.recordInRecord(claim, 'not-sent', reason);
    await this.mirror(claim, 'pending', reason);
    await this.recordOutcome(claim, 'not-sent', reason);
  }

  /** The server refused the holder's attempt for good (`→ rejected`). */
  async markRejected(claim: ClaimedSend, reason: string): Promise<void> {
    if (claim.inRecord) return this.recordInRecord(claim, 'rejected', reason);
    await this.recordOutcome(claim, 'rejected', reason);
    await this.mirror(claim, 'rejected', reason);
  }

  /** The holder cannot know whether its attempt arrived (`→ unconfirmed`, never resent). */
  async markUnconfirmed(claim: ClaimedSend, reason: string): Promise<void> {
    if (claim.inRecord) return this.recordInRecord(claim, 'unknown', reason);
    await this.recordOutcome(claim, 'unknown', reason);
    await this.mirror(claim, 'unconfirmed', reason);
  }

  /**
   * Another caller found an attempt without outcome: the email is `unconfirmed` unless the attempt's holder still
   * records one. Attempt 1 of a record that keeps it is marked in a document of its own (`<id>#1-unconfirmed`): only
   * its holder writes the record while it runs, so a live holder's outcome is never overwritten.
   */
  async markFoundUnconfirmed(id: string, reason: string, attemptNo: number): Promise<void> {
    const record = await this.get(id);
    if (record?.firstAttemptInRecord && attemptNo <= 1) {
      await firstInsertWins(this.attempts, { _id: foundUnconfirmedId(id), outboxId: id, attemptNo: 1, startedAt: this.clock(), outcome: 'unknown', detail: reason });
      return;
    }
    await this.emails.updateOne({ _id: id, state: { $in: ['pending', 'sending'] } }, { $set: { state: 'unconfirmed', attempts: attemptNo, reason, updatedAt: this.clock() } });
  }

  /**
   * The record as its latest attempt left it (the attempt's outcome wins over the mirror, which is repaired);
   * `sending` when the latest attempt has no outcome and nobody marked it unconfirmed.
   */
  async current(id: string): Promise<OutboxRecord | null> {
    const record = await this.get(id);
    if (record?.firstAttemptInRecord && record.attempts <= 1) {
      if (record.firstOutcome) return { ...record, state: STATE_AFTER[record.firstOutcome] };
      const found = await this.attempts.findOne({ _id: foundUnconfirmedId(id) });
      return found ? { ...record, state: 'unconfirmed', reason: found.detail ?? '' } : { ...record, state: 'sending' };
    }
    const latest = record ? await this.latestAttempt(id, record) : null;
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

  /** The latest claimed attempt of an email, or null: attempt 1 from the record when it keeps it, later ones by `_id`. */
  async latestAttempt(id: string, record: OutboxRecord): Promise<SendAttempt | null> {
    if (!record.firstAttemptInRecord) return latestNumberedAttempt(this.attempts, id, record.attempts || 1);
    const later = await latestNumberedAttempt(this.attempts, id, Math.max(2, record.attempts));
    if (later && later.attemptNo >= 2) return later;
    return { _id: `${id}#1`, outboxId: id, attemptNo: 1, startedAt: record.sendingSince ?? record.createdAt, ...(record.firstOutcome ? { outcome: record.firstOutcome } : {}) };
  }

  /** The record of one email as last mirrored, or null (see `current` for the authoritative state). */
  async get(id: string): Promise<OutboxRecord | null> {
    return this.emails.findOne({ _id: id });
  }

  /** Every email of a claim, oldest first (for support). */
  async listForClaim(claimId: string): Promise<OutboxRecord[]> {
    return this.emails.find({ claimId }).sort({ createdAt: 1 }).toArray();
  }

  /** Attempt 1's outcome on the record that holds it (one write: the outcome and the state it leads to). */
  private async recordInRecord(claim: ClaimedSend, outcome: SendOutcome, reason: string): Promise<void> {
    await this.emails.updateOne({ _id: claim.record._id }, { $set: { state: STATE_AFTER[outcome], firstOutcome: outcome, attempts: 1, reason, updatedAt: this.clock() } });
  }

  private async recordOutcome(claim: ClaimedSend, outcome: SendOutcome, detail: string): Promise<void> {
    await this.attempts.updateOne({ _id: `${claim.record._id}#${claim.attemptNo}` }, { $set: { outcome, detail, finishedAt: this.clock() } });
  }

  private async mirror(claim: ClaimedSend, state: OutboxState, reason: string): Promise<void> {
    await this.emails.updateOne({ _id: claim.record._id }, { $set: { state, attempts: claim.attemptNo, reason, updatedAt: this.clock() } });
  }
}
