/** Stored documents of the device registry, lease contracts, device models and refurbished inventory. */
import { z } from 'zod';
import { acquisitionChannel, isoDate, isoInstant, macAddress, text } from './common';

/** A device in the registry (`devices`, unique by `mac`). The lease term is joined from `leases`. */
export const deviceDocSchema = z.object({
  mac: macAddress,
  extension: text.optional(),
  accountId: text,
  model: text,
  channel: acquisitionChannel,
  purchasedOn: isoDate,
  /** The lease contract the device was acquired with (key into `leases`). */
  leaseContractId: text.optional(),
  /** Set on replacements: the device this one replaced. */
  replacesMac: macAddress.optional(),
  /** Set on a replaced device: its replacement. */
  replacedByMac: macAddress.optional(),
  /** Set on replacements: the claim that shipped it. */
  registeredByClaim: text.optional(),
  serial: text.optional(),
});
/** A stored device. */
export type DeviceDoc = z.output<typeof deviceDocSchema>;

/** A lease contract (`leases`, unique by `contractId`). */
export const leaseDocSchema = z
  .object({ contractId: text, accountId: text, startsOn: isoDate, endsOn: isoDate })
  .refine((lease) => lease.endsOn >= lease.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });
/** A stored lease contract. */
export type LeaseDoc = z.output<typeof leaseDocSchema>;

/** A device as eligibility read it (`DeviceRecord`): the registry's fields with its lease term joined. */
export const deviceRecordSchema = deviceDocSchema
  .pick({ mac: true, extension: true, accountId: true, model: true, channel: true, purchasedOn: true, replacesMac: true })
  .extend({ lease: z.object({ contractId: text, startsOn: isoDate, endsOn: isoDate }).optional() });

/** A device model with its ordered list of similar models a replacement may come from (`deviceModels`). */
export const deviceModelDocSchema = z
  .object({ model: text, manufacturer: text, name: text, similarModels: z.array(text) })
  .refine((doc) => !doc.similarModels.includes(doc.model), { path: ['similarModels'], message: 'must not list the model itself' });
/** A stored device model. */
export type DeviceModelDoc = z.output<typeof deviceModelDocSchema>;

/** Where a refurbished unit was, as older versions mirrored it on the unit (its reservation and the shelf tell now). */
export const unitStatuses = ['available', 'reserved', 'shipped'] as const;
/** Refurbished unit grades; only grade A is ever reserved. */
export const unitGrades = ['A', 'B', 'C'] as const;
/** One of the unit grades. */
export const unitGrade = z.enum(unitGrades, { error: 'must be A, B or C' });

/**
 * A refurbished unit's catalogue entry (`inventoryUnits`, unique by `unitId`). Only grade A is ever reserved. Its
 * state is its reservation (data/inventory.ts); `status` and the fields after `serial` are older versions' mirror.
 */
export const inventoryUnitDocSchema = z.object({
  unitId: text,
  model: text,
  grade: unitGrade,
  status: z.enum(unitStatuses).optional(),
  serial: text.optional(),
  reservedFor: text.nullish(),
  reservedAt: isoInstant.nullish(),
  shippedAt: isoInstant.optional(),
});
/** A stored inventory unit. */
export type InventoryUnitDoc = z.output<typeof inventoryUnitDocSchema>;
/** Text a phone's configuration file can carry: no control characters (one line of a `.cfg`, one XML attribute). */
const configText = (max: number) => text.max(max, `must be at most ${max} characters`).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** A programmable key of the phone: busy-lamp field, speed dial, or an extra line appearance. */
export const lineKeySchema = z.object({
  type: z.enum(['blf', 'speed-dial', 'line'], { error: 'must be blf, speed-dial or line' }),
  value: configText(64),
  label: configText(32).optional(),
});
/** One line key. */
export type LineKey = z.output<typeof lineKeySchema>;

/** The extension's registered emergency (E911) dispatchable location. */
export const emergencyAddressSchema = z.object({
  street1: configText(100),
  street2: configText(100).optional(),
  city: configText(60),
  state: configText(30),
  postalCode: configText(12),
  country: z.string().trim().regex(/^[A-Z]{2}$/, 'must be a 2-letter country code such as US'),
});

/** The key of an extension's provisioning record: its account and extension number (`ACME-001/1001`). */
export function extensionKeyOf(accountId: string, extension: string): string {
  return `${accountId}/${extension}`;
}

/**
 * An extension's provisioning record (`extensions`, `_id` = `extensionKey`): what its phone's configuration file
 * carries (SIP account, server, display name, line keys) and its registered emergency address. The SIP password is
 * not stored: it is derived per credential version (provisioning/credentials.ts).
 */
export const extensionDocSchema = z.object({
  extensionKey: text,
  accountId: text,
  extension: configText(16),
  /** The SIP user name (also the authentication id). */
  sipUser: z.string().trim().regex(/^[A-Za-z0-9._+-]{1,64}$/, 'must be 1–64 letters, digits, . _ + or -'),
  /** The SIP registrar, `host` or `host:port`. */
  sipServer: z.string().trim().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:\d{1,5})?$/, 'must be a host name or address, optionally with :port'),
  displayName: configText(64),
  lineKeys: z.array(lineKeySchema).max(48, 'must list at most 48 keys').default([]),
  emergencyAddress: emergencyAddressSchema.optional(),
});
/** A stored provisioning record. */
export type ExtensionDoc = z.output<typeof extensionDocSchema>;
