/** A fleet of in-warranty devices with one refurbished unit each, seeded through the product's import path. */
import type { Db } from 'mongodb';
import { importRecords } from '../data/import/run';
import { seedDatabase, shiftDays } from '../data/seed';
import type { ClaimRequest } from '../domain/types';
import { parseClaimRequest } from '../schemas/claim-request';

/** The MAC of fleet device `index` (prefix keeps separate fleets apart), colon notation. */
export function fleetMac(prefix: number, index: number): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
  return ['02', 'BE', hex(prefix), hex((index >> 16) & 0xff), hex((index >> 8) & 0xff), hex(index & 0xff)].join(':');
}

/** Seeds the demo data plus `count` yealink-t54w devices bought 120 days ago and `count` grade-A units of that model. */
export async function seedFleet(db: Db, prefix: number, count: number): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10);
  await seedDatabase(db, today);
  const macs = Array.from({ length: count }, (_, index) => fleetMac(prefix, index));
  const devices = macs.map((mac, index) => ({
    row: index + 1,
    record: { mac, extension: String(2000 + (index % 7000)), accountId: 'BENCH', model: 'yealink-t54w', channel: 'installation', purchasedOn: shiftDays(today, -120) },
  }));
  const units = macs.map((_, index) => ({
    row: index + 1,
    record: { unitId: `BENCH-${prefix}-${index}`, model: 'yealink-t54w', grade: 'A', serial: `BE${prefix}${String(index).padStart(8, '0')}` },
  }));
  for (const [kind, rows] of [['devices', devices], ['inventory', units]] as const) {
    const report = await importRecords(db, kind, rows, `bench fleet ${prefix}`, { today });
    if (report.rejectedRows > 0) throw new Error(`bench fleet ${kind}: ${report.rejected.slice(0, 3).map((r) => `row ${r.row} ${r.field}: ${r.reason}`).join('; ')}`);
  }
  return macs;
}

/** A valid claim request (defect, in warranty) for the device `mac`. */
export function claimRequestFor(mac: string): ClaimRequest {
  const parsed = parseClaimRequest({
    mac, extension: '2000', accountId: 'BENCH',
    contact: { name: 'Bench Customer', phone: '+1 214 555 0101', email: `bench+${mac.replace(/:/g, '').toLowerCase()}@example.com`, locale: 'en-US', timeZone: 'America/Chicago' },
    shipTo: { name: 'Bench Customer', street1: '1401 Elm St', city: 'Dallas', state: 'TX', postalCode: '75202', country: 'US' },
    fault: 'defect', description: 'Handset audio cuts out; reboots every few minutes.',
    troubleshooting: { remoteSession: true, cablingChecked: true, photoRefs: [] }, triggeredBy: 'bench',
  });
  if (!parsed.ok) throw new Error(`bench claim request: ${parsed.errors.join('; ')}`);
  return parsed.request;
}
