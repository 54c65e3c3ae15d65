/**
 * A restock wakes the back-ordered claims it serves, at once: the arrived grade-A units are reserved for the oldest
 * waiting claims they fit (`reserveArrivedUnits`), then each served claim's workflow gets the `restocked` signal and
 * its own `reserveUnit` finds the unit held. A signal that fails (worker or Temporal down) is caught up by the
 * claim's back-order retry timer (`POLICY_BACKORDER_RETRY_EVERY`), which finds the same reservation.
 */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { reserveArrivedUnits, type ArrivedUnit } from '../data/inventory';
import { restockedSignal } from '../workflows/messages';

/** One claim a restock served. `signalled` is false when its signal failed (`error`); its retry timer catches up. */
export interface WokenClaim {
  claimId: string;
  unitId: string;
  unitModel: string;
  signalled: boolean;
  error?: string;
}

/** Reserves the arrived units (grade A only) for the oldest claims they can serve and signals those claims. */
export async function wakeBackorderedClaims(deps: { db: Db; temporal: Client | null }, arrived: ReadonlyArray<ArrivedUnit & { grade?: string }>, now: Date): Promise<WokenClaim[]> {
  const gradeA = arrived.filter((unit) => (unit.grade ?? 'A') === 'A').map(({ unitId, model }) => ({ unitId, model }));
  const served = await reserveArrivedUnits(deps.db, gradeA, now);
  return Promise.all(served.map(async (claim): Promise<WokenClaim> => {
    const woken = { claimId: claim.claimId, unitId: claim.unit.unitId, unitModel: claim.unit.model };
    if (!deps.temporal || !claim.workflowId) return { ...woken, signalled: false, error: deps.temporal ? 'no workflow id on the waiting list' : 'no Temporal connection' };
    try {
      // The claim's own model, which every version of the workflow's handler counts as a restock for it.
      await deps.temporal.workflow.getHandle(claim.workflowId).signal(restockedSignal, { model: claim.model });
      return { ...woken, signalled: true };
    } catch (error) {
      return { ...woken, signalled: false, error: (error as Error).message };
    }
  }));
}
