/** Wraps the carrier port so each label actually bought or voided at the carrier moves a counter. */
import type { CarrierPort } from '../carrier/port';
import type { ProductMetrics } from './metrics';

/** The leg of a purchase reference `<claimId>:<leg>` (see carrier/label-store `purchaseId`). */
function legOf(reference: string): string {
  const leg = reference.slice(reference.lastIndexOf(':') + 1);
  return leg === 'outbound' || leg === 'return' ? leg : 'unknown';
}

/** The same port; `buyLabel`/`voidLabel` count on success (they are the only calls that spend or refund money). */
export function meteredCarrier(carrier: CarrierPort, metrics: ProductMetrics): CarrierPort {
  return {
    validateAddress: (address) => carrier.validateAddress(address),
    createShipment: (request) => carrier.createShipment(request),
    findLabelForRate: (rate) => carrier.findLabelForRate(rate),
    readRefundState: (transactionId) => carrier.readRefundState(transactionId),
    registerTracking: (name, trackingNumber, reference) => carrier.registerTracking(name, trackingNumber, reference),
    readTracking: (name, trackingNumber) => carrier.readTracking(name, trackingNumber),
    async buyLabel(rate, reference) {
      const label = await carrier.buyLabel(rate, reference);
      metrics.labelsBought.inc({ carrier: label.carrier, leg: legOf(reference) });
      return label;
    },
    async voidLabel(transactionId) {
      const result = await carrier.voidLabel(transactionId);
      if (result.status !== 'ERROR') metrics.labelsVoided.inc();
      return result;
    },
  };
}
