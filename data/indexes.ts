/** The indexes of the data layer's collections; `allIndexSpecs()` adds those of the carrier and notification modules. */
import type { IndexSpec } from './index-spec';
import { carrierIndexes } from '../carrier/indexes';
import { notificationIndexes } from '../notifications/indexes';
import { collectionNames as c } from './collections';

/**
 * Indexes of the collections the data layer owns, besides `_id` (claims by claimId, tasks by taskId, reservations
 * and back-orders by claimId, timeline entries and task takes by their key). Each query in `queries.ts` starts
 * with one of these or `_id`.
 */
export const dataIndexes: IndexSpec[] = [
  { collection: c.devices, key: { mac: 1 }, name: 'devices_mac_unique', unique: true },
  { collection: c.leases, key: { contractId: 1 }, name: 'leases_contractId_unique', unique: true },
  { collection: c.deviceModels, key: { model: 1 }, name: 'device_models_model_unique', unique: true },
  { collection: c.inventoryUnits, key: { unitId: 1 }, name: 'inventory_units_unitId_unique', unique: true },
  { collection: c.inventoryUnits, key: { model: 1, grade: 1, status: 1 }, name: 'inventory_units_model_grade_status' },
  // Reservation arbiter: `_id` = claimId gives one unit per claim, this unique index one claim per unit.
  { collection: c.unitReservations, key: { unitId: 1 }, name: 'unit_reservations_unitId_unique', unique: true },
  { collection: c.claims, key: { trackingToken: 1 }, name: 'claims_trackingToken_unique', unique: true },
  { collection: c.claims, key: { status: 1 }, name: 'claims_status' },
  { collection: c.claims, key: { mac: 1 }, name: 'claims_mac' },
  { collection: c.claims, key: { extension: 1 }, name: 'claims_extension' },
  { collection: c.claims, key: { email: 1 }, name: 'claims_email' },
  { collection: c.tasks, key: { status: 1, kind: 1, slaDueAt: 1 }, name: 'tasks_status_kind_slaDueAt' },
  { collection: c.tasks, key: { claimId: 1 }, name: 'tasks_claimId' },
];

/** Every index the product needs: the data layer's, the carrier module's and the notification module's. */
export function allIndexSpecs(): IndexSpec[] {
  return [...dataIndexes, ...carrierIndexes, ...notificationIndexes];
}
