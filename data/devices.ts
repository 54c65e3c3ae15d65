/** Device registry repository: devices, the lease contracts they were acquired with, and device models. */
import type { Db } from 'mongodb';
import { isDuplicateKey } from '../storage/first-writer';
import type { DeviceLookup } from '../domain/claim-view';
import type { DeviceRecord, MacAddress } from '../domain/types';
import { collection, collectionNames as c } from './collections';
import { extensionListKey, fileDevices, macsOfExtension } from './device-index';
import { findByKey, updateByKey } from './keyed';
import { deviceQueries, leaseQueries, modelQueries } from './queries';
import { deviceDocSchema, deviceModelDocSchema, leaseDocSchema, type DeviceDoc, type DeviceModelDoc, type LeaseDoc } from './schemas/registry';
import { DataValidationError, parseOrThrow } from './validation';

/** The stored device with that MAC (normal form), or null. */
export async function findDevice(db: Db, mac: MacAddress): Promise<DeviceDoc | null> {
  const doc = await findByKey(collection(db, c.devices), deviceQueries.byMacId(mac), deviceQueries.byMac(mac));
  return doc ? parseOrThrow(deviceDocSchema, doc, `device ${mac}`) : null;
}

/** Replacements an extension lookup follows from one filed device (a device replaced again and again). */
const MAX_REPLACEMENT_HOPS = 5;

/**
 * The devices of an account's extension as they stand now, newest first (at most `limit`): the filed ones, each read
 * by `_id`, each preceded by the replacements that followed it (a claim's replacement of a registered device is not
 * filed: it is found through `replacedByMac`, one read per replacement).
 */
export async function findDevicesOfExtension(db: Db, accountId: string, extension: string, limit = 20): Promise<DeviceDoc[]> {
  const key = extensionListKey(accountId, extension);
  const filed = await Promise.all((await macsOfExtension(db, accountId, extension, limit)).map((mac) => findDevice(db, mac)));
  const chains = await Promise.all(filed.map(async (device) => {
    const chain: DeviceDoc[] = [];
    for (let current = device, hops = 0; current; current = hops++ < MAX_REPLACEMENT_HOPS && current.replacedByMac ? await findDevice(db, current.replacedByMac) : null) {
      chain.unshift(current);
    }
    return chain;
  }));
  const seen = new Set<string>();
  return chains.flat().filter((device) => device.extension !== undefined && extensionListKey(device.accountId, device.extension) === key && !seen.has(device.mac) && seen.add(device.mac))
    .slice(0, limit);
}

/** The stored lease contract, or null. */
export async function findLease(db: Db, contractId: string): Promise<LeaseDoc | null> {
  const doc = await findByKey(collection(db, c.leases), leaseQueries.byContractIdKey(contractId), leaseQueries.byContractId(contractId));
  return doc ? parseOrThrow(leaseDocSchema, doc, `lease ${contractId}`) : null;
}

/** Every device model of the registry (a catalogue: small by construction), by display name. */
export async function listModels(db: Db): Promise<DeviceModelDoc[]> {
  const docs = await collection(db, c.deviceModels).find(modelQueries.all()).toArray();
  return docs.map((doc) => parseOrThrow(deviceModelDocSchema, doc, `device model ${String(doc.model)}`)).sort((a, b) => a.name.localeCompare(b.name));
}

/** The stored device model, or null. */
export async function findModel(db: Db, model: string): Promise<DeviceModelDoc | null> {
  const doc = await findByKey(collection(db, c.deviceModels), modelQueries.byModelKey(model), modelQueries.byModel(model));
  return doc ? parseOrThrow(deviceModelDocSchema, doc, `device model ${model}`) : null;
}

/** The device as eligibility reads it, with the term of the lease it was acquired with; null when unknown. */
export async function findDeviceRecord(db: Db, mac: MacAddress): Promise<DeviceRecord | null> {
  const device = await findDevice(db, mac);
  if (!device) return null;
  const record: DeviceRecord = {
    mac: device.mac, extension: device.extension, accountId: device.accountId, model: device.model,
    channel: device.channel, purchasedOn: device.purchasedOn, replacesMac: device.replacesMac,
  };
  if (device.leaseContractId) {
    const lease = await findLease(db, device.leaseContractId);
    if (!lease) {
      throw new DataValidationError(`device ${mac}`, [{ field: 'leaseContractId', reason: `lease contract ${device.leaseContractId} is not in the registry` }]);
    }
    record.lease = { contractId: lease.contractId, startsOn: lease.startsOn, endsOn: lease.endsOn };
  }
  return withoutUndefinedFields(record);
}

/**
 * The registry's answer for a claim's device as the claim workflow takes it: the record (null: unknown), or, when the
 * stored record fails validation, the reason (the same words the `lookupDevice` activity's InvalidData failure gives).
 * Other errors (the database unreachable) are thrown.
 */
export async function deviceLookupOf(db: Db, mac: MacAddress): Promise<DeviceLookup> {
  try {
    return { device: await findDeviceRecord(db, mac) };
  } catch (error) {
    if (error instanceof DataValidationError) return { device: null, registryProblem: error.message };
    throw error;
  }
}

/** What registering a replacement needs. `fallback` is used when the original is not in the registry (supervisor-approved). */
export interface ReplacementRegistration {
  claimId: string;
  originalMac: MacAddress;
  replacementMac: MacAddress;
  serial?: string;
  /** The model of the unit shipped, when known. */
  model?: string;
  fallback: { accountId: string; extension: string; purchasedOn: string; model: string };
  /** The original as the claim read it from the registry (null: not in the registry), which saves reading it again. */
  original?: DeviceRecord | null;
}

/**
 * Adds the replacement to the registry, inheriting the original's coverage (channel, purchase date, lease), with
 * `replacesMac` set, and marks the original `replacedByMac`: one ordered batch of two updates (one command). The
 * replacement's upsert matches only this claim's own registration of that MAC (a retry: `$setOnInsert` changes
 * nothing); a MAC stored as some other device fails the upsert's insert on `_id`, which stops the batch before the
 * original is marked, and is refused as bad data. Safe without a transaction: both writes are idempotent, and a
 * retry after a crash redoes both.
 */
export async function registerReplacementDevice(db: Db, input: ReplacementRegistration): Promise<DeviceDoc> {
  const original = input.original !== undefined ? coverageOf(input.original) : await findDevice(db, input.originalMac);
  const replacement = parseOrThrow(deviceDocSchema, {
    mac: input.replacementMac,
    extension: original?.extension ?? input.fallback.extension,
    accountId: original?.accountId ?? input.fallback.accountId,
    model: input.model ?? original?.model ?? input.fallback.model,
    channel: original?.channel ?? 'shipping-department',
    purchasedOn: original?.purchasedOn ?? input.fallback.purchasedOn,
    leaseContractId: original?.leaseContractId,
    replacesMac: input.originalMac,
    registeredByClaim: input.claimId,
    serial: input.serial,
  }, `replacement device ${input.replacementMac}`);
  const devices = collection(db, c.devices);
  const ownRegistration = deviceQueries.replacementOf(replacement.mac, input.originalMac, input.claimId);
  const markOriginal = (mac: string) => ({ updateOne: { filter: deviceQueries.byMacId(mac), update: { $set: { replacedByMac: replacement.mac } } } });
  const written = await devices.bulkWrite([
    { updateOne: { filter: ownRegistration, update: { $setOnInsert: { ...replacement, _id: replacement.mac } }, upsert: true } },
    ...(original ? [markOriginal(original.mac)] : []),
  ], { ordered: true }).catch((error: unknown) => {
    if (isDuplicateKey(error)) return null; // the MAC is stored already: another device, or a concurrent registration of this one
    throw error;
  });
  const stored = written?.upsertedCount === 1 ? replacement : await findDevice(db, replacement.mac);
  if (!stored || stored.replacesMac !== input.originalMac || stored.registeredByClaim !== input.claimId) {
    throw new DataValidationError(`replacement device ${replacement.mac}`, [
      { field: 'replacementMac', reason: 'is already registered as another device' },
    ]);
  }
  // The original was not marked in the batch (a concurrent registration won the insert), or is an older document
  // not keyed by its MAC: mark it by key.
  if (original && (!written || written.matchedCount < 2 - written.upsertedCount)) {
    await updateByKey(devices, deviceQueries.byMacId(original.mac), deviceQueries.byMac(original.mac), { $set: { replacedByMac: replacement.mac } });
  }
  // A registered original's extension finds the replacement through `replacedByMac`; one the registry did not know
  // (a supervisor's approval) is not filed, so its replacement is (a retry files it again: readers drop the repeat).
  if (!original) await fileDevices(db, [stored]);
  return stored;
}

/** The coverage fields of a device as the claim read it (the shape `findDevice` returns). */
function coverageOf(device: DeviceRecord | null): Pick<DeviceDoc, 'mac' | 'extension' | 'accountId' | 'model' | 'channel' | 'purchasedOn' | 'leaseContractId'> | null {
  if (!device) return null;
  return { mac: device.mac, extension: device.extension, accountId: device.accountId, model: device.model, channel: device.channel, purchasedOn: device.purchasedOn, leaseContractId: device.lease?.contractId };
}

function withoutUndefinedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
