/** The human steps and reads shared by the API routes and the shipping board: read model → workflow Update. */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { findClaim } from '../../data/claims';
import { searchClaims } from '../../data/claim-search';
import { normaliseMac } from '../../domain/mac';
import type { ClaimView } from '../../data/schemas/claim';
import { findTask, listTasks, takeTask, type QueuedTask } from '../../data/tasks';
import type { TaskKind } from '../../domain/types';
import {
  cancelClaimUpdate, completeShipmentUpdate, confirmEmergencyAddressUpdate, correctAddressUpdate, recordReturnReceiptUpdate, supervisorDecisionUpdate,
} from '../../workflows/messages';
import type { Caller } from './api-keys';
import { conflict, HttpError, notFound } from './errors';
import { claimIdempotencyKey } from './idempotency';
import { afterRecentOpening, recentClaimOfDevice } from './recent-openings';
import type { z } from 'zod';
import type { cancelBody, correctAddressBody, decisionBody, returnReceiptBody, shipmentBody } from './schemas';

/** What the operations need. */
export interface OperationDeps {
  db: Db;
  temporal: Client;
  clock: () => Date;
  /** How long a caller waits for the workflow's answer to a human step (default 30 s). */
  updateWaitMs?: number;
}

/** Per request: the caller and its optional `Idempotency-Key` (a retried request with the same key gets the first answer). */
export interface StepCaller {
  caller: Caller | null;
  idempotencyKey?: string;
}

/**
 * Sends a human step as an Update and waits for the workflow's answer. With an idempotency key the Update id is
 * derived from it, so Temporal applies a retried request once and answers it with the first outcome; the key must
 * not have been used for a different request (422, idempotency.ts). When the answer takes longer than the deadline
 * the caller gets 504 (the step may still be applied: read the claim before retrying).
 */
async function step<T>(deps: OperationDeps, claimId: string, name: string, who: StepCaller, input: unknown, send: (updateId?: string) => Promise<T>): Promise<T> {
  if (who.idempotencyKey) await claimIdempotencyKey(deps.db, who.idempotencyKey, { operation: name, claimId, input }, deps.clock());
  const pending = send(who.idempotencyKey ? `${name}:${claimId}:${who.idempotencyKey}` : undefined);
  void pending.catch(() => undefined); // its failure is reported below unless the deadline passed first
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(504, `claim ${claimId} did not answer within ${Math.round((deps.updateWaitMs ?? 30_000) / 1000)} s; the step may still be applied — read the claim before retrying`)), deps.updateWaitMs ?? 30_000);
  });
  try {
    return await Promise.race([pending, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The actor recorded on the claim: `<person> via <key name>`, or the key name. */
export function actorOf(caller: Caller | null, by?: string): string {
  const key = caller?.name ?? 'anonymous';
  return by ? `${by} via ${key}` : key;
}

/** The claim from the read model (waiting for one this process has just opened), or 404. */
export async function requireClaim(db: Db, claimId: string): Promise<ClaimView> {
  const claim = await afterRecentOpening(claimId, () => findClaim(db, claimId));
  if (!claim) throw notFound(`claim ${claimId}`);
  return claim;
}

/** The claim with that id, or the newest claim of the device with that MAC (any notation), or 404. */
export async function requireClaimOf(db: Db, claimIdOrMac: string): Promise<ClaimView> {
  const mac = normaliseMac(claimIdOrMac);
  if (!mac.ok) return requireClaim(db, claimIdOrMac);
  const recent = recentClaimOfDevice(mac.mac);
  if (recent !== undefined) return requireClaim(db, recent);
  const newest = (await searchClaims(db, { mac: mac.mac }, { limit: 1 })).claims[0];
  if (!newest) throw notFound(`claim for device ${mac.mac}`);
  return requireClaim(db, newest.claimId);
}

async function handleOf(deps: OperationDeps, claimId: string) {
  const claim = await requireClaim(deps.db, claimId);
  return deps.temporal.workflow.getHandle(claim.workflowId);
}

/** Hands the replacement to the carrier (completeShipment Update); 409 when the claim is not awaiting shipment. */
export async function completeShipment(deps: OperationDeps, claimId: string, input: z.output<typeof shipmentBody>, who: StepCaller) {
  const handle = await handleOf(deps, claimId);
  const result = await step(deps, claimId, 'completeShipment', who, input, (updateId) => handle.executeUpdate(completeShipmentUpdate, {
    args: [{ replacementMac: input.replacementMac, ...(input.serial ? { serial: input.serial } : {}), completedBy: actorOf(who.caller, input.by) }], updateId,
  }));
  return { claimId, ...result };
}

/** Records the return's receipt and inspection (recordReturnReceipt Update); the claim closes. */
export async function recordReturnReceipt(deps: OperationDeps, claimId: string, input: z.output<typeof returnReceiptBody>, who: StepCaller) {
  const handle = await handleOf(deps, claimId);
  const receipt = await step(deps, claimId, 'recordReturnReceipt', who, input, (updateId) => handle.executeUpdate(recordReturnReceiptUpdate, {
    args: [{ receivedMac: input.receivedMac, condition: input.condition, ...(input.notes ? { notes: input.notes } : {}), receivedBy: actorOf(who.caller, input.by) }], updateId,
  }));
  return { claimId, status: 'closed', receipt };
}

/** Corrects the ship-to address of a claim in `address-problem`. */
export async function correctAddress(deps: OperationDeps, claimId: string, input: z.output<typeof correctAddressBody>, who: StepCaller) {
  const handle = await handleOf(deps, claimId);
  const result = await step(deps, claimId, 'correctAddress', who, input, (updateId) =>
    handle.executeUpdate(correctAddressUpdate, { args: [{ shipTo: input.shipTo, correctedBy: actorOf(who.caller, input.by) }], updateId }));
  return { claimId, ...result };
}

/** Cancels a claim (compensation runs in the workflow); 409 after hand-over. */
export async function cancelClaim(deps: OperationDeps, claimId: string, input: z.output<typeof cancelBody>, who: StepCaller) {
  const handle = await handleOf(deps, claimId);
  const result = await step(deps, claimId, 'cancelClaim', who, input, (updateId) =>
    handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: input.reason, cancelledBy: actorOf(who.caller, input.by) }], updateId }));
  return { claimId, ...result };
}

/** A supervisor approves or denies a claim under review. */
export async function decideClaim(deps: OperationDeps, claimId: string, input: z.output<typeof decisionBody>, who: StepCaller) {
  const handle = await handleOf(deps, claimId);
  const decision = await step(deps, claimId, 'supervisorDecision', who, input, (updateId) => handle.executeUpdate(supervisorDecisionUpdate, {
    args: [{ approve: input.approve, reason: input.reason, supervisor: actorOf(who.caller, input.by), ...(input.model ? { model: input.model } : {}) }], updateId,
  }));
  return { claimId, status: decision.outcome === 'approved' ? 'approved' : 'denied', decision };
}

/** Support confirmed the dispatchable location with the customer (confirmEmergencyAddress Update); 409 when nothing is to confirm. */
export async function confirmEmergencyAddress(deps: OperationDeps, claimId: string, input: { note: string; by?: string }, who: StepCaller) {
  const handle = await handleOf(deps, claimId);
  const result = await step(deps, claimId, 'confirmEmergencyAddress', who, input, (updateId) =>
    handle.executeUpdate(confirmEmergencyAddressUpdate, { args: [{ note: input.note, confirmedBy: actorOf(who.caller, input.by) }], updateId }));
  return { claimId, ...result };
}

/** Takes an open task; 404 when there is no such task, 409 when it is not open. */
export async function takeOpenTask(deps: OperationDeps, taskId: string, assignee: string) {
  if (!(await findTask(deps.db, taskId))) throw notFound(`task ${taskId}`);
  const taken = await takeTask(deps.db, taskId, assignee, deps.clock());
  if (!taken.ok) throw conflict(taken.reason);
  return taken.task;
}

/** A task with what the shipping department needs next to it: the claim's status and device, and the label links. */
export type BoardTask = QueuedTask;

/** Open and taken tasks (or one of the two), of one kind or all, overdue first then by SLA due (the working set's tasks). */
export async function boardTasks(deps: OperationDeps, filter: { status?: QueuedTask['status']; kind?: TaskKind }): Promise<BoardTask[]> {
  const status = filter.status === 'open' || filter.status === 'taken' ? filter.status : undefined;
  return listTasks(deps.db, { ...(status ? { status } : {}), ...(filter.kind ? { kinds: [filter.kind] } : {}) }, deps.clock());
}
