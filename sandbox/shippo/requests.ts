/** Request schemas of the sandbox (Shippo's snake_case wire format) and Shippo-style 400 bodies from zod issues. */
import { z } from 'zod';

const required = { error: 'This field is required.' };

/** `AddressCreateRequest` on the wire. */
export const addressInput = z.object({
  name: z.string().optional(),
  company: z.string().optional(),
  street1: z.string(required).min(1, required),
  street2: z.string().optional(),
  street3: z.string().optional(),
  city: z.string(required).min(1, required),
  state: z.string().optional(),
  zip: z.string(required).min(1, required),
  country: z.string(required).length(2, { error: 'Must be an ISO 3166-1 alpha-2 country code.' }),
  phone: z.string().optional(),
  email: z.string().optional(),
  is_residential: z.boolean().optional(),
  metadata: z.string().max(100).optional(),
  validate: z.boolean().optional(),
});
/** A parsed address input. */
export type AddressInput = z.infer<typeof addressInput>;

const decimal = z.string(required).regex(/^\d+(\.\d+)?$/, { error: 'A valid number is required.' });

/** `ParcelCreateRequest` on the wire (the sandbox accepts only inline parcels). */
export const parcelInput = z.object({
  length: decimal,
  width: decimal,
  height: decimal,
  distance_unit: z.enum(['cm', 'in', 'ft', 'm', 'mm', 'yd']),
  weight: decimal,
  mass_unit: z.enum(['g', 'kg', 'lb', 'oz']),
  metadata: z.string().optional(),
});

/** `ShipmentCreateRequest` on the wire (inline addresses and parcels only). */
export const shipmentInput = z.object({
  address_from: addressInput,
  address_to: addressInput,
  parcels: z.array(parcelInput).min(1, { error: 'At least one parcel is required.' }),
  extra: z.object({ is_return: z.boolean().optional() }).loose().optional(),
  metadata: z.string().max(100).optional(),
  async: z.boolean().optional(),
  carrier_accounts: z.array(z.string()).optional(),
  shipment_date: z.string().optional(),
});
/** A parsed shipment input. */
export type ShipmentInput = z.infer<typeof shipmentInput>;

/** `TransactionCreateRequest` on the wire. */
export const transactionInput = z.object({
  rate: z.string(required).min(1, required),
  async: z.boolean().optional(),
  label_file_type: z
    .enum(['PNG', 'PNG_2.3x7.5', 'PDF', 'PDF_2.3x7.5', 'PDF_4x6', 'PDF_4x8', 'PDF_A4', 'PDF_A5', 'PDF_A6', 'ZPLII'])
    .optional(),
  metadata: z.string().max(100).optional(),
  order: z.string().optional(),
});

/** `RefundRequestBody` on the wire. */
export const refundInput = z.object({ transaction: z.string(required).min(1, required), async: z.boolean().optional() });

/** `TracksRequest` on the wire. */
export const trackInput = z.object({
  carrier: z.string(required).min(1, required),
  tracking_number: z.string(required).min(1, required),
  metadata: z.string().max(100).optional(),
});

/** Shippo's 400 body shape: `{ field: { nested: ["reason"] } }` built from zod issues. */
export function fieldErrors(error: z.ZodError): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.map(String) : ['non_field_errors'];
    let node = body;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = (next && typeof next === 'object' && !Array.isArray(next) ? next : (node[key] = {})) as Record<string, unknown>;
    }
    const leaf = path[path.length - 1] as string;
    const list = Array.isArray(node[leaf]) ? (node[leaf] as string[]) : [];
    node[leaf] = [...list, issue.message];
  }
  return body;
}
