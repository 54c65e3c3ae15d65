/**
 * Devices by account and extension, for support's lookup when the MAC sticker cannot be read: a numbered list
 * (storage/numbered-list.ts) per account and extension, `account-ext:<account>:<extension>` (lower-cased), in
 * `device_index`, appended where devices are written (imports, replacements; migration v5 files the devices stored
 * before). Entries name the device by its MAC; readers take each device as it stands now (by `_id`) and drop those
 * moved to another account or extension since (data/devices.ts `findDevicesOfExtension`).
 */
import type { Db } from 'mongodb';
import { numberedLists } from '../storage/numbered-list';
import type { MacAddress } from '../domain/types';
import { collection, collectionNames as c } from './collections';

/** What a device is filed by. */
export interface DeviceKeys {
  mac: MacAddress;
  accountId: string;
  extension?: string | undefined;
}

/** The list key of an account's extension (case and surrounding spaces do not matter). */
export const extensionListKey = (accountId: string, extension: string): string =>
  `account-ext:${accountId.trim().toLowerCase()}:${extension.trim()}`;

const lists = (db: Db) => numberedLists<{ mac: MacAddress }>(db, c.deviceIndex);

/**
 * Files devices under their account's extension (devices without an extension are not filed): the lists side by
 * side, each list's devices one after another in the order given, so a later device is numbered above an earlier one.
 */
export async function fileDevices(db: Db, devices: readonly DeviceKeys[]): Promise<void> {
  const filed = lists(db);
  const byList = new Map<string, MacAddress[]>();
  for (const d of devices) if (d.extension) byList.set(extensionListKey(d.accountId, d.extension), [...(byList.get(extensionListKey(d.accountId, d.extension)) ?? []), d.mac]);
  await Promise.all([...byList].map(async ([list, macs]) => {
    for (const mac of macs) await filed.append(list, mac, { mac });
  }));
}

/** The MACs filed under an account's extension, newest first (at most `limit`), one per device; the caller reads each device. */
export async function macsOfExtension(db: Db, accountId: string, extension: string, limit: number): Promise<MacAddress[]> {
  return (await lists(db).newest(extensionListKey(accountId, extension), { limit })).entries.map((entry) => entry.item.mac);
}

/** Migration v5: files every stored device (one pass over the registry; a re-run files repeats, which readers drop). */
export async function fileStoredDevices(db: Db): Promise<void> {
  let batch: DeviceKeys[] = [];
  for await (const doc of collection(db, c.devices).find({}, { projection: { mac: 1, accountId: 1, extension: 1 } })) {
    batch.push({ mac: String(doc.mac), accountId: String(doc.accountId), ...(doc.extension ? { extension: String(doc.extension) } : {}) });
    if (batch.length >= 100) {
      await fileDevices(db, batch);
      batch = [];
    }
  }
  await fileDevices(db, batch);
}
