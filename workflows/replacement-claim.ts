/** The replacement claim workflow: one durable run from trigger to closed claim (the rules: docs/claim-lifecycle.md). */
import { allHandlersFinished, ApplicationFailure, condition } from '@temporalio/workflow';
import type { ClaimState, ClaimWorkflowInput } from '../domain/claim-view';
import { FailureTypes } from '../domain/failures';
import { policyProblems } from '../domain/policy';
import { database } from './activity-presets';
import { ClaimCancelled } from './cancel-guard';
import { cancelClaim } from './cancellation';
import { ClaimRun } from './claim-context';
import { decideClaim, lookUpDevice, type DeviceLookup } from './eligibility-step';
import { buyLabels, reserveReplacement } from './fulfilment';
import { installHandlers } from './handlers';
import { awaitReturn } from './return-wait';
import { awaitHandOver, recordHandOver } from './shipping';

/** Carries one warranty replacement from trigger to a terminal status; returns the final claim state. */
export async function replacementClaim(input: ClaimWorkflowInput): Promise<ClaimState> {
  const run = new ClaimRun(input);
  const problems = policyProblems(run.policy);
  if (problems.length > 0) throw ApplicationFailure.nonRetryable(`invalid claim input: ${problems.join('; ')}`, FailureTypes.InvalidData);
  const review = installHandlers(run);
  run.upsertSearchAttributes();

  let lookup: DeviceLookup | undefined;
  if (run.projected) lookup = await lookUpDevice(run); // the claim opens with its device's model
  const opened = await database.recordClaimOpened({
    claimId: input.claimId, workflowId: run.state.workflowId, request: input.request, openedAt: input.openedAt, policy: run.state.policy,
    ...(run.projected && run.state.model ? { model: run.state.model } : {}),
  });
  run.state.trackingToken = opened.trackingToken;
  lookup ??= await lookUpDevice(run);

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
    await awaitReturn(run);
  }
  if (run.projected) await run.flush();
  await condition(allHandlersFinished);
  return run.state;
}
