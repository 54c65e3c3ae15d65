/**
 * Migration v3: claims stored before the read model became a projection with a working set get the new layout —
 * their tasks move into the claim, every claim is filed under the search lists (in opening order) and gets its
 * token lookup, claims in progress join the working set, finished ones the history lists (the legs still being
 * tracked join the poller's working set in carrier/migrate.ts). One pass over each old collection; a re-run after a crash files some
 * claims twice, which readers drop.
 */
import type { Db } from 'mongodb';
import { isTerminalStatus } from '../domain/status';
import { claimListKeys, claimLists, fileFinishedClaim, fileUnderSearchKeys, recordTrackingToken } from './claim-index';
import { activeEntryOf, finishedSummaryOf, summaryOf } from './claim-projection';
import { parseClaim, timelineOf } from './claims';
import { addActiveClaim } from './claims-active';
import { collection, collectionNames as c } from './collections';
import { taskDocSchema } from './schemas/claim';

/** Claims migrated at once. */
const CONCURRENCY = 16;

/** Runs migration v3 on `db`. */
export async function moveToWorkingSet(db: Db): Promise<void> {
  const claims = collection(db, c.claims);
  for await (const raw of collection(db, c.tasks).find({})) {
    const task = taskDocSchema.safeParse(raw);
    if (task.success) await claims.updateOne({ _id: task.data.claimId }, { $set: { [`tasks.${task.data.kind}`]: task.data } });
  }
  const order: Array<{ claimId: string; openedAt: string }> = [];
  for await (const raw of claims.find({}, { projection: { claimId: 1, openedAt: 1 } })) order.push({ claimId: String(raw.claimId), openedAt: String(raw.openedAt) });
  order.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.claimId.localeCompare(b.claimId));
  const lists = claimLists(db);
  for (let from = 0; from < order.length; from += CONCURRENCY) {
    const batch = (await Promise.all(order.slice(from, from + CONCURRENCY).map(({ claimId }) => claims.findOne({ _id: claimId }))))
      .filter((doc) => doc !== null).map(parseClaim);
    for (const claim of batch) await lists.append(claimListKeys.opened, claim.claimId, summaryOf(claim)); // in opening order
    await Promise.all(batch.map(async (claim) => {
      const claimId = claim.claimId;
      await Promise.all([fileUnderSearchKeys(db, summaryOf(claim)), recordTrackingToken(db, claim.trackingToken, claim.claimId)]);
      if (!isTerminalStatus(claim.status)) {
        const handedOverAt = claim.handedOverAt ?? timelineOf(claim).find((entry) => entry.status === 'shipped')?.at;
        await addActiveClaim(db, activeEntryOf({ ...claim, ...(handedOverAt ? { handedOverAt } : {}) }));
        return;
      }
      const timeline = timelineOf(claim);
      const closedAt = claim.closedAt ?? [...timeline].reverse().find((entry) => entry.status === claim.status)?.at ?? claim.updatedAt;
      const handedOverAt = claim.handedOverAt ?? timeline.find((entry) => entry.status === 'shipped')?.at;
      await claims.updateOne({ _id: claimId }, { $set: { closedAt, ...(handedOverAt ? { handedOverAt } : {}) } });
      await fileFinishedClaim(db, finishedSummaryOf({ ...claim, ...(handedOverAt ? { handedOverAt } : {}) }, closedAt));
    }));
  }
}
