/** Client-side claim operations on Temporal: open (or find the open claim of a device), read its state. */
import { Client, WithStartWorkflowOperation, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { newTrackingToken } from '../data/claim-index';
import type { ClaimPolicy } from '../domain/policy';
import { claimWorkflowId } from '../domain/ids';
import type { DeviceLookup } from '../domain/claim-view';
import type { ClaimRequest } from '../domain/types';
import type { replacementClaim } from '../workflows';
import { claimSnapshotUpdate, type ClaimState, type ClaimWorkflowInput } from '../workflows/messages';
import { ClaimStatusAttribute, DeviceMacAttribute, ExtensionAttribute } from '../workflows/search-attributes';

/** Result of `openClaim`: `created` is false when the device already had an open claim (that claim is returned). */
export interface OpenedClaim {
  claimId: string;
  workflowId: string;
  created: boolean;
  state: ClaimState;
}

/** A new claim id, e.g. `RC-20261129-7KQ2M9`: date for people, random part for uniqueness. */
export function newClaimId(now: Date = new Date()): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const random = [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `RC-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${random}`;
}

/**
 * Opens a replacement claim for a validated request. The workflow id comes from the device's MAC, so a device
 * with an open claim gets that claim back (conflict policy USE_EXISTING); once a claim is closed, a new one may start.
 * `device`: the registry's answer read just before (the claim's first workflow task then holds no registry read). The
 * customer page's token is made here, so the answer carries it before the claim's read model exists.
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
  const withSearchAttributes = options.policy?.searchAttributes !== false;
  // Update-with-start: starts the workflow unless the device's claim is open (USE_EXISTING), and returns that
  // claim's state in the same round trip.
  const startOperation = new WithStartWorkflowOperation<typeof replacementClaim>('replacementClaim', {
    taskQueue,
    workflowId,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    ...(withSearchAttributes
      ? {
          typedSearchAttributes: new TypedSearchAttributes([
            { key: ClaimStatusAttribute, value: 'received' },
            { key: DeviceMacAttribute, value: request.mac },
            { key: ExtensionAttribute, value: request.extension },
          ]),
        }
      : {}),
  });
  const state = await client.workflow.executeUpdateWithStart(claimSnapshotUpdate, { startWorkflowOperation: startOperation });
  return { claimId: state.claimId, workflowId, created: state.claimId === input.claimId, state };
}

/** The workflow handle of the claim on a device (latest run). */
export function claimHandle(client: Client, mac: string): WorkflowHandle {
  return client.workflow.getHandle(claimWorkflowId(mac));
}

