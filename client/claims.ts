/** Client-side claim operations on Temporal: open (or find the open claim of a device), read its state. */
import { Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { newTrackingToken } from '../data/claim-index';
import type { ClaimPolicy } from '../domain/policy';
import { claimWorkflowId } from '../domain/ids';
import type { DeviceLookup } from '../domain/claim-view';
import { decisionAtOpening, STATUS_AFTER_DECISION } from '../domain/eligibility';
import type { ClaimRequest, ClaimStatus } from '../domain/types';
import type { replacementClaim } from '../workflows';
import { claimSnapshotUpdate, claimStateQuery, type ClaimState, type ClaimWorkflowInput } from '../workflows/messages';
import { ClaimStatusAttribute, DeviceMacAttribute, ExtensionAttribute } from '../workflows/search-attributes';

/** Result of `openClaim`: `created` is false when the device already had an open claim (that claim is returned). */
export interface OpenedClaim {
  claimId: string;
  workflowId: string;
  created: boolean;
  /** The claim's status: a new claim's once decided (approved, denied or under review). */
  status: ClaimStatus;
  /** The customer page's token (a claim opened by older code may have none yet). */
  trackingToken?: string;
}

const openedFrom = (state: ClaimState, workflowId: string, created: boolean): OpenedClaim => ({
  claimId: state.claimId, workflowId, created, status: state.status, ...(state.trackingToken ? { trackingToken: state.trackingToken } : {}),
});

/** A new claim id, e.g. `RC-20261129-7KQ2M9`: date for people, random part for uniqueness. */
export function newClaimId(now: Date = new Date()): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const random = [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `RC-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${random}`;
}

/**
 * Opens a replacement claim for a validated request. The workflow id comes from the device's MAC, so a device
 * with an open claim gets that claim back; once a claim is closed, a new one may start. The customer page's token is
 * made here, so the answer carries it before the claim's read model exists. `device`: the registry's answer read just
 * before: the claim's workflow is started (one round trip, no wait for its first task) and the answer is its first
 * decision, the domain's `decisionAtOpening` of the same input the workflow decides from; a device with an open claim
 * gets that claim's status (queried). Without it, update-with-start answers once the claim's first task has decided.
 */
export async function openClaim(
  client: Client,
  taskQueue: string,
  request: ClaimRequest,
  options: { policy?: Partial<ClaimPolicy>; now?: Date; device?: DeviceLookup } = {},
): Promise<OpenedClaim> {
  const now = options.now ?? new Date();
  const claimId = newClaimId(now);
  const input: ClaimWorkflowInput = {
    claimId, request, openedAt: now.toISOString(), policy: options.policy, trackingToken: newTrackingToken(claimId), ...(options.device ? { device: options.device } : {}),
  };
  const workflowId = claimWorkflowId(request.mac);
  const start = {
    taskQueue,
    workflowId,
    args: [input] as [ClaimWorkflowInput],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const,
    ...(options.policy?.searchAttributes !== false
      ? {
          typedSearchAttributes: new TypedSearchAttributes([
            { key: ClaimStatusAttribute, value: 'received' },
            { key: DeviceMacAttribute, value: request.mac },
            { key: ExtensionAttribute, value: request.extension },
          ]),
        }
      : {}),
  };
  if (options.device) {
    try {
      await client.workflow.start<typeof replacementClaim>('replacementClaim', { ...start, workflowIdConflictPolicy: 'FAIL' });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return openedFrom(await client.workflow.getHandle(workflowId).query(claimStateQuery), workflowId, false); // the device's open claim
    }
    const decision = decisionAtOpening(request, input.openedAt, options.device);
    return { claimId, workflowId, created: true, status: STATUS_AFTER_DECISION[decision.outcome], trackingToken: input.trackingToken! };
  }
  // Update-with-start: starts the workflow unless the device's claim is open (USE_EXISTING), and returns that
  // claim's state in the same round trip, once its first task has decided.
  const startOperation = new WithStartWorkflowOperation<typeof replacementClaim>('replacementClaim', { ...start, workflowIdConflictPolicy: 'USE_EXISTING' });
  const state = await client.workflow.executeUpdateWithStart(claimSnapshotUpdate, { startWorkflowOperation: startOperation });
  return openedFrom(state, workflowId, state.claimId === input.claimId);
}

/** The workflow handle of the claim on a device (latest run). */
export function claimHandle(client: Client, mac: string): WorkflowHandle {
  return client.workflow.getHandle(claimWorkflowId(mac));
}

