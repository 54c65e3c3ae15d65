/** The indexes of the data layer's collections (activities/database.ts adds the carrier's and the notifications'). */
import type { IndexSpec } from '../storage/index-spec';
import { collectionNames as c } from './collections';

/**
 * Indexes of the collections the data layer owns, besides `_id` (claims, their lists, lookups and rollups,
 * reservations, back-orders and task takes are read by `_id` only; the working set also by a search key). Each
 * query in `queries.ts` starts with one of these or `_id`, or reads a working set that is small by construction.
 */
export const dataIndexes: IndexSpec[] = [
  { collection: c.devices, key: { mac: 1 }, name: 'devices_mac_unique', unique: true },
  { collection: c.leases, key: { contractId: 1 }, name: 'leases_contractId_unique', unique: true },
  { collection: c.deviceModels, key: { model: 1 }, name: 'device_models_model_unique', unique: true },
  { collection: c.inventoryUnits, key: { unitId: 1 }, name: 'inventory_units_unitId_unique', unique: true },
  { collection: c.extensions, key: { extensionKey: 1 }, name: 'extensions_extensionKey_unique', unique: true },
  // The shelf is read by model (a working set: only units on the shelf).
  { collection: c.unitsAvailable, key: { model: 1 }, name: 'units_available_model' },
  // Support's search of open claims (the working set) by MAC, email, extension or status.
  ...(['mac', 'email', 'extension', 'status'] as const).map((key): IndexSpec => ({ collection: c.claimsActive, key: { [key]: 1 }, name: `claims_active_${key}` })),
  // Reservation arbiter: `_id` = claimId gives one unit per claim, this unique index one claim per unit.
  { collection: c.unitReservations, key: { unitId: 1 }, name: 'unit_reservations_unitId_unique', unique: true },
];
