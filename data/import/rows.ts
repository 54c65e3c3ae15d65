/** Row schemas of the four import kinds: what a CSV line or JSON item must hold, and the key that identifies it. */
import { z } from 'zod';
import { acquisitionChannel, isoDate, macAddress, text } from '../schemas/common';
import { unitGrade } from '../schemas/registry';

/** What can be imported. */
export const importKinds = ['devices', 'leases', 'models', 'inventory'] as const;
/** One import kind. */
export type ImportKind = (typeof importKinds)[number];

/** Empty CSV cells count as absent. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
/** A date not after `today` (the refinement only speaks when the date itself is well-formed). */
const notAfter = (today: string) =>
  isoDate.refine((date) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || date <= today, { message: `must not be in the future (today is ${today})` });
const separated = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[|;]/).map((s) => s.trim()).filter((s) => s !== '') : v ?? []),
  z.array(text),
);

/** Builds the row schema of each kind; `today` (YYYY-MM-DD) bounds dates that cannot be in the future. */
export function rowSchemas(today: string) {
  return {
    devices: z.object({
      mac: macAddress,
      extension: optional(text),
      accountId: text,
      model: text,
      channel: acquisitionChannel,
      purchasedOn: notAfter(today),
      leaseContractId: optional(text),
    }),
    leases: z
      .object({ contractId: text, accountId: text, startsOn: notAfter(today), endsOn: isoDate })
      .refine((row) => row.endsOn >= row.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' }),
    models: z
      .object({ model: text, manufacturer: text, name: text, similarModels: separated })
      .refine((row) => !row.similarModels.includes(row.model), { path: ['similarModels'], message: 'must not list the model itself' }),
    inventory: z.object({
      unitId: text,
      model: text,
      grade: z.preprocess((v) => (v === '' || v === undefined ? 'A' : v), unitGrade),
      serial: optional(text),
    }),
  } satisfies Record<ImportKind, z.ZodType>;
}

/** The field that identifies a row of each kind (unique within a file and in the collection). */
export const keyField = { devices: 'mac', leases: 'contractId', models: 'model', inventory: 'unitId' } as const satisfies Record<ImportKind, string>;

/** An accepted row of some kind. */
export type AcceptedRow = Record<string, unknown>;
