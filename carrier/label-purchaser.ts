/** Exactly-once label buying and voiding per claim and leg, over the carrier port and the label store. */
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from 'mongodb';
import { FailureTypes } from '../domain/failures';
import { postalAddressFields, type LegKind, type PostalAddress } from '../domain/types';
import { carrierRefusal, CarrierTransientError } from './errors';
import { createLabelStore, purchaseId, type LabelPurchase, type PurchaseAttempt } from './label-store';
import type { CarrierPort, PurchasedLabel, RateOption } from './port';
import { chooseRate, type RatePolicy } from './rate-policy';
import { silentLogger, type CarrierLogger } from './tracking-ingest';
import { createTrackingStore, type RouteOwner } from './tracking-store';
import { createPairBuyer, isDefiniteRefusal } from './label-pair';

/** Dependencies of the purchaser. */
export interface LabelPurchaserDeps {
  db: Db;
  carrier: CarrierPort;
  ratePolicy?: RatePolicy;
  /**
   * After a purchase request whose outcome is unknown (timeout, dropped connection, 5xx), wait this long for it to
   * show up in `transactions.list({ rate })` before buying again (default 120 s; keep it above the SDK timeout).
   */
  purchaseSettleMs?: number;
  log?: CarrierLogger;
  now?: () => Date;
}

/** What to buy. */
export interface LabelOrder {
  claimId: string;
  leg: LegKind;
  shipTo: PostalAddress;
  carrier?: string;
  /** The claim's workflow, stored on the tracking route so webhooks signal it without a read-model lookup. */
  workflowId?: string;
}

function sameAddress(a: PostalAddress, b: PostalAddress): boolean {
  return postalAddressFields.every((field) => (a[field] ?? '') === (b[field] ?? ''));
}

/** Creates `buy`, `buyPair` (carrier/label-pair.ts) and `void` (see each for its idempotency). */
export function createLabelPurchaser(deps: LabelPurchaserDeps) {
  const labels = createLabelStore(deps.db);
  const routes = createTrackingStore(deps.db);
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? silentLogger;
  const settleMs = deps.purchaseSettleMs ?? 120_000;

  /**
   * Records the bought label and the leg's tracking route. A fresh purchase (`fresh`) registers the number for
   * webhooks first and inserts the route as registered (one write: the whole route, into the poller's working set); a
   * webhook that beats the route is answered 202 and its events come again with the next one (each carries the whole
   * history). A retry saves the route where it is and registers only when it is not registered yet.
   */
  async function finish(purchase: LabelPurchase, label: PurchasedLabel, workflowId?: string, fresh?: { firstAttempt: boolean }): Promise<PurchasedLabel> {
    const stored = await labels.recordBought(purchase._id, label, now(), purchase, fresh?.firstAttempt ?? false);
    const bought = stored.label ?? label;
    const route = { trackingNumber: bought.trackingNumber, claimId: purchase.claimId, leg: purchase.leg, carrier: bought.carrier, ...(workflowId ? { workflowId } : {}) };
    if (fresh) {
      const registered = await register(bought, purchase._id);
      if (await routes.insertRoute(route, registered, now())) return bought;
    }
    await keepRoute(route, bought, purchase._id);
    return bought;
  }

  /** Saves a leg's route where it is (a retry, or a route inserted first by someone else) and registers it if not yet. */
  async function keepRoute(route: RouteOwner, bought: PurchasedLabel, reference: string): Promise<void> {
    const saved = await routes.saveRoute(route, now());
    if (!saved.registered && await register(bought, reference)) await routes.markRegistered(bought.trackingNumber);
  }

  /** Registers the number for webhooks; false when the carrier refuses for good (the poller covers the leg). */
  async function register(label: PurchasedLabel, reference: string): Promise<boolean> {
    try {
      await deps.carrier.registerTracking(label.carrier, label.trackingNumber, reference);
      return true;
    } catch (error) {
      if (!(error instanceof ApplicationFailure && error.nonRetryable)) throw error;
      log.warn({ trackingNumber: label.trackingNumber, error: error.message }, 'tracking registration refused; the poller will cover this leg');
      return false;
    }
  }

  /**
   * Sends the leg's purchase request as attempt `attemptNo`, only if this caller inserts that attempt (so overlapping
   * attempts never both buy); `replacement` is a new quote for a changed address, written once the attempt is ours.
   */
  async function purchase(intent: LabelPurchase, rate: RateOption, attemptNo: number, workflowId: string | undefined, replacement?: Awaited<ReturnType<typeof quote>>): Promise<PurchasedLabel> {
    const sent = await sendPurchase(intent, rate, attemptNo, replacement);
    return finish(sent.current, sent.label, workflowId, { firstAttempt: sent.firstAttempt });
  }

  /** `purchase` up to the carrier's answer: the attempt claimed, the request sent, a refusal released; nothing recorded of a label bought. */
  async function sendPurchase(intent: LabelPurchase, rate: RateOption, attemptNo: number, replacement?: Awaited<ReturnType<typeof quote>>): Promise<{ current: LabelPurchase; label: PurchasedLabel; firstAttempt: boolean }> {
    const firstAttempt = attemptNo === 1 && intent.firstAttemptInRecord === true;
    const attempt = firstAttempt ? labels.firstAttempt(intent) : await labels.claimAttempt(intent._id, attemptNo, rate, now());
    if (!attempt) throw new CarrierTransientError(`label purchase for ${intent._id} is being made by another attempt; retrying`);
    const current = replacement ? await labels.replaceIntent(intent._id, replacement, now()) : intent;
    if (!current) throw new CarrierTransientError(`label purchase for ${intent._id} is no longer an intent; retrying`);
    let label: PurchasedLabel;
    try {
      label = await deps.carrier.buyLabel(rate, intent._id);
    } catch (error) {
      if (isDefiniteRefusal(error)) await release(attempt);
      throw error;
    }
    if (!firstAttempt) await labels.recordAttemptOutcome(attempt, 'bought', now(), label);
    return { current, label, firstAttempt };
  }

  /** The carrier surely bought nothing: let the next attempt be claimed. */
  async function release(attempt: PurchaseAttempt): Promise<void> {
    await labels.recordAttemptOutcome(attempt, 'refused', now());
  }

  async function quote(order: LabelOrder): Promise<Omit<LabelPurchase, '_id' | 'state' | 'createdAt' | 'updatedAt'>> {
    const check = await deps.carrier.validateAddress(order.shipTo);
    if (!check.valid) {
      const why = check.messages.join('; ') || 'no reason given';
      throw carrierRefusal(`shipTo: the carrier cannot deliver to this address (${why})`, FailureTypes.InvalidAddress, `The carrier cannot deliver to this address: ${why}`);
    }
    const shipment = await deps.carrier.createShipment({ leg: order.leg, customer: order.shipTo, reference: purchaseId(order.claimId, order.leg) });
    const rate = chooseRate(shipment.rates, deps.ratePolicy ?? {}, order.leg === 'return' ? order.carrier : undefined);
    if (!rate) {
      const offered = shipment.rates.map((option) => `${option.carrier} ${option.serviceLevel} ${option.amount} ${option.currency}`).join(', ') || 'none';
      const wanted = order.leg === 'return' ? ` for carrier ${order.carrier ?? '?'}` : '';
      const said = shipment.messages.join('; ');
      throw carrierRefusal(`no allowed rate${wanted} (offered: ${offered}; ${said})`, FailureTypes.NoRates,
        `No carrier service we ship with serves this address${wanted}${said ? ` (the carrier says: ${said})` : ''}`);
    }
    return { claimId: order.claimId, leg: order.leg, shipTo: order.shipTo, shipmentId: shipment.shipmentId, rate };
  }

  /**
   * Buys the leg's label exactly once. Idempotent: a bought leg returns the stored label; a leg whose last attempt may
   * have bought is resolved with `transactions.list({ rate })` before the next attempt is claimed (a unique insert).
   * `firstTry` (the activity's first attempt at a leg the claim never started) skips reading the leg first: the
   * intent's insert tells, and a leg stored before goes on from what is stored as a retry would.
   */
  async function buy(order: LabelOrder, options: { firstTry?: boolean } = {}): Promise<PurchasedLabel> {
    let existing = options.firstTry ? null : await labels.find(order.claimId, order.leg);
    if (!existing) {
      const quoted = await quote(order);
      const intent = await labels.recordIntent(quoted, now());
      if (intent.won) return purchase(intent.purchase, intent.purchase.rate, 1, order.workflowId);
      existing = intent.purchase;
    }
    if (existing.state === 'bought' && existing.label) return finish(existing, existing.label, order.workflowId);
    if (existing.state === 'voided') {
      throw ApplicationFailure.nonRetryable(`label for ${existing._id} was voided; a voided leg is not bought again`, FailureTypes.CarrierRejected);
    }
    const latest = await labels.latestAttempt(existing);
    if (latest?.outcome === 'bought' && latest.label) return finish(existing, latest.label, order.workflowId);
    const found = await deps.carrier.findLabelForRate(latest?.rate ?? existing.rate);
    if (found) return finish(existing, found, order.workflowId);
    // `purchaseStartedAt` is only on intents written before attempts were recorded (read for them, no longer written).
    const startedAt = latest ? latest.startedAt : existing.purchaseStartedAt;
    if (latest?.outcome !== 'refused' && startedAt !== undefined && now().getTime() - startedAt.getTime() < settleMs) {
      throw new CarrierTransientError(`label purchase for ${existing._id} has an unknown outcome; waiting for it to settle before buying again`);
    }
    const next = (latest?.attemptNo ?? 0) + 1;
    if (sameAddress(existing.shipTo, order.shipTo)) return purchase(existing, existing.rate, next, order.workflowId);
    const replacement = await quote(order);
    return purchase(existing, replacement.rate, next, order.workflowId, replacement);
  }

  /**
   * Voids the leg's label. Idempotent: no label → `{ voided: false }`; already voided (by us or at the carrier) →
   * `{ voided: true }` without a second refund request.
   */
  async function voidLeg(claimId: string, leg: LegKind): Promise<{ voided: boolean }> {
    let purchaseDoc = await labels.find(claimId, leg);
    if (!purchaseDoc) return { voided: false };
    if (purchaseDoc.state === 'voided') return { voided: true };
    if (purchaseDoc.state === 'intent') {
      const latest = await labels.latestAttempt(purchaseDoc);
      const found = latest?.label ?? await deps.carrier.findLabelForRate(latest?.rate ?? purchaseDoc.rate);
      if (!found) return { voided: false };
      purchaseDoc = await labels.recordBought(purchaseDoc._id, found, now());
    }
    const label = purchaseDoc.label as PurchasedLabel;
    const state = await deps.carrier.readRefundState(label.transactionId);
    if (state === 'rejected') {
      log.warn({ claimId, leg, transactionId: label.transactionId }, 'the carrier rejected the refund of this label');
      return { voided: false };
    }
    const refund = state === 'none' ? await deps.carrier.voidLabel(label.transactionId) : { refundId: 'existing', status: state === 'refunded' ? 'SUCCESS' as const : 'PENDING' as const };
    await labels.recordVoided(purchaseDoc._id, refund, now());
    await routes.deactivate(label.trackingNumber);
    return { voided: true };
  }

  const buyPair = createPairBuyer({
    labels, routes, now, quote, buy, finish, register, keepRoute,
    sendFirstPurchase: async (intent) => (await sendPurchase(intent, intent.rate, 1)).label,
  });
  return { buy, buyPair, void: voidLeg };
}
