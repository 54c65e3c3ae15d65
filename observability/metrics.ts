/**
 * The product's own Prometheus metrics (prom-client), one registry per process. Counters count real side effects
 * made by this process (a label bought at the carrier, an email accepted by SMTP), never retries of finished work.
 */
import type { Db } from 'mongodb';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { claimCountsByStatus } from '../data/claim-counts';

/** The counters and the registry that serves them. */
export interface ProductMetrics {
  registry: Registry;
  /** Labels bought at the carrier (money spent), by carrier and leg. */
  labelsBought: Counter<'carrier' | 'leg'>;
  /** Labels voided (refund requested) at the carrier. */
  labelsVoided: Counter<never>;
  /** Customer emails accepted by the SMTP server, by kind (a retry that finds it already sent does not count). */
  emailsSent: Counter<'kind'>;
  /** Customer emails not delivered: `rejected` (5xx), `unconfirmed` (outcome unknown), `invalid` (bad data), `attempt-error` (retried). */
  emailsFailed: Counter<'kind' | 'reason'>;
  /** Carrier tracking webhooks: `accepted` (2xx), `rejected` (4xx: forged or malformed), `error` (5xx: Shippo retries). */
  webhookEvents: Counter<'outcome'>;
  /** Carrier calls refused for the product's credentials (401/403: revoked or wrong SHIPPO_API_TOKEN), by operation. */
  carrierConfigurationErrors: Counter<'operation'>;
}

/** Creates the registry with the product counters and Node's process metrics, labelled with `service`. */
export function createProductMetrics(service: string): ProductMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'rf_' });
  const registers = [registry];
  return {
    registry,
    labelsBought: new Counter({ name: 'rf_labels_bought_total', help: 'Shipping labels bought at the carrier.', labelNames: ['carrier', 'leg'], registers }),
    labelsVoided: new Counter({ name: 'rf_labels_voided_total', help: 'Shipping labels voided (refund requested) at the carrier.', registers }),
    emailsSent: new Counter({ name: 'rf_emails_sent_total', help: 'Customer emails accepted by the SMTP server.', labelNames: ['kind'], registers }),
    emailsFailed: new Counter({ name: 'rf_emails_failed_total', help: 'Customer emails refused, unconfirmed, or attempts that failed and will be retried.', labelNames: ['kind', 'reason'], registers }),
    webhookEvents: new Counter({ name: 'rf_webhook_events_total', help: 'Carrier tracking webhook deliveries by outcome.', labelNames: ['outcome'], registers }),
    carrierConfigurationErrors: new Counter({
      name: 'rf_carrier_configuration_errors_total', help: 'Carrier calls refused for the API credentials (check SHIPPO_API_TOKEN).', labelNames: ['operation'], registers,
    }),
  };
}

/**
 * Adds `rf_claims{status}`: claims by status, database-wide (every process reports the same value: aggregate with
 * max, not sum), from the working set and the rollups of finished claims (data/claim-counts.ts), not a count of the claims.
 */
export function registerClaimsByStatus(metrics: ProductMetrics, db: Db): void {
  new Gauge({
    name: 'rf_claims',
    help: 'Claims by status (database-wide, from the working set and the rollups at scrape time).',
    labelNames: ['status'],
    registers: [metrics.registry],
    async collect() {
      const counts = await claimCountsByStatus(db, new Date());
      this.reset();
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
}

/** Counts a webhook response by its HTTP status. */
export function countWebhookResponse(metrics: ProductMetrics, statusCode: number): void {
  const outcome = statusCode < 300 ? 'accepted' : statusCode < 500 ? 'rejected' : 'error';
  metrics.webhookEvents.inc({ outcome });
}
