/** The human steps and reads shared by the API routes and the shipping board: read model → workflow Update. */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { findClaim } from '../../data/claims';
import type { ClaimView } from '../../data/schemas/claim';
import { findTask, listTasks, takeTask, type ListedTask } from '../../data/tasks';
import type { LabelRecord } from '../../domain/types';
import {
  cancelClaimUpdate, completeShipmentUpdate, correctAddressUpdate, recordReturnReceiptUpdate, supervisorDecisionUpdate,
} from '../../workflows/messages';
import type { Caller } from './api-keys';
import { conflict, notFound } from './errors';
import type { z } from 'zod';
import type { cancelBody, correctAddressBody, decisionBody, returnReceiptBody, shipmentBody } from './schemas';

/** What the operations need. */
export interface OperationDeps {
  db: Db;
  temporal: Client;
  clock: () => Date;
}

/** The actor recorded on the claim: `<person> via <key name>`, or the key name. */
export function actorOf(caller: Caller | null, by?: string): string {
  const key = caller?.name ?? 'anonymous';
  return by ? `${by} via ${key}` : key;
}

/** The claim from the read model, or 404. */
export async function requireClaim(db: Db, claimId: string): Promise<ClaimView> {
  const claim = await findClaim(db, claimId);
  if (!claim) throw notFound(`claim ${claimId}`);
  return claim;
}

async function handleOf(deps: OperationDeps, claimId: string) {
  const claim = await requireClaim(deps.db, claimId);
  return deps.temporal.workflow.getHandle(claim.workflowId);
}

/** Hands the replacement to the carrier (completeShipment Update); 409 when the claim is not awaiting shipment. */
export async function completeShipment(deps: OperationDeps, claimId: string, input: z.output<typeof shipmentBody>, caller: Caller | null) {
  const handle = await handleOf(deps, claimId);
  const result = await handle.executeUpdate(completeShipmentUpdate, {
    args: [{ replacementMac: input.replacementMac, ...(input.serial ? { serial: input.serial } : {}), completedBy: actorOf(caller, input.by) }],
  });
  return { claimId, ...result };
}

/** Records the return's receipt and inspection (recordReturnReceipt Update); the claim closes. */
export async function recordReturnReceipt(deps: OperationDeps, claimId: string, input: z.output<typeof returnReceiptBody>, caller: Caller | null) {
  const handle = await handleOf(deps, claimId);
  const receipt = await handle.executeUpdate(recordReturnReceiptUpdate, {
    args: [{ receivedMac: input.receivedMac, condition: input.condition, ...(input.notes ? { notes: input.notes } : {}), receivedBy: actorOf(caller, input.by) }],
  });
  return { claimId, status: 'closed', receipt };
}

/** Corrects the ship-to address of a claim in `address-problem`. */
export async function correctAddress(deps: OperationDeps, claimId: string, input: z.output<typeof correctAddressBody>, caller: Caller | null) {
  const handle = await handleOf(deps, claimId);
  const result = await handle.executeUpdate(correctAddressUpdate, { args: [{ shipTo: input.shipTo, correctedBy: actorOf(caller, input.by) }] });
  return { claimId, ...result };
}

/** Cancels a claim (compensation runs in the workflow); 409 after hand-over. */
export async function cancelClaim(deps: OperationDeps, claimId: string, input: z.output<typeof cancelBody>, caller: Caller | null) {
  const handle = await handleOf(deps, claimId);
  const result = await handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: input.reason, cancelledBy: actorOf(caller, input.by) }] });
  return { claimId, ...result };
}

/** A supervisor approves or denies a claim under review. */
export async function decideClaim(deps: OperationDeps, claimId: string, input: z.output<typeof decisionBody>, caller: Caller | null) {
  const handle = await handleOf(deps, claimId);
  const decision = await handle.executeUpdate(supervisorDecisionUpdate, {
    args: [{ approve: input.approve, reason: input.reason, supervisor: actorOf(caller, input.by), ...(input.model ? { model: input.model } : {}) }],
  });
  return { claimId, status: decision.outcome === 'approved' ? 'approved' : 'denied', decision };
}

/** Takes an open task; 404 when there is no such task, 409 when it is not open. */
export async function takeOpenTask(deps: OperationDeps, taskId: string, assignee: string) {
  if (!(await findTask(deps.db, taskId))) throw notFound(`task ${taskId}`);
  const taken = await takeTask(deps.db, taskId, assignee, deps.clock());
  if (!taken.ok) throw conflict(taken.reason);
  return taken.task;
}

const labelUrl = (label?: LabelRecord) => label?.labelUrl;

/** A task with what the shipping department needs next to it: the claim's status and device, and the label links. */
export type BoardTask = ListedTask & {
  claim: { status: string; mac: string; extension: string; model?: string | null } | null;
  labels: { outbound?: string; return?: string };
};

/** Tasks in `statuses` (default open and taken), overdue first then by SLA due, with claim summaries and label links. */
export async function boardTasks(deps: OperationDeps, filter: { status?: ListedTask['status']; kind?: ListedTask['kind'] }): Promise<BoardTask[]> {
  const now = deps.clock();
  const statuses = filter.status ? [filter.status] : (['open', 'taken'] as const);
  const lists = await Promise.all(statuses.map((status) => listTasks(deps.db, { status, ...(filter.kind ? { kind: filter.kind } : {}) }, now)));
  const tasks = lists.flat().sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.slaDueAt.localeCompare(b.slaDueAt));
  return Promise.all(tasks.map(async (task) => {
    const claim = await findClaim(deps.db, task.claimId);
    const outbound = labelUrl(claim?.legs.outbound);
    const back = labelUrl(claim?.legs.return);
    return {
      ...task,
      claim: claim ? { status: claim.status, mac: claim.mac, extension: claim.extension, model: claim.model ?? null } : null,
      labels: { ...(outbound ? { outbound } : {}), ...(back ? { return: back } : {}) },
    };
  }));
}
