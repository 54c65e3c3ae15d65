/** Step 1: look the device up, decide eligibility (pure), and for an unknown device wait for a supervisor. */
import { decisionAtOpening } from '../domain/eligibility';
import { slaDueAt } from '../domain/deadlines';
import { database } from './activity-presets';
import { errorMessage, typedFailure, type ClaimRun } from './claim-context';
import { FailureTypes } from '../domain/failures';
import type { DeviceLookup } from '../domain/claim-view';
import type { ReviewOutcome } from './handlers';

/**
 * The claim's device as the registry has it: under the device-given patch the answer the opener passed in the input,
 * when it did; else read with the `lookupDevice` activity (a record that fails validation is reported, not thrown).
 */
export async function lookUpDevice(run: ClaimRun): Promise<DeviceLookup> {
  const given = run.deviceGiven ? run.input.device : undefined;
  if (given) {
    run.state.device = given.device;
    if (given.device) run.state.model = given.device.model;
    return given;
  }
  try {
    const device = await database.lookupDevice({ mac: run.input.request.mac });
    run.state.device = device;
    if (device) run.state.model = device.model;
    return { device };
  } catch (err) {
    if (typedFailure(err) !== FailureTypes.InvalidData) throw err;
    run.state.device = null;
    return { device: null, registryProblem: errorMessage(err) };
  }
}

/** Decides the claim from its device lookup; true when approved (a denial is recorded and the customer emailed). */
export async function decideClaim(run: ClaimRun, review: ReviewOutcome, lookup: DeviceLookup): Promise<boolean> {
  const { request, openedAt } = run.input;
  if (!run.answersAtDecision) run.checkpoint();
  let decision = decisionAtOpening(request, openedAt, lookup);

  if (decision.outcome === 'review') {
    run.state.decision = decision;
    await run.openTask('review-device', slaDueAt(Date.now(), run.policy.reviewTaskSla, run.policy), `Unknown device ${request.mac} (ext. ${request.extension}): approve (with its model) or deny, with a written reason`);
    await run.setStatus('under-review', decision.explanation, { decision });
    const offTask = await openDecided(run);
    await run.email('claim-under-review', 1, { explanation: decision.explanation }, { offTask });
    await run.waitFor(() => review.decision !== undefined);
    decision = review.decision!;
    await run.closeTask('review-device', decision.outcome);
  }

  run.state.decision = decision;
  if (decision.outcome === 'approved') {
    const model = run.state.device ? {} : { ...(run.state.model ? { model: run.state.model } : {}) }; // the supervisor's
    await run.setStatus('approved', decision.explanation, { decision, ...model, ...(decision.decidedBy ? { actor: decision.decidedBy } : {}) });
    const offTask = await openDecided(run);
    await run.email('claim-received', 1, {}, { offTask });
    return true;
  }
  await run.setStatus('denied', decision.explanation, { decision, nextDeadline: null, ...(decision.decidedBy ? { actor: decision.decidedBy } : {}) });
  const offTask = await openDecided(run);
  await run.email('claim-denied', 1, { rule: decision.rule, explanation: decision.explanation }, { offTask });
  return false;
}

/**
 * Under the answer-at-decision patch, creates the claim's read model with its first decision (once; a cancel is
 * honoured only after it exists) and returns true when the email that follows must leave the workflow task, whose
 * end answers support. False for claims opened before deciding, for a decision after a review, and for a claim
 * opened off the answering task (its task has ended: the email follows as a local activity).
 */
async function openDecided(run: ClaimRun): Promise<boolean> {
  if (!run.answersAtDecision || run.opened) return false;
  await run.recordOpened();
  run.checkpoint();
  return !run.opensOffTask;
}
