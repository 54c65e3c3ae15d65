/** Cancel before hand-over: release the unit, void bought labels, close tasks, tell the customer; failures are recorded. */
import type { LegKind } from '../domain/types';
import { compensation } from './activity-presets';
import { errorMessage, type ClaimRun } from './claim-context';

/** Runs one compensation; a failure (after the preset's attempts) is recorded on the timeline and the claim goes on. */
async function compensate(run: ClaimRun, key: string, what: string, action: () => Promise<string>): Promise<void> {
  try {
    const done = await action();
    await run.record(`cancel-${key}`, done);
  } catch (err) {
    await run.record(`cancel-${key}-failed`, `Compensation failed, needs support: could not ${what}: ${errorMessage(err)}`, { flags: { escalated: true } });
  }
}

/** Undoes what the claim did so far and moves it to `cancelled`. */
export async function cancelClaim(run: ClaimRun): Promise<void> {
  const request = run.cancel.request!;
  const { claimId } = run.state;
  if (run.projected) await run.flush();
  if (run.state.unit) {
    const unitId = run.state.unit.unitId;
    await compensate(run, 'release-unit', `release unit ${unitId}`, async () => {
      await compensation.releaseUnit({ claimId });
      return `Released unit ${unitId}`;
    });
  }
  for (const leg of ['outbound', 'return'] as LegKind[]) {
    const label = run.state.legs[leg].label;
    if (!label && !run.labelPurchasesStarted.has(leg)) continue;
    const name = label ? `${leg} label ${label.trackingNumber}` : `${leg} label (purchase interrupted)`;
    await compensate(run, `void-${leg}`, `void the ${name}`, async () => {
      const { voided } = await compensation.voidLabel({ claimId, leg });
      run.state.legs[leg].voided = voided;
      return voided ? `Voided the ${name}` : `The ${name} had nothing to void`;
    });
  }
  for (const task of [...run.state.openTasks]) {
    await compensate(run, `close-${task.kind}`, `close the ${task.kind} task`, async () => {
      await run.closeTask(task.kind, 'cancelled');
      return `Closed the ${task.kind} task`;
    });
  }
  run.state.cancellation = request;
  await run.setStatus('cancelled', `Claim cancelled: ${request.reason}`, { nextDeadline: null, actor: request.cancelledBy });
  await run.email('claim-cancelled', 1, { reason: request.reason });
}
