/**
 * The data layer's reads for the support console on the real FerretDB: devices by account and extension (filed by
 * the import, by a replacement's registration and by migration v5 for devices stored before), the model catalogue,
 * support's attention entries on the working set, and the work queue a page at a time.
 */
import { createClaimActivities } from '../../../activities/claims';
import { createDeviceActivities } from '../../../activities/devices';
import { createInventoryActivities } from '../../../activities/inventory';
import { migrate, migrations } from '../../../activities/database';
import { findActiveClaim, updateActiveClaim } from '../../../data/claims-active';
import { collection, collectionNames } from '../../../data/collections';
import { findDevicesOfExtension, listModels } from '../../../data/devices';
import { importRecords } from '../../../data/import/run';
import { listTasks, queuePositionOf } from '../../../data/tasks';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimOpenedInput, insertModels, insertUnits } from './support';

let test$: TestDatabase;
const now = new Date();
const clock = () => now;
const at = (offsetMinutes: number) => new Date(now.getTime() + offsetMinutes * 60_000).toISOString();
const device = (mac: string, extension: string, accountId = 'ACME-001') => ({ mac, extension, accountId, model: 'yealink-t54w', channel: 'installation', purchasedOn: '2025-02-03' });
const importDevices = (rows: object[]) => importRecords(test$.db, 'devices', rows.map((record, i) => ({ row: i + 1, record })), 'devices.json');
const macsOf = async (accountId: string, extension: string) => (await findDevicesOfExtension(test$.db, accountId, extension)).map((d) => d.mac);

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
  await insertModels(test$.db, [['yealink-t54w'], ['poly-vvx-450']]);
});
afterAll(async () => test$?.close());

describe('devices by account and extension', () => {
  it('finds imported devices by account (any case) and extension; a re-import files nothing twice; a moved device is found where it is now', async () => {
    await importDevices([device('00:15:65:DD:00:01', '2001'), device('00:15:65:DD:00:02', '2001'), device('00:15:65:DD:00:03', '2002')]);
    expect(await macsOf('acme-001', '2001')).toEqual(['00:15:65:DD:00:02', '00:15:65:DD:00:01']);
    const again = await importDevices([device('00:15:65:DD:00:01', '2001')]);
    expect(again.unchanged).toBe(1);
    expect(await collection(test$.db, collectionNames.deviceIndex).countDocuments({ list: 'account-ext:acme-001:2001' })).toBe(2);
    await importDevices([device('00:15:65:DD:00:01', '2009')]);
    expect(await macsOf('ACME-001', '2001')).toEqual(['00:15:65:DD:00:02']);
    expect(await macsOf('ACME-001', '2009')).toEqual(['00:15:65:DD:00:01']);
    expect(await macsOf('OTHER', '2001')).toEqual([]);
  });

  it('finds a replacement under the extension of the device it replaced, through that device (not filed: no list write)', async () => {
    await importDevices([device('00:15:65:DD:00:10', '2010')]);
    const claims = createClaimActivities({ db: test$.db, clock });
    await claims.recordClaimOpened(claimOpenedInput('C-DI1', '00:15:65:DD:00:10'));
    await insertUnits(test$.db, 'yealink-t54w', 1, 'A', 'DI');
    const unit = await createInventoryActivities({ db: test$.db, clock }).reserveUnit({ claimId: 'C-DI1', model: 'yealink-t54w' });
    expect(unit).not.toBeNull();
    await createDeviceActivities({ db: test$.db }).registerReplacement({
      claimId: 'C-DI1', originalMac: '00:15:65:DD:00:10', replacementMac: '00:15:65:DD:00:11', model: 'yealink-t54w',
      fallback: { accountId: 'ACME-001', extension: '2010', purchasedOn: '2025-02-03' },
    });
    expect(await macsOf('ACME-001', '2010')).toEqual(['00:15:65:DD:00:11', '00:15:65:DD:00:10']);
    expect(await collection(test$.db, collectionNames.deviceIndex).countDocuments({ list: 'account-ext:acme-001:2010' })).toBe(1);
    // Replaced again by a later claim: the chain is followed, newest first.
    await createDeviceActivities({ db: test$.db }).registerReplacement({
      claimId: 'C-DI2', originalMac: '00:15:65:DD:00:11', replacementMac: '00:15:65:DD:00:12', model: 'yealink-t54w',
      fallback: { accountId: 'ACME-001', extension: '2010', purchasedOn: '2025-02-03' },
    });
    expect(await macsOf('ACME-001', '2010')).toEqual(['00:15:65:DD:00:12', '00:15:65:DD:00:11', '00:15:65:DD:00:10']);
  });

  it('files the replacement of a device the registry did not know (a supervisor\'s approval) under the claim\'s extension', async () => {
    await createDeviceActivities({ db: test$.db }).registerReplacement({
      claimId: 'C-DI3', originalMac: '00:15:65:DD:00:13', replacementMac: '00:15:65:DD:00:14', model: 'yealink-t54w',
      fallback: { accountId: 'ACME-001', extension: '2011', purchasedOn: '2025-02-03' },
    });
    expect(await macsOf('ACME-001', '2011')).toEqual(['00:15:65:DD:00:14']);
  });

  it('migration v5 files the devices stored before it', async () => {
    await collection(test$.db, collectionNames.devices).insertOne({ _id: '00:15:65:DD:00:20', ...device('00:15:65:DD:00:20', '2020') });
    expect(await macsOf('ACME-001', '2020')).toEqual([]);
    await migrations.find((m) => m.version === 5)!.up(test$.db);
    expect(await macsOf('ACME-001', '2020')).toEqual(['00:15:65:DD:00:20']);
  });
});

it('lists the model catalogue by display name', async () => {
  expect((await listModels(test$.db)).map((m) => m.model)).toEqual(['poly-vvx-450', 'yealink-t54w']);
});

describe('support’s attention entries on the working set', () => {
  it('keeps the entries that ask for support (carrier trouble, an email that may not have arrived), and migration v5 adds those recorded before', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    await recordClaimOpened(claimOpenedInput('C-AT1', '00:15:65:DD:00:30'));
    await projectClaim({
      claimId: 'C-AT1', status: 'shipped', handedOverAt: at(1), flags: { escalated: true },
      timeline: [
        { key: 'status-shipped', at: at(1), status: 'shipped', message: 'Handed over' },
        { key: 'outbound-failure', at: at(2), message: 'Carrier reports FAILURE for the replacement' },
        { key: 'email-unconfirmed-replacement-shipped-1', at: at(3), message: 'The "replacement-shipped" email may not have arrived' },
      ],
    });
    const keys = async () => Object.values((await findActiveClaim(test$.db, 'C-AT1'))!.attention).map((entry) => entry.key).sort();
    expect(await keys()).toEqual(['email-unconfirmed-replacement-shipped-1', 'outbound-failure']);
    await updateActiveClaim(test$.db, 'C-AT1', {}, ['attention']); // as stored before the attention entries
    expect(await keys()).toEqual([]);
    await migrations.find((m) => m.version === 5)!.up(test$.db);
    expect(await keys()).toEqual(['email-unconfirmed-replacement-shipped-1', 'outbound-failure']);
  });
});

describe('the work queue a page at a time', () => {
  it('continues after a queue position, overdue first, and filters before it pages', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    for (const [n, dueIn] of [[1, -60], [2, 30], [3, 90], [4, -5]] as const) {
      const claimId = `C-Q${n}`;
      await recordClaimOpened(claimOpenedInput(claimId, `00:15:65:DD:01:0${n}`));
      await projectClaim({ claimId, status: 'address-problem', tasksOpened: [{ kind: 'fix-address', slaDueAt: at(dueIn), summary: `fix ${n}`, round: 1, openedAt: at(0) }] });
    }
    const first = await listTasks(test$.db, { kinds: ['fix-address'], limit: 2 }, now);
    expect(first.map((t) => [t.claimId, t.overdue])).toEqual([['C-Q1', true], ['C-Q4', true]]);
    const second = await listTasks(test$.db, { kinds: ['fix-address'], limit: 2, after: queuePositionOf(first[1]!) }, now);
    expect(second.map((t) => t.claimId)).toEqual(['C-Q2', 'C-Q3']);
    expect((await listTasks(test$.db, { kinds: ['fix-address'], matches: (t) => t.summary === 'fix 3' }, now)).map((t) => t.claimId)).toEqual(['C-Q3']);
  });
});
