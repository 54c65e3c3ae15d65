/**
 * Both labels of a claim bought in one go (`buyPair`), with the database writes of the two legs batched: one insert
 * of both intents (each its own first-writer race, claiming its attempt 1), the two purchases, one write recording
 * both labels, one insert of both tracking routes. Three commands for the pair, against three per leg bought one by
 * one. Every exactly-once rule of a single leg holds per leg (carrier/label-purchaser.ts); anything out of the usual
 * (a retry, an intent someone else wrote) goes the single way, leg by leg.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { LegKind, PostalAddress } from '../domain/types';
import type { createLabelStore, LabelPurchase, PurchaseIntent } from './label-store';
import type { LabelOrder } from './label-purchaser';
import type { PurchasedLabel } from './port';
import type { createTrackingStore, RouteOwner } from './tracking-store';

/** What to buy: both legs of a claim, to and from `shipTo` (the return on the outbound label's carrier). */
export interface PairOrder {
  claimId: string;
  shipTo: PostalAddress;
  /** The claim's workflow, stored on both tracking routes. */
  workflowId?: string;
}

/** The pair bought; `return` is absent when the carrier refused the return leg (the caller buys it on its own, which routes that refusal). */
export interface BoughtPair {
  outbound: PurchasedLabel;
  return?: PurchasedLabel;
}

/** The carrier's final answer to a request (a typed refusal, or a rate limit with its own retry delay), not a fault. */
export function isDefiniteRefusal(error: unknown): boolean {
  return error instanceof ApplicationFailure && (error.nonRetryable || error.nextRetryDelay !== undefined);
}

/** The purchaser's parts the pair is made of (carrier/label-purchaser.ts). */
export interface PairParts {
  labels: ReturnType<typeof createLabelStore>;
  routes: ReturnType<typeof createTrackingStore>;
  now: () => Date;
  quote(order: LabelOrder): Promise<PurchaseIntent>;
  buy(order: LabelOrder, options?: { firstTry?: boolean }): Promise<PurchasedLabel>;
  finish(purchase: LabelPurchase, label: PurchasedLabel, workflowId?: string, fresh?: { firstAttempt: boolean }): Promise<PurchasedLabel>;
  register(label: PurchasedLabel, reference: string): Promise<boolean>;
  keepRoute(route: RouteOwner, bought: PurchasedLabel, reference: string): Promise<void>;
  /** Sends attempt 1 of an intent this caller inserted (a refusal is released and thrown); records nothing of the label. */
  sendFirstPurchase(intent: LabelPurchase): Promise<PurchasedLabel>;
}

/** Builds `buyPair` over the purchaser's parts. */
export function createPairBuyer(parts: PairParts) {
  const { labels, routes, now } = parts;
  const orderOf = (pair: PairOrder, leg: LegKind, carrier?: string): LabelOrder => ({
    claimId: pair.claimId, leg, shipTo: pair.shipTo, ...(carrier ? { carrier } : {}), ...(pair.workflowId ? { workflowId: pair.workflowId } : {}),
  });

  /** Leg by leg, as `buy` does each (a retry, or a leg someone else started); a refused return leg is left to the caller. */
  async function oneByOne(pair: PairOrder): Promise<BoughtPair> {
    const outbound = await parts.buy(orderOf(pair, 'outbound'));
    try {
      return { outbound, return: await parts.buy(orderOf(pair, 'return', outbound.carrier)) };
    } catch (error) {
      if (isDefiniteRefusal(error)) return { outbound };
      throw error;
    }
  }

  /** Records both bought labels and inserts both routes (registered first, as a single leg's fresh purchase does). */
  async function finishBoth(pair: PairOrder, bought: Array<{ intent: LabelPurchase; label: PurchasedLabel }>): Promise<PurchasedLabel[]> {
    const stored = await labels.recordBoughtFirstAttempts(bought, now());
    const labelsBought = stored.map((purchase, index) => purchase.label ?? bought[index]!.label);
    const registered = await Promise.all(labelsBought.map((label, index) => parts.register(label, stored[index]!._id)));
    const legs = labelsBought.map((label, index) => ({ trackingNumber: label.trackingNumber, leg: stored[index]!.leg, carrier: label.carrier }));
    const owners = legs.map((leg, index): RouteOwner => ({
      ...leg, claimId: pair.claimId, ...(pair.workflowId ? { workflowId: pair.workflowId } : {}), ...(legs.length === 2 ? { pairedLeg: legs[1 - index]! } : {}),
    }));
    const inserted = await routes.insertRoutes(owners.map((owner, index) => ({ owner, registered: registered[index]! })), now());
    await Promise.all(owners.map((owner, index) => (inserted[index] ? undefined : parts.keepRoute(owner, labelsBought[index]!, stored[index]!._id))));
    return labelsBought;
  }

  /**
   * Buys both labels exactly once. `firstTry` (the activity's first attempt): both quotes, then the batched writes
   * around the two purchases. A refusal of the outbound leg is thrown as a single purchase throws it (the return's
   * unsent attempt 1 is marked as having bought nothing); once the outbound is bought, a refusal of the return leg
   * records the outbound and returns it alone, and a fault records it before the fault is thrown (the retry then
   * finds it bought). Not `firstTry`: leg by leg.
   */
  return async function buyPair(pair: PairOrder, options: { firstTry?: boolean } = {}): Promise<BoughtPair> {
    if (!options.firstTry) return oneByOne(pair);
    const outboundQuote = await parts.quote(orderOf(pair, 'outbound'));
    let returnQuote: PurchaseIntent;
    try {
      returnQuote = await parts.quote(orderOf(pair, 'return', outboundQuote.rate.carrier));
    } catch (error) {
      if (isDefiniteRefusal(error)) return { outbound: await parts.buy(orderOf(pair, 'outbound'), { firstTry: true }) };
      throw error;
    }
    const [outbound, back] = await labels.recordIntents([outboundQuote, returnQuote], now());
    if (!outbound!.won || !back!.won) return oneByOne(pair);
    let outboundLabel: PurchasedLabel;
    try {
      outboundLabel = await parts.sendFirstPurchase(outbound!.purchase);
    } catch (error) {
      // The return's attempt 1 was never sent: it surely bought nothing, so its next attempt need not wait to settle.
      await labels.recordAttemptOutcome(labels.firstAttempt(back!.purchase), 'refused', now());
      throw error;
    }
    let returnLabel: PurchasedLabel;
    try {
      returnLabel = await parts.sendFirstPurchase(back!.purchase);
    } catch (error) {
      const bought = await parts.finish(outbound!.purchase, outboundLabel, pair.workflowId, { firstAttempt: true });
      if (isDefiniteRefusal(error)) return { outbound: bought };
      throw error;
    }
    const [outboundBought, returnBought] = await finishBoth(pair, [{ intent: outbound!.purchase, label: outboundLabel }, { intent: back!.purchase, label: returnLabel }]);
    return { outbound: outboundBought!, return: returnBought! };
  };
}
