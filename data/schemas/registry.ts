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

/** A device model with its ordered list of similar models a replacement may come from (`deviceModels`). */
export const deviceModelDocSchema = z
  .object({ model: text, manufacturer: text, name: text, similarModels: z.array(text) })
  .refine((doc) => !doc.similarModels.includes(doc.model), { path: ['similarModels'], message: 'must not list the model itself' });
/** A stored device model. */
export type DeviceModelDoc = z.output<typeof deviceModelDocSchema>;

/** Where a refurbished unit is. */
export const unitStatuses = ['available', 'reserved', 'shipped'] as const;
/** Refurbished unit grades; only grade A is ever reserved. */
export const unitGrades = ['A', 'B', 'C'] as const;
/** One of the unit grades. */
export const unitGrade = z.enum(unitGrades, { error: 'must be A, B or C' });

/** A refurbished unit in stock (`inventoryUnits`, unique by `unitId`). Only grade A is ever reserved. */
export const inventoryUnitDocSchema = z.object({
  unitId: text,
  model: text,
  grade: unitGrade,
  status: z.enum(unitStatuses),
  serial: text.optional(),
  reservedFor: text.nullish(),
  reservedAt: isoInstant.nullish(),
  shippedAt: isoInstant.optional(),
});
/** A stored inventory unit. */
export type InventoryUnitDoc = z.output<typeof inventoryUnitDocSchema>;
