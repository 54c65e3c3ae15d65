/** Test-only workflows variant: the claim workflow with an unversioned edit (a timer before the first step). */
import { sleep } from '@temporalio/workflow';
import type { ClaimState, ClaimWorkflowInput } from '../../../domain/claim-view';
import { replacementClaim as current } from '../../../workflows/replacement-claim';

/** The same workflow type, but its first command is now a timer: replaying an old history must fail. */
export async function replacementClaim(input: ClaimWorkflowInput): Promise<ClaimState> {
  await sleep('1 second');
  return current(input);
}
