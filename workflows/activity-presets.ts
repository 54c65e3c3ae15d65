/** Named timeout/retry presets for the claim workflow's activities, and the proxies that use them. */
import { ActivityCancellationType, proxyActivities, proxyLocalActivities, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { ClaimActivities } from '../activities/contract';
import { FailureTypes } from '../domain/failures';

const NON_RETRYABLE = Object.values(FailureTypes);
/** Activities heartbeat every 3 s (activities/heartbeat.ts): an attempt on a worker that died is retried after this. */
const HEARTBEAT_TIMEOUT = '15 seconds';

/** Timeout/retry presets by kind of outside work. */
export const ActivityPresets = {

  /** Carrier API (label purchase): slower, rate-limited; retried until it answers, typed refusals are final.
   *  A cancel interrupts it between attempts; the workflow waits for a running attempt to end before compensating. */
  carrier: {
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: NON_RETRYABLE },
  },
  /** Customer email: retried for about a day, then given up and recorded on the claim (never fails the claim). */
  email: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 60, nonRetryableErrorTypes: NON_RETRYABLE },
  },
  /** Compensation on cancel/close (release unit, void label): a label left unrefunded is money lost, so transient
   *  faults are retried until the carrier answers; a typed refusal is final and recorded on the claim. */
  compensation: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: NON_RETRYABLE },
  },
  /** The claim's opening as a regular activity (ANSWER_BEFORE_OPENING_PATCH): quick, idempotent database work,
   *  retried until the database is back; typed refusals (bad data) are final. */
  readModel: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE },
  },
  /** Provisioning (files, the redirect service, the PBX webhook): a few quick retries, then the claim opens a task for
   *  support and tries again on its own schedule (policy `provisioningRetryEvery`), never blocking the shipment. */
  provisioning: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE },
  },
} satisfies Record<string, ActivityOptions>;

/**
 * Read model, registry, inventory and tasks: quick, idempotent database work, run as local activities (one marker
 * event each, no task-queue round trip), retried until the database is back; a long outage moves the retries to
 * workflow-task backoff (localRetryThreshold).
 */
export const LocalActivityPresets = {
  database: {
    startToCloseTimeout: '30 seconds',
    localRetryThreshold: '10 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE },
  },
  /** Customer email as a local activity (no task-queue round trip, one marker event instead of three events plus a
   *  workflow task): the outbox makes it exactly-once across re-runs; retried for about a day, then recorded. */
  email: {
    startToCloseTimeout: '1 minute',
    localRetryThreshold: '10 seconds',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 60, nonRetryableErrorTypes: NON_RETRYABLE },
  },
} satisfies Record<string, LocalActivityOptions>;

/** Database-backed activities (read model, registry, inventory, tasks), as local activities. */
export const database = proxyLocalActivities<ClaimActivities>(LocalActivityPresets.database);
/** The claim's opening as a regular activity, off the task that answers support (ANSWER_BEFORE_OPENING_PATCH). */
export const readModel = proxyActivities<ClaimActivities>(ActivityPresets.readModel);
/** Carrier activities (label purchase). */
export const carrier = proxyActivities<ClaimActivities>(ActivityPresets.carrier);
/** The customer-email activity (claims started before the `lean-history` patch). */
export const mailer = proxyActivities<ClaimActivities>(ActivityPresets.email);
/** The customer-email activity as a local activity (claims started since the `lean-history` patch). */
export const localMailer = proxyLocalActivities<ClaimActivities>(LocalActivityPresets.email);
/** Provisioning activities (the identity move of the replacement and the defective device). */
export const provisioning = proxyActivities<ClaimActivities>(ActivityPresets.provisioning);
/** Compensating activities (release unit, void labels). */
export const compensation = proxyActivities<ClaimActivities>(ActivityPresets.compensation);
