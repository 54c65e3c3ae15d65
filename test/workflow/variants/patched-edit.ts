/** Test-only workflows variant: the same edit as `unpatched-edit.ts`, but behind `patched()` as the house rule says. */
import { patched, sleep } from '@temporalio/workflow';
import type { ClaimState, ClaimWorkflowInput } from '../../../domain/claim-view';
import { replacementClaim as current } from '../../../workflows/replacement-claim';

/** New runs get the timer; histories recorded before the patch replay unchanged. */
export async function replacementClaim(input: ClaimWorkflowInput): Promise<ClaimState> {
  if (patched('timer-before-open')) await sleep('1 second');
  return current(input);
}
