/** A test-only workflow: sleeps for a policy-sized duration, then reports when it woke up (workflow time). */
import { sleep } from '@temporalio/workflow';

/** Sleeps `days` days of workflow time and returns the start and wake-up instants (ms). */
export async function thirtyDayTimer(days: number): Promise<{ startedAt: number; wokeAt: number }> {
  const startedAt = Date.now();
  await sleep(`${days} days`);
  return { startedAt, wokeAt: Date.now() };
}
