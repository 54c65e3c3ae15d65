/**
 * Wraps the built activities for observability: each activity logs its outcome through the activity context
 * logger (which carries workflowId, activityType, attempt) with the claim id, and email outcomes move counters.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ClaimActivities, SendEmailInput, SendEmailResult } from './contract';
import type { ProductMetrics } from '../observability/metrics';

type AnyActivity = (input: unknown) => Promise<unknown>;

function claimIdOf(input: unknown): string | undefined {
  const claimId = (input as { claimId?: unknown } | undefined)?.claimId;
  return typeof claimId === 'string' ? claimId : undefined;
}

function contextLog(): Context['log'] | undefined {
  try {
    return Context.current().log;
  } catch {
    return undefined; // called outside an activity (a direct call in a test)
  }
}

/** `invalid` for a non-retryable failure (bad data: the email will never be sent), else `attempt-error` (retried). */
function failureReason(error: unknown): string {
  return error instanceof ApplicationFailure && error.nonRetryable ? 'invalid' : 'attempt-error';
}

/** Counts one email outcome: `sent` and refusals count; `already-sent` is a retry of finished work and does not. */
export function countEmailOutcome(metrics: ProductMetrics, kind: string, result: SendEmailResult): void {
  if (result.status === 'sent') metrics.emailsSent.inc({ kind });
  if (result.status === 'rejected' || result.status === 'unconfirmed') metrics.emailsFailed.inc({ kind, reason: result.status });
}

/** The same activities, each logging `claimId` and outcome; `sendCustomerEmail` also counts its outcome. */
export function instrumentActivities(activities: ClaimActivities, metrics: ProductMetrics): ClaimActivities {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, activity] of Object.entries(activities) as Array<[string, AnyActivity]>) {
    wrapped[name] = async (input: unknown) => {
      const claimId = claimIdOf(input);
      const started = Date.now();
      try {
        const result = await activity(input);
        if (name === 'sendCustomerEmail') countEmailOutcome(metrics, (input as SendEmailInput).kind, result as SendEmailResult);
        contextLog()?.info(`${name} done`, { claimId, durationMs: Date.now() - started });
        return result;
      } catch (error) {
        if (name === 'sendCustomerEmail') metrics.emailsFailed.inc({ kind: String((input as SendEmailInput).kind), reason: failureReason(error) });
        contextLog()?.warn(`${name} failed`, { claimId, durationMs: Date.now() - started, error: (error as Error).message });
        throw error;
      }
    };
  }
  return wrapped as unknown as ClaimActivities;
}
