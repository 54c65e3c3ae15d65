/** Names of the collections the data layer owns, and typed handles on them. */
import type { Collection, Db, Document, ObjectId } from 'mongodb';

/** Collection names owned by the data layer. */
export const collectionNames = {
  devices: 'devices',
  leases: 'leases',
  deviceModels: 'device_models',
  /** Provisioning records of extensions (`_id` = `<accountId>/<extension>`): SIP account, line keys, E911 address. */
  extensions: 'extensions',
  inventoryUnits: 'inventory_units',
  /** Grade-A units on the shelf (`_id` = unitId, with their model): what a reservation reads (data/stock.ts). */
  unitsAvailable: 'units_available',
  unitReservations: 'unit_reservations',
  backorders: 'backorders',
  claims: 'claims',
  /** The claims not finished yet, with their open tasks: the working set (data/claims-active.ts). */
  claimsActive: 'claims_active',
  /** Numbered lists of claims by MAC, email, extension, terminal status and closing day (data/claim-index.ts). */
  claimIndex: 'claim_index',
  /** Numbered lists of devices by account and extension (data/device-index.ts). */
  deviceIndex: 'device_index',
  /** `token:<tracking token>` → claim id, for tokens made before tokens named their claim (data/claim-index.ts). */
  claimLookups: 'claim_lookups',
  /** Figures per closing day and month (data/claim-rollups.ts). */
  claimRollups: 'claim_rollups',
  /** Legacy: timeline entries before they moved into the claim (read only by migration v2). */
  claimTimeline: 'claim_timeline',
  /** Legacy: tasks before they moved into their claim (read only by migration v3). */
  tasks: 'tasks',
  taskTakes: 'task_takes',
  migrations: 'migrations',
} as const;

/** One of the data layer's collection names. */
export type CollectionName = (typeof collectionNames)[keyof typeof collectionNames];

/** A stored document: `_id` is a string natural key in the collections this layer creates, an ObjectId elsewhere. */
export type StoredDocument = Document & { _id?: string | ObjectId };

/**
 * A handle on one collection. Documents are typed loosely here on purpose: every read is parsed with the
 * collection's zod schema and every write is validated before it is sent, so the schema is the source of truth.
 * `ignoreUndefined` keeps absent optional fields absent instead of storing them as null.
 */
export function collection(db: Db, name: CollectionName): Collection<StoredDocument> {
  return db.collection(name, { ignoreUndefined: true });
}
