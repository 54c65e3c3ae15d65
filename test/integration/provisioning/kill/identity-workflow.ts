/** Test-only workflow: both phases of an identity move through activities served on another task queue. */
import { proxyActivities } from '@temporalio/workflow';
import type { ClaimActivities, IdentityMoveInput, IdentityPhaseResult } from '../../../../activities/contract';

/** Provisions the replacement, then releases the defective MAC. */
export async function moveIdentity(input: { move: IdentityMoveInput; activityQueue: string }): Promise<IdentityPhaseResult[]> {
  const { provisionReplacement, releaseDefective } = proxyActivities<Pick<ClaimActivities, 'provisionReplacement' | 'releaseDefective'>>({
    taskQueue: input.activityQueue,
    startToCloseTimeout: '5s',
    retry: { initialInterval: '200ms', maximumInterval: '1s', backoffCoefficient: 2, maximumAttempts: 30 },
  });
  return [await provisionReplacement(input.move), await releaseDefective(input.move)];
}
