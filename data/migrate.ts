/** The data layer's migration steps (the product's list of versions: activities/database.ts). */
import type { Db } from 'mongodb';
import { attentionOf } from './claim-projection';
import { findClaimDoc, timelineField, timelineOf } from './claims';
import { activeClaims, updateActiveClaim } from './claims-active';
import { collection, collectionNames } from './collections';
import { legacyTimelineDocSchema } from './schemas/claim';
import { shelveUnits } from './stock';

export { moveToWorkingSet } from './migrate-working-set';
export { fileStoredDevices } from './device-index';

/**
 * Copies every `claim_timeline` entry into its claim's `timelineByKey` (one `$set` by `_id` per entry: a re-run
 * sets the same values). The old collection is left in place, unread, for a manual drop once checked.
 */
export async function moveTimelineIntoClaims(db: Db): Promise<void> {
  const legacy = db.collection(collectionNames.claimTimeline).find({});
  for await (const raw of legacy) {
    const { claimId, ...entry } = legacyTimelineDocSchema.parse(raw);
    await collection(db, collectionNames.claims).updateOne({ _id: claimId }, { $set: { [timelineField(entry.key)]: entry } });
  }
}

/** Puts every available grade-A unit on the shelf (one pass over the inventory; a re-run shelves the same units). */
export async function shelveAvailableUnits(db: Db): Promise<void> {
  const available: Array<{ unitId: string; model: string }> = [];
  for await (const unit of collection(db, collectionNames.inventoryUnits).find({})) {
    if (unit.status === 'available' && unit.grade === 'A') available.push({ unitId: String(unit.unitId), model: String(unit.model) });
  }
  await shelveUnits(db, available);
}

/** Gives every claim of the working set the entries that ask support's attention (one read and write by `_id` each). */
export async function addAttentionToWorkingSet(db: Db): Promise<void> {
  for (const active of await activeClaims(db)) {
    const claim = await findClaimDoc(db, active.claimId);
    if (claim) await updateActiveClaim(db, claim.claimId, { attention: attentionOf(timelineOf(claim)) });
  }
}
