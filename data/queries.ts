/**
 * Every filter the product sends to the data layer's collections, built in one place. Repositories build their
 * filters only through these functions, and `productQueries` lists one example of each so the index test can check
 * that every query starts with an indexed field compared by equality.
 *
 * Documents only this layer creates (claims with their timeline, tasks, reservations, back-orders, task takes) use
 * their natural key as `_id`: FerretDB v1 (SQLite) pushes down only `_id` equality — secondary indexes are not used
 * for filters there (measured: `findOne` by `_id` ~7 ms vs ~120 ms by an indexed field on 3,000 documents) — while
 * MongoDB uses either. Registry documents (devices, leases, models, units) written by the product (imports, seeds,
 * restocks, replacements) get their unique key as `_id` too and are read by `_id` first; documents written otherwise
 * (older data, other tools) have other `_id`s and are found by the unique key field as a fallback.
 */
import type { Document } from 'mongodb';
import { collectionNames as c, type CollectionName } from './collections';

/** The `_id` of one take of a task round: the first taker's insert wins. */
export const takeKeyOf = (taskId: string, round: number): string => `${taskId}#${round}`;

/** Device registry filters. */
export const deviceQueries = {
  /** A device written by the product: `_id` is its MAC. */
  byMacId: (mac: string) => ({ _id: mac }),
  byMac: (mac: string) => ({ mac }),
  /** The replacement `mac` as this claim registered it for `originalMac` (any other device under that MAC does not match). */
  replacementOf: (mac: string, originalMac: string, claimId: string) => ({ _id: mac, replacesMac: originalMac, registeredByClaim: claimId }),
};

/** Lease contract filters. */
export const leaseQueries = {
  byContractIdKey: (contractId: string) => ({ _id: contractId }),
  byContractId: (contractId: string) => ({ contractId }),
};

/** Device model filters. */
export const modelQueries = {
  byModelKey: (model: string) => ({ _id: model }),
  byModel: (model: string) => ({ model }),
  /** The whole catalogue: a full read, small by construction (the models the provider supplies). */
  all: () => ({}),
};

/** Extension provisioning-record filters. */
export const extensionQueries = {
  byKeyId: (extensionKey: string) => ({ _id: extensionKey }),
};

/** Refurbished inventory filters. */
export const unitQueries = {
  byUnitIdKey: (unitId: string) => ({ _id: unitId }),
  byUnitId: (unitId: string) => ({ unitId }),
};

/** Reservation arbiter and waiting-list filters. */
export const reservationQueries = {
  byClaimId: (claimId: string) => ({ _id: claimId }),
  heldForClaim: (claimId: string) => ({ _id: claimId, state: 'reserved' }),
  heldForClaimOfUnit: (claimId: string, unitId: string) => ({ _id: claimId, unitId, state: 'reserved' }),
  backorderOfClaim: (claimId: string) => ({ _id: claimId }),
  /** The whole waiting list: a full read, kept cheap because entries exist only while their claim is back-ordered. */
  waitingList: () => ({}),
};

/** Filters of the import's batch writer: one key field (mac, contractId, model, unitId) by equality or `$in`. */
export const batchQueries = {
  byKey: (field: string, key: string) => ({ [field]: key }),
  byKeys: (field: string, keys: string[]) => ({ [field]: { $in: keys } }),
};

/** Claims read-model filters (claims, their lists, lookups and rollups are read by `_id` only). */
export const claimQueries = {
  byClaimId: (claimId: string) => ({ _id: claimId }),
};

/** What support finds open claims by in the working set (one field compared by equality; the others checked after). */
export type ActiveClaimKey = 'mac' | 'email' | 'extension' | 'status';

/** Working-set filters: open claims with one search key (an index on MongoDB; a scan of the working set on FerretDB). */
export const activeClaimQueries = {
  byKey: (key: ActiveClaimKey, value: string) => ({ [key]: value }),
};

/**
 * One query the product makes: its collection and an example filter. `workingSet`: a read of a whole collection
 * that is small by construction (claims in progress, legs being tracked), which needs no index.
 */
export interface QueryShape {
  name: string;
  collection: CollectionName | string;
  filter: Document;
  workingSet?: true;
}

const mac = '00:15:65:AB:CD:EF';
/** One example of every query the data layer makes, for the index test. */
export const productQueries: QueryShape[] = [
  { name: 'import.byKeys(devices)', collection: c.devices, filter: batchQueries.byKeys('mac', [mac]) },
  { name: 'import.byKeys(leases)', collection: c.leases, filter: batchQueries.byKeys('contractId', ['L-1']) },
  { name: 'import.byKeys(models)', collection: c.deviceModels, filter: batchQueries.byKeys('model', ['yealink-t54w']) },
  { name: 'import.byKeys(inventory)', collection: c.inventoryUnits, filter: batchQueries.byKeys('unitId', ['U-1']) },
  { name: 'import.byKeys(extensions)', collection: c.extensions, filter: batchQueries.byKeys('extensionKey', ['ACME-001/1001']) },
  { name: 'import.byKey(devices)', collection: c.devices, filter: batchQueries.byKey('mac', mac) },
  { name: 'import.byKey(leases)', collection: c.leases, filter: batchQueries.byKey('contractId', 'L-1') },
  { name: 'import.byKey(models)', collection: c.deviceModels, filter: batchQueries.byKey('model', 'yealink-t54w') },
  { name: 'import.byKey(inventory)', collection: c.inventoryUnits, filter: batchQueries.byKey('unitId', 'U-1') },
  { name: 'import.byKey(extensions)', collection: c.extensions, filter: batchQueries.byKey('extensionKey', 'ACME-001/1001') },
  { name: 'extensions.byKeyId', collection: c.extensions, filter: extensionQueries.byKeyId('ACME-001/1001') },
  { name: 'devices.byMacId', collection: c.devices, filter: deviceQueries.byMacId(mac) },
  { name: 'devices.byMac', collection: c.devices, filter: deviceQueries.byMac(mac) },
  { name: 'devices.replacementOf', collection: c.devices, filter: deviceQueries.replacementOf(mac, '00:15:65:AB:CD:00', 'C-1') },
  { name: 'leases.byContractIdKey', collection: c.leases, filter: leaseQueries.byContractIdKey('L-1') },
  { name: 'models.byModelKey', collection: c.deviceModels, filter: modelQueries.byModelKey('yealink-t54w') },
  { name: 'units.byUnitIdKey', collection: c.inventoryUnits, filter: unitQueries.byUnitIdKey('U-1') },
  { name: 'leases.byContractId', collection: c.leases, filter: leaseQueries.byContractId('L-1') },
  { name: 'models.byModel', collection: c.deviceModels, filter: modelQueries.byModel('yealink-t54w') },
  { name: 'models.all', collection: c.deviceModels, filter: modelQueries.all(), workingSet: true },
  { name: 'units.byUnitId', collection: c.inventoryUnits, filter: unitQueries.byUnitId('U-1') },
  { name: 'unitsAvailable.ofModel', collection: c.unitsAvailable, filter: { model: 'yealink-t54w' } },
  { name: 'claims.byClaimId', collection: c.claims, filter: claimQueries.byClaimId('C-1') },
  { name: 'claimsActive.all', collection: c.claimsActive, filter: {}, workingSet: true },
  ...(['mac', 'email', 'extension', 'status'] as const).map((key) => ({ name: `claimsActive.by-${key}`, collection: c.claimsActive, filter: activeClaimQueries.byKey(key, 'x') })),
  { name: 'reservations.byClaimId', collection: c.unitReservations, filter: reservationQueries.byClaimId('C-1') },
  { name: 'reservations.heldForClaim', collection: c.unitReservations, filter: reservationQueries.heldForClaim('C-1') },
  { name: 'reservations.heldForClaimOfUnit', collection: c.unitReservations, filter: reservationQueries.heldForClaimOfUnit('C-1', 'U-1') },
  { name: 'backorders.ofClaim', collection: c.backorders, filter: reservationQueries.backorderOfClaim('C-1') },
  { name: 'taskTakes.takeOf', collection: c.taskTakes, filter: { _id: takeKeyOf('T-1', 1) } },
];
