/**
 * Wraps the carrier port so each label actually bought or voided at the carrier moves a counter, and a refusal of
 * the product's credentials (`CarrierConfiguration`) alerts operations: `rf_carrier_configuration_errors_total`, an
 * error log line, and the carrier health that the worker's /readyz reports.
 */
import type { Logger } from 'pino';
import type { CarrierPort } from '../carrier/port';
import { FailureTypes } from '../domain/failures';
import type { CarrierHealth } from './carrier-health';
import type { ProductMetrics } from './metrics';

/** The leg of a purchase reference `<claimId>:<leg>` (see carrier/label-store `purchaseId`). */
function legOf(reference: string): string {
  const leg = reference.slice(reference.lastIndexOf(':') + 1);
  return leg === 'outbound' || leg === 'return' ? leg : 'unknown';
}

/** What else the metered port reports to (optional: the counters alone without them). */
export interface CarrierAlerts {
  health?: CarrierHealth;
  logger?: Pick<Logger, 'error'>;
}

const isConfigurationError = (error: unknown) => (error as { type?: unknown } | null)?.type === FailureTypes.CarrierConfiguration;

/** The same port; `buyLabel`/`voidLabel` count on success, every call reports a credentials refusal. */
export function meteredCarrier(carrier: CarrierPort, metrics: ProductMetrics, alerts: CarrierAlerts = {}): CarrierPort {
  async function watched<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      alerts.health?.accepted();
      return result;
    } catch (error) {
      if (isConfigurationError(error)) {
        const message = (error as Error).message;
        metrics.carrierConfigurationErrors.inc({ operation });
        alerts.health?.refused(message);
        alerts.logger?.error({ operation, error: message }, 'carrier refuses the API credentials: check SHIPPO_API_TOKEN; claims wait and resume by themselves');
      }
      throw error;
    }
  }
  return {
    validateAddress: (address) => watched('validateAddress', () => carrier.validateAddress(address)),
    createShipment: (request) => watched('createShipment', () => carrier.createShipment(request)),
    findLabelForRate: (rate) => watched('findLabelForRate', () => carrier.findLabelForRate(rate)),
    readRefundState: (transactionId) => watched('readRefundState', () => carrier.readRefundState(transactionId)),
    registerTracking: (name, trackingNumber, reference) => watched('registerTracking', () => carrier.registerTracking(name, trackingNumber, reference)),
    readTracking: (name, trackingNumber) => watched('readTracking', () => carrier.readTracking(name, trackingNumber)),
    async buyLabel(rate, reference) {
      const label = await watched('buyLabel', () => carrier.buyLabel(rate, reference));
      metrics.labelsBought.inc({ carrier: label.carrier, leg: legOf(reference) });
      return label;
    },
    async voidLabel(transactionId) {
      const result = await watched('voidLabel', () => carrier.voidLabel(transactionId));
      if (result.status !== 'ERROR') metrics.labelsVoided.inc();
      return result;
    },
  };
}
