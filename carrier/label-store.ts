/** Purchase intents and bought labels, one document per claim and leg: the anchor of exactly-once label buying. */
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

/** Document id of a claim's leg. */
export function purchaseId(claimId: string, leg: LegKind): string {
  return `${claimId}:${leg}`;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Store over `label_purchases`. */
export function createLabelStore(db: Db) {
  const purchases: Collection<LabelPurchase> = db.collection<LabelPurchase>(CarrierCollections.labelPurchases);

  return {
    /** The leg's purchase, if any (read). */
    find(claimId: string, leg: LegKind): Promise<LabelPurchase | null> {
      return purchases.findOne({ _id: purchaseId(claimId, leg) });
    },

    /** Records the intent unless one exists; returns whichever is stored (idempotent: first writer wins). */
    async recordIntent(intent: PurchaseIntent, now: Date): Promise<LabelPurchase> {
      const document: LabelPurchase = { _id: purchaseId(intent.claimId, intent.leg), ...intent, state: 'intent', createdAt: now, updatedAt: now };
      try {
        await purchases.insertOne(document);
        return document;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await purchases.findOne({ _id: document._id });
        if (!existing) throw error;
        return existing;
      }
    },

    /** Replaces an unbought intent's shipment and rate (compare-and-set on the old rate); null when someone else changed it. */
    async replaceIntent(current: LabelPurchase, next: PurchaseIntent, now: Date): Promise<LabelPurchase | null> {
      return purchases.findOneAndUpdate(
        { _id: current._id, state: 'intent', 'rate.rateId': current.rate.rateId },
        { $set: { shipTo: next.shipTo, shipmentId: next.shipmentId, rate: next.rate, updatedAt: now }, $unset: { purchaseStartedAt: '' } },
        { returnDocument: 'after' },
      );
    },

    /** Notes that a purchase request is about to be sent (idempotent). */
    async markPurchaseStarted(id: string, now: Date): Promise<void> {
      await purchases.updateOne({ _id: id, state: 'intent' }, { $set: { purchaseStartedAt: now, updatedAt: now } });
    },

    /** Notes that the last purchase request got a definite answer without a label (idempotent). */
    async clearPurchaseStarted(id: string): Promise<void> {
      await purchases.updateOne({ _id: id, state: 'intent' }, { $unset: { purchaseStartedAt: '' } });
    },

    /** Records the bought label (idempotent: only an intent becomes bought; returns the stored document). */
    async recordBought(id: string, label: PurchasedLabel, now: Date): Promise<LabelPurchase> {
      await purchases.updateOne({ _id: id, state: 'intent' }, { $set: { state: 'bought', label, updatedAt: now }, $unset: { purchaseStartedAt: '' } });
      const stored = await purchases.findOne({ _id: id });
      if (!stored) throw new Error(`label purchase ${id} vanished`);
      return stored;
    },

    /** Records the void (idempotent). */
    async recordVoided(id: string, refund: VoidResult, now: Date): Promise<void> {
      await purchases.updateOne({ _id: id }, { $set: { state: 'voided', refund, updatedAt: now } });
    },
  };
}

/** The label store's operations. */
export type LabelStore = ReturnType<typeof createLabelStore>;
