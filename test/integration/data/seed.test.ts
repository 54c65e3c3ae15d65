/** Seed data on the real FerretDB: every scenario the demo needs is there, and seeding twice changes nothing. */
import { migrate } from '../../../activities/database';
import { createDeviceActivities } from '../../../activities/devices';
import { collection, collectionNames } from '../../../data/collections';
import { seedDatabase } from '../../../data/seed';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

let test$: TestDatabase;
const today = '2026-11-29';
beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
});
afterAll(async () => test$?.close());
/** Grade-A units of `model` on the shelf (what a reservation can take). */
const availableGradeA = async (model: string) => (await collection(test$.db, collectionNames.unitsAvailable).find({}).toArray()).filter((unit) => unit.model === model).length;

describe('seedDatabase', () => {
  it('seeds models, leases, devices and stock, and a second run changes nothing', async () => {
    const first = await seedDatabase(test$.db, today);
    expect(first).toEqual({
      leases: { accepted: 4, inserted: 4, updated: 0, unchanged: 0 },
      models: { accepted: 7, inserted: 7, updated: 0, unchanged: 0 },
      devices: { accepted: 11, inserted: 11, updated: 0, unchanged: 0 },
      inventory: { accepted: 10, inserted: 10, updated: 0, unchanged: 0 },
    });
    const second = await seedDatabase(test$.db, today);
    for (const kind of Object.values(second)) expect([kind.inserted, kind.updated]).toEqual([0, 0]);
  });

  it('covers every channel, both sides of the one-year line, active and expired leases, stock and no stock', async () => {
    const devices = await collection(test$.db, collectionNames.devices).find({}).toArray();
    expect(new Set(devices.map((d) => d.channel))).toEqual(new Set(['installation', 'shipping-department', 'web-store', 'third-party']));
    const purchased = devices.map((d) => String(d.purchasedOn));
    expect(purchased).toContain('2025-11-29'); // the last covered day
    expect(purchased).toContain('2025-11-28'); // one day too late
    const leases = await collection(test$.db, collectionNames.leases).find({}).toArray();
    expect(leases.some((l) => l.endsOn >= today) && leases.some((l) => l.endsOn < today)).toBe(true);

    const { lookupDevice } = createDeviceActivities({ db: test$.db });
    expect((await lookupDevice({ mac: '80:5E:C0:1A:00:02' }))?.lease).toEqual({ contractId: 'L-ACME-36M', startsOn: '2025-10-05', endsOn: '2028-10-04' });

    expect((await availableGradeA('yealink-t54w'))).toBe(3);
    expect((await availableGradeA('cisco-8841'))).toBe(0); // only a grade-C unit
    expect((await availableGradeA('poly-edge-e350'))).toBe(0);
    const models = await collection(test$.db, collectionNames.deviceModels).find({}).toArray();
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(['Yealink SIP-T54W', 'Poly Edge E350', 'Cisco IP Phone 8841', 'Cisco IP Phone 7841']));
  });
});
