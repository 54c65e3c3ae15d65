/** The replacement claim workflow: one durable run from trigger to closed claim (the rules: docs/claim-lifecycle.md). */
import { allHandlersFinished, ApplicationFailure, condition } from '@temporalio/workflow';
import type { ClaimState, ClaimWorkflowInput, DeviceLookup } from '../domain/claim-view';
import { FailureTypes } from '../domain/failures';
import { policyProblems } from '../domain/policy';
import { ClaimCancelled } from './cancel-guard';
import { cancelClaim } from './cancellation';
import { ClaimRun } from './claim-context';
import { decideClaim, lookUpDevice } from './eligibility-step';
import { buyLabels, reserveReplacement } from './fulfilment';
import { installHandlers } from './handlers';
import { awaitReturn } from './return-wait';
import { moveDeviceIdentity } from './provisioning-step';
import { awaitHandOver, recordHandOver } from './shipping';

/** Carries one warranty replacement from trigger to a terminal status; returns the final claim state. */
export async function replacementClaim(input: ClaimWorkflowInput): Promise<ClaimState> {
  const run = new ClaimRun(input);
  const problems = policyProblems(run.policy);
  if (problems.length > 0) throw ApplicationFailure.nonRetryable(`invalid claim input: ${problems.join('; ')}`, FailureTypes.InvalidData);
  const review = installHandlers(run);
  run.upsertSearchAttributes();

  // Under the answer-at-decision patch the claim's read model is created once it is decided (decideClaim).
  const lookup = run.answersAtDecision ? await lookUpDevice(run) : await openThenLookUp(run);
  let handedOver = false;
  try {
    if (await decideClaim(run, review, lookup)) {
      await reserveReplacement(run);
      await buyLabels(run);
      await awaitHandOver(run);
      handedOver = true;
    }
  } catch (err) {
    if (!(err instanceof ClaimCancelled)) throw err;
    await cancelClaim(run);
  }
  if (handedOver) {
    await recordHandOver(run);
    const identityMove = run.identityMoved ? moveDeviceIdentity(run) : undefined; // beside the return wait
    await awaitReturn(run);
    await identityMove;
  }
  if (run.projected) await run.flush();
  await condition(allHandlersFinished);
  return run.state;
}

/** Claims started before the answer-at-decision patch: the read model first (projected: with the model), then the lookup. */
async function openThenLookUp(run: ClaimRun): Promise<DeviceLookup> {
  const lookup = run.projected ? await lookUpDevice(run) : undefined; // the claim opens with its device's model
  await run.recordOpened();
  return lookup ?? lookUpDevice(run);
}
