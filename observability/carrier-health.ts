/**
 * Whether the carrier accepts the product's credentials, learnt from the carrier calls the process makes: a
 * `CarrierConfiguration` refusal (401/403: revoked or wrong SHIPPO_API_TOKEN) marks it failing until a call succeeds.
 * The worker's /readyz reports it (`carrier` check); claims wait meanwhile and re-try by themselves.
 */
import type { ReadinessCheck } from './health';

/** The carrier's state as far as this process has seen. */
export interface CarrierHealth {
  /** A carrier call succeeded: the credentials work. */
  accepted(): void;
  /** The carrier refused the credentials (message without secrets). */
  refused(message: string): void;
  /** Readiness check: throws while the carrier refuses the credentials. */
  check: ReadinessCheck;
}

/** Creates the tracker (healthy until a refusal is seen). */
export function createCarrierHealth(now: () => Date = () => new Date()): CarrierHealth {
  let failing: { since: string; message: string; refusals: number } | undefined;
  return {
    accepted() {
      failing = undefined;
    },
    refused(message) {
      failing = { since: failing?.since ?? now().toISOString(), message, refusals: (failing?.refusals ?? 0) + 1 };
    },
    async check() {
      if (failing) {
        throw new Error(`carrier failing since ${failing.since}: it refuses the API credentials (${failing.refusals} refusal${failing.refusals === 1 ? '' : 's'}); check SHIPPO_API_TOKEN. Last: ${failing.message}`);
      }
    },
  };
}
