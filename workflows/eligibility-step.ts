/** Step 1: look the device up, decide eligibility (pure), and for an unknown device wait for a supervisor. */
import { utcDateOf } from '../domain/dates';
import { decideEligibility } from '../domain/eligibility';
import { slaDueAt } from '../domain/deadlines';
import { database } from './activity-presets';
import { errorMessage, typedFailure, type ClaimRun } from './claim-context';
import { FailureTypes } from '../domain/failures';
import type { DeviceRecord } from '../domain/types';
import type { ReviewOutcome } from './handlers';

/** Decides the claim; true when approved (a denial is recorded and the customer emailed). */
export async function decideClaim(run: ClaimRun, review: ReviewOutcome): Promise<boolean> {
  const { request, openedAt } = run.input;
  let device: DeviceRecord | null = null;
  let registryProblem: string | undefined;
  try {
    device = await database.lookupDevice({ mac: request.mac });
  } catch (err) {
    if (typedFailure(err) !== FailureTypes.InvalidData) throw err;
    registryProblem = errorMessage(err);
  }
  run.state.device = device;
  if (device) run.state.model = device.model;
  run.checkpoint();
  const reportedOn = utcDateOf(openedAt);
  let decision = decideEligibility({ mac: request.mac, device, fault: request.fault, reportedOn, ...(registryProblem ? { registryProblem } : {}) });

  if (decision.outcome === 'review') {
    run.state.decision = decision;
    await run.openTask('review-device', slaDueAt(Date.now(), run.policy.reviewTaskSla, run.policy), `Unknown device ${request.mac} (ext. ${request.extension}): approve (with its model) or deny, with a written reason`);
    await run.setStatus('under-review', decision.explanation, { decision });
    await run.email('claim-under-review', 1, { explanation: decision.explanation });
    await run.waitFor(() => review.decision !== undefined);
    decision = review.decision!;
    await run.closeTask('review-device', decision.outcome);
  }

  run.state.decision = decision;
  if (decision.outcome === 'approved') {
    await run.setStatus('approved', decision.explanation, { decision }, 'status-approved', decision.decidedBy);
    await run.email('claim-received', 1);
    return true;
  }
  await run.setStatus('denied', decision.explanation, { decision, nextDeadline: null }, 'status-denied', decision.decidedBy);
  await run.email('claim-denied', 1, { rule: decision.rule, explanation: decision.explanation });
  return false;
}
