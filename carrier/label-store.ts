/**
 * Purchase intents and bought labels, one document per claim and leg, and the purchase attempts of each leg: the
 * anchor of exactly-once label buying.
 *
 * Why attempts are separate documents: FerretDB v1 does not apply a conditional update (`state: 'intent'` in the
 * filter) atomically, so overlapping attempts could all decide to buy. An insert checked by a unique `_id` is atomic
 * on FerretDB and MongoDB, so the right to send one purchase request is the insert of attempt `purchaseId#n`; the
 * purchaser claims n + 1 only after attempt n was definitely refused, or settled with no label at the carrier.
 * The intent's own insert claims attempt 1 (`firstAttemptInRecord`; its outcome is kept on the purchase, so the
 * usual leg costs one insert and one update); attempt n ≥ 2 is the insert of `purchaseId#n`. Purchases written
 * before attempt 1 moved into the record keep their attempt documents from #1.
 */
import { firstInsertsWin, firstInsertWins } from '../storage/first-writer';
import { latestNumberedAttempt } from '../storage/numbered-attempts';
import type { Collection, Db } from 'mongodb';
import type { LegKind, PostalAddress } from '../domain/types';
import { CarrierCollections } from './indexes';
import type { PurchasedLabel, RateOption, VoidResult } from './port';

/** `intent`: rate chosen, label maybe bought (check the carrier); `bought`: label recorded; `voided`: refund requested. */
export type PurchaseState = 'intent' | 'bought' | 'voided';

/** One leg's purchase. `_id` is `claimId:leg`. */
export interface LabelPurchase {
  _id: string;
  claimId: string;
  leg: LegKind;
  state: PurchaseState;
  shipTo: PostalAddress;
  shipmentId: string;
  rate: RateOption;
  /** Set while a purchase request may be in flight (its outcome unknown); cleared on a definite answer. */
  purchaseStartedAt?: Date;
  label?: PurchasedLabel;
  refund?: VoidResult;
  /** Attempt 1 was claimed by this document's insert (at `createdAt`, with the first rate); its outcome is `firstOutcome`. */
  firstAttemptInRecord?: boolean;
  firstOutcome?: 'bought' | 'refused';
  createdAt: Date;
  updatedAt: Date;
}

/** What is needed to record an intent. */
export interface PurchaseIntent {
  claimId: string;
  leg: LegKind;
  shipTo: PostalAddress;
  shipmentId: string;
  rate: RateOption;
}

/** One claimed right to send a purchase request. `_id` is `purchaseId#attemptNo`; only its holder writes its outcome. */
export interface PurchaseAttempt {
  _id: string;
  purchaseId: string;
  attemptNo: number;
  /** The rate this attempt buys (look for its label with this rate). */
  rate: RateOption;
  startedAt: Date;
  /** `bought`: `label` is the result; `refused`: the carrier surely bought nothing. None: in flight, or unknown outcome. */
  outcome?: 'bought' | 'refused';
  label?: PurchasedLabel;
  finishedAt?: Date;
  /** Attempt 1 kept in the purchase document itself (its outcome is written there). */
  inRecord?: boolean;
}

/** Document id of a claim's leg. */
export function purchaseId(claimId: string, leg: LegKind): string {
  return `${claimId}:${leg}`;
}

/** Attempt 1 of a purchase that keeps it in its own document, as an attempt. */
function firstAttemptOf(purchase: LabelPurchase): PurchaseAttempt {
  return {
    _id: `${purchase._id}#1`, purchaseId: purchase._id, attemptNo: 1, rate: purchase.rate, startedAt: purchase.createdAt, inRecord: true,
    ...(purchase.firstOutcome ? { outcome: purchase.firstOutcome } : {}), ...(purchase.firstOutcome === 'bought' && purchase.label ? { label: purchase.label } : {}),
  };
}

/** Store over `label_purchases` and `label_purchase_attempts`. */
export function createLabelStore(db: Db) {
  const purchases: Collection<LabelPurchase> = db.collection<LabelPurchase>(CarrierCollections.labelPurchases);
  const attempts: Collection<PurchaseAttempt> = db.collection<PurchaseAttempt>(CarrierCollections.labelPurchaseAttempts);

  return {
    /** The leg's purchase, if any (read). */
    find(claimId: string, leg: LegKind): Promise<LabelPurchase | null> {
      return purchases.findOne({ _id: purchaseId(claimId, leg) });
    },

    /**
     * Records the intent unless one exists, claiming attempt 1 with the insert; returns whichever is stored and
     * whether this caller's insert won (then it holds attempt 1). Idempotent: first writer wins.
     */
    async recordIntent(intent: PurchaseIntent, now: Date): Promise<{ purchase: LabelPurchase; won: boolean }> {
      const document: LabelPurchase = { _id: purchaseId(intent.claimId, intent.leg), ...intent, state: 'intent', firstAttemptInRecord: true, createdAt: now, updatedAt: now };
      if (await firstInsertWins(purchases, document)) return { purchase: document, won: true };
      const existing = await purchases.findOne({ _id: document._id });
      if (!existing) throw new Error(`label purchase ${document._id} vanished after a concurrent insert`);
      return { purchase: existing, won: false };
    },

    /**
     * Records the intents of several legs in one write, each claiming its attempt 1 as `recordIntent` does; for each,
     * its document and whether this caller's insert won (a lost one is not read: the caller goes the single way).
     */
    async recordIntents(intents: readonly PurchaseIntent[], now: Date): Promise<Array<{ purchase: LabelPurchase; won: boolean }>> {
      const documents = intents.map((intent): LabelPurchase => ({ _id: purchaseId(intent.claimId, intent.leg), ...intent, state: 'intent', firstAttemptInRecord: true, createdAt: now, updatedAt: now }));
      const won = await firstInsertsWin(purchases, documents);
      return documents.map((purchase, index) => ({ purchase, won: won[index]! }));
    },

    /** Replaces an unbought intent's shipment and rate (only the holder of the leg's next attempt calls it); null when no longer an intent. */
    async replaceIntent(id: string, next: PurchaseIntent, now: Date): Promise<LabelPurchase | null> {
      return purchases.findOneAndUpdate(
        { _id: id, state: 'intent' },
        { $set: { shipTo: next.shipTo, shipmentId: next.shipmentId, rate: next.rate, updatedAt: now }, $unset: { purchaseStartedAt: '' } },
        { returnDocument: 'after' },
      );
    },

    /** Attempt 1 of a purchase whose insert claimed it (no read). */
    firstAttempt: firstAttemptOf,

    /** The leg's latest purchase attempt, or null (reads by `_id` only; attempt 1 of a record that keeps it is read from it). */
    async latestAttempt(purchase: LabelPurchase): Promise<PurchaseAttempt | null> {
      if (!purchase.firstAttemptInRecord) return latestNumberedAttempt(attempts, purchase._id);
      return (await latestNumberedAttempt(attempts, purchase._id, 2)) ?? firstAttemptOf(purchase);
    },

    /** Claims attempt `attemptNo` of the leg by inserting it; null when another caller inserted it first (exclusive). */
    async claimAttempt(id: string, attemptNo: number, rate: RateOption, now: Date): Promise<PurchaseAttempt | null> {
      const attempt: PurchaseAttempt = { _id: `${id}#${attemptNo}`, purchaseId: id, attemptNo, rate, startedAt: now };
      return (await firstInsertWins(attempts, attempt)) ? attempt : null;
    },

    /** The holder records how its attempt ended (idempotent; attempt 1 of a record that keeps it, on the record). */
    async recordAttemptOutcome(attempt: PurchaseAttempt, outcome: 'bought' | 'refused', now: Date, label?: PurchasedLabel): Promise<void> {
      if (attempt.inRecord) {
        await purchases.updateOne({ _id: attempt.purchaseId }, { $set: { firstOutcome: outcome, updatedAt: now } });
        return;
      }
      await attempts.updateOne({ _id: attempt._id }, { $set: { outcome, finishedAt: now, ...(label ? { label } : {}) } });
    },

    /**
     * Records the bought label (idempotent: only an intent becomes bought; returns the stored document). `intent` is
     * the caller's copy of the document: when this call made the change, no read is needed.
     */
    async recordBought(id: string, label: PurchasedLabel, now: Date, intent?: LabelPurchase, firstAttempt = false): Promise<LabelPurchase> {
      const set = { state: 'bought' as const, label, updatedAt: now, ...(firstAttempt ? { firstOutcome: 'bought' as const } : {}) };
      const result = await purchases.updateOne({ _id: id, state: 'intent' }, { $set: set, $unset: { purchaseStartedAt: '' } });
      if (result.modifiedCount === 1 && intent) {
        const { purchaseStartedAt: _started, ...rest } = intent;
        return { ...rest, ...set };
      }
      const stored = await purchases.findOne({ _id: id });
      if (!stored) throw new Error(`label purchase ${id} vanished`);
      return stored;
    },

    /**
     * `recordBought` of several legs' first attempts in one write (the holder's own intents, as inserted): the stored
     * documents, read again only for a leg this write did not change.
     */
    async recordBoughtFirstAttempts(bought: ReadonlyArray<{ intent: LabelPurchase; label: PurchasedLabel }>, now: Date): Promise<LabelPurchase[]> {
      const setOf = (label: PurchasedLabel) => ({ state: 'bought' as const, label, updatedAt: now, firstOutcome: 'bought' as const });
      const result = await purchases.bulkWrite(bought.map(({ intent, label }) => ({
        updateOne: { filter: { _id: intent._id, state: 'intent' as const }, update: { $set: setOf(label), $unset: { purchaseStartedAt: '' } } },
      })), { ordered: false });
      if (result.modifiedCount === bought.length) return bought.map(({ intent, label }) => ({ ...intent, ...setOf(label) }));
      return Promise.all(bought.map(({ intent, label }) => this.recordBought(intent._id, label, now, undefined, true)));
    },

    /** Records the void (idempotent). */
    async recordVoided(id: string, refund: VoidResult, now: Date): Promise<void> {
      await purchases.updateOne({ _id: id }, { $set: { state: 'voided', refund, updatedAt: now } });
    },
  };
}

