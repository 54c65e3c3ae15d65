/**
 * The email outbox: one document per (claimId, kind, sequence), written before the send and moved through
 * `pending → sending → sent | rejected | unconfirmed` by conditional updates, so a retry can tell what happened.
 */
import type { Collection, Db } from 'mongodb';
import type { EmailKind } from '../domain/types';
import { EMAIL_OUTBOX_COLLECTION } from './indexes';
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
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  sendingSince?: Date;
  sentAt?: Date;
  smtpResponse?: string;
  /** Why it was rejected or is unconfirmed, or the last transient error. */
  reason?: string;
}

/** What the outbox needs to create a record. */
export type NewOutboxEmail = EmailKey & Pick<OutboxRecord, 'kind' | 'to' | 'messageId' | 'subject' | 'text' | 'html'>;

/** The outbox collection's operations; every write is conditional on the state it expects. */
export class EmailOutbox {
  private readonly emails: Collection<OutboxRecord>;

  /** Uses the `email_outbox` collection of `db`; `clock` stamps the times. */
  constructor(db: Db, private readonly clock: () => Date = () => new Date()) {
    this.emails = db.collection<OutboxRecord>(EMAIL_OUTBOX_COLLECTION);
  }

  /** Returns the email's record, creating it as `pending` the first time (a later call never changes it). */
  async ensure(email: NewOutboxEmail): Promise<OutboxRecord> {
    const _id = outboxId(email);
    const now = this.clock();
    const insert: OutboxRecord = { ...email, _id, state: 'pending', attempts: 0, createdAt: now, updatedAt: now };
    try {
      await this.emails.updateOne({ _id }, { $setOnInsert: insert }, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // a concurrent attempt inserted it first
    }
    const stored = await this.emails.findOne({ _id });
    if (!stored) throw new Error(`email outbox record ${_id} vanished after upsert`);
    return stored;
  }

  /** Claims a `pending` email for sending (`→ sending`); null when it is in any other state. */
  async beginSending(id: string): Promise<OutboxRecord | null> {
    const now = this.clock();
    return this.emails.findOneAndUpdate(
      { _id: id, state: 'pending' },
      { $set: { state: 'sending', sendingSince: now, updatedAt: now }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
  }

  /** SMTP accepted it (`sending|unconfirmed → sent`). */
  async markSent(id: string, smtpResponse: string): Promise<void> {
    const now = this.clock();
    await this.emails.updateOne(
      { _id: id, state: { $in: ['sending', 'unconfirmed'] } },
      { $set: { state: 'sent', sentAt: now, updatedAt: now, smtpResponse }, $unset: { reason: '' } },
    );
  }

  /** The send surely failed and may be retried (`sending → pending`). */
  async returnToPending(id: string, reason: string): Promise<void> {
    await this.moveFromSending(id, 'pending', reason);
  }

  /** The server refused it for good (`sending → rejected`). */
  async markRejected(id: string, reason: string): Promise<void> {
    await this.moveFromSending(id, 'rejected', reason);
  }

  /** The outcome cannot be known (`sending → unconfirmed`); returns the record as it now stands. */
  async markUnconfirmed(id: string, reason: string): Promise<OutboxRecord | null> {
    await this.moveFromSending(id, 'unconfirmed', reason);
    return this.get(id);
  }

  /** The record of one email, or null. */
  async get(id: string): Promise<OutboxRecord | null> {
    return this.emails.findOne({ _id: id });
  }

  /** Every email of a claim, oldest first (for support). */
  async listForClaim(claimId: string): Promise<OutboxRecord[]> {
    return this.emails.find({ claimId }).sort({ createdAt: 1 }).toArray();
  }

  private async moveFromSending(id: string, state: OutboxState, reason: string): Promise<void> {
    await this.emails.updateOne({ _id: id, state: 'sending' }, { $set: { state, reason, updatedAt: this.clock() } });
  }
}
