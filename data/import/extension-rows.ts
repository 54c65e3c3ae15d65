/**
 * The row of an `extensions` import: an extension's provisioning record in flat columns (CSV or JSON), its line keys
 * as `type:value:label` separated by `|` (or a JSON array), its emergency address in the `e911*` columns (all or none).
 */
import { z } from 'zod';
import { emergencyAddressSchema, extensionDocSchema, extensionKeyOf, lineKeySchema } from '../schemas/registry';

/** Empty CSV cells count as absent. */
const blankAsAbsent = (value: unknown) => (value === '' || value === null ? undefined : value);

/** `blf:1002:Reception|speed-dial:5550100` → key objects; an array (JSON) is taken as it is. */
function parseLineKeys(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') return value;
  return value.split('|').map((key) => key.trim()).filter(Boolean).map((key) => {
    const [type, value, ...label] = key.split(':').map((part) => part.trim());
    return { type, value, ...(label.length > 0 && label.join(':') ? { label: label.join(':') } : {}) };
  });
}

const e911Columns = {
  e911Street1: 'street1', e911Street2: 'street2', e911City: 'city', e911State: 'state', e911PostalCode: 'postalCode', e911Country: 'country',
} as const;
const { street1, street2, city, state, postalCode, country } = emergencyAddressSchema.shape;
const { accountId, extension, sipUser, sipServer, displayName } = extensionDocSchema.shape;

/** The row schema: flat columns in, the stored record (with its `extensionKey`) out. */
export const extensionRowSchema = z.object({
  accountId, extension, sipUser, sipServer, displayName,
  lineKeys: z.preprocess(parseLineKeys, z.array(lineKeySchema).max(48, 'must list at most 48 keys')),
  e911Street1: z.preprocess(blankAsAbsent, street1.optional()),
  e911Street2: z.preprocess(blankAsAbsent, street2.unwrap().optional()),
  e911City: z.preprocess(blankAsAbsent, city.optional()),
  e911State: z.preprocess(blankAsAbsent, state.optional()),
  e911PostalCode: z.preprocess(blankAsAbsent, postalCode.optional()),
  e911Country: z.preprocess(blankAsAbsent, country.optional()),
}).superRefine((row, ctx) => {
  const given = Object.keys(e911Columns).filter((column) => row[column as keyof typeof e911Columns] !== undefined);
  if (given.length === 0) return;
  for (const column of Object.keys(e911Columns) as Array<keyof typeof e911Columns>) {
    if (column !== 'e911Street2' && row[column] === undefined) ctx.addIssue({ code: 'custom', path: [column], message: 'required when an emergency address is given (e911Street1, e911City, e911State, e911PostalCode, e911Country)' });
  }
}).transform(({ e911Street1, e911Street2, e911City, e911State, e911PostalCode, e911Country, ...record }) => ({
  extensionKey: extensionKeyOf(record.accountId, record.extension),
  ...record,
  ...(e911Street1 ? { emergencyAddress: { street1: e911Street1, ...(e911Street2 ? { street2: e911Street2 } : {}), city: e911City!, state: e911State!, postalCode: e911PostalCode!, country: e911Country! } } : {}),
}));
