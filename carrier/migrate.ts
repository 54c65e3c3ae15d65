/** The carrier module's migration steps (the product's list of versions: activities/database.ts). */
import type { Db } from 'mongodb';
import { CarrierCollections } from './indexes';

/**
 * Legs still being tracked join the poller's working set (`tracking_active`) as stubs; a re-run finds them there.
 * Routes written since are whole routes in the working set while active and need no migration.
 */
export async function moveTrackingToWorkingSet(db: Db): Promise<void> {
  const activeLegs = db.collection<{ _id: string }>(CarrierCollections.trackingActive);
  for await (const route of db.collection<{ _id: string; active?: boolean; lastUpdateAt?: Date }>(CarrierCollections.trackingNumbers).find({})) {
    if (route.active !== true) continue;
    await activeLegs.updateOne({ _id: route._id }, { $setOnInsert: { lastUpdateAt: route.lastUpdateAt } }, { upsert: true });
  }
}
