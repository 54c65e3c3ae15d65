/** Test-only workflow: buys both legs' labels through activities served on another task queue. */
import { proxyActivities } from '@temporalio/workflow';
import type { BuyLabelInput, ClaimActivities } from '../../../../activities/contract';
import type { LabelRecord, PostalAddress } from '../../../../domain/types';

/** Buys the outbound label, then the return label with the same carrier. */
export async function buyBothLabels(input: { claimId: string; shipTo: PostalAddress; activityQueue: string }): Promise<LabelRecord[]> {
  const { buyLabel } = proxyActivities<Pick<ClaimActivities, 'buyLabel'>>({
    taskQueue: input.activityQueue,
    startToCloseTimeout: '4s',
    retry: { initialInterval: '200ms', maximumInterval: '1s', backoffCoefficient: 2, maximumAttempts: 30 },
  });
  const outbound: BuyLabelInput = { claimId: input.claimId, leg: 'outbound', shipTo: input.shipTo };
  const first = await buyLabel(outbound);
  const second = await buyLabel({ ...outbound, leg: 'return', carrier: first.carrier });
  return [first, second];
}
