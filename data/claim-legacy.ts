/**
 * The read-model writes of claims started before the `claim-projection` patch, which still call `updateClaim`,
 * `openTask` and `closeTask`: each is turned into one `ClaimChange` and applied by the one projection writer.
 */
import type { Db } from 'mongodb';
import type { ClaimUpdate, OpenTaskInput } from '../domain/claim-change';
import type { TaskKind } from '../domain/types';
import { applyClaimChange, taskIdFor } from './claim-projection';
import { findClaimDoc } from './claims';
import { claimUpdateSchema, openTaskInputSchema } from './schemas/claim-inputs';
import { DataValidationError, parseOrThrow } from './validation';

/** Applies an `updateClaim` input: its fields, its label on its leg, its one timeline entry. */
export async function applyClaimUpdate(db: Db, input: ClaimUpdate, now: Date): Promise<void> {
  const { entry, label, ...fields } = parseOrThrow(claimUpdateSchema, input, 'updateClaim input');
  await applyClaimChange(db, {
    ...fields, ...(label ? { labels: { [label.leg]: label } } : {}), timeline: [entry],
    ...(fields.status === 'shipped' ? { handedOverAt: entry.at } : {}),
  }, now);
}

/** Opens a task as `openTask` did: a new one, the open one updated, or a closed one again in the next round. */
export async function openTaskForClaim(db: Db, input: OpenTaskInput, now: Date): Promise<string> {
  const valid = parseOrThrow(openTaskInputSchema, input, 'openTask input');
  const claim = await findClaimDoc(db, valid.claimId);
  if (!claim) throw new DataValidationError('openTask input', [{ field: 'claimId', reason: `no claim ${valid.claimId} in the read model` }]);
  const existing = claim.tasks[valid.kind];
  const round = !existing ? 1 : existing.status === 'open' || existing.status === 'taken' ? existing.round : existing.round + 1;
  const slaDueAt = new Date(valid.slaDueAt).toISOString();
  await applyClaimChange(db, { claimId: valid.claimId, tasksOpened: [{ kind: valid.kind, slaDueAt, summary: valid.summary, round, openedAt: now.toISOString() }] }, now);
  return taskIdFor(valid.claimId, valid.kind);
}

/** Closes the claim's open task of that kind; false when none is open (never opened, or a retry). */
export async function closeTaskOfClaim(db: Db, claimId: string, kind: TaskKind, outcome: string, now: Date): Promise<boolean> {
  const task = (await findClaimDoc(db, claimId))?.tasks[kind];
  if (!task || (task.status !== 'open' && task.status !== 'taken')) return false;
  await applyClaimChange(db, { claimId, tasksClosed: [{ kind, outcome, closedAt: now.toISOString() }] }, now);
  return true;
}
