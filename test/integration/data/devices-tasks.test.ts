/** Device registry and task activities on the real FerretDB: lookups, replacement registration, task lifecycle. */
import { createClaimActivities } from '../../../activities/claims';
import { createDeviceActivities } from '../../../activities/devices';
import { createInventoryActivities } from '../../../activities/inventory';
import { createTaskActivities } from '../../../activities/tasks';
import { collection, collectionNames } from '../../../data/collections';
import { deviceLookupOf, findDevice, registerReplacementDevice } from '../../../data/devices';
import { migrate } from '../../../activities/database';
import { findClaimDoc } from '../../../data/claims';
import { listTasks, takeTask, tasksOfClaim } from '../../../data/tasks';
import { commandsSent, openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimOpenedInput, filtersSentTo, insertModels, insertUnits, notById } from './support';

let test$: TestDatabase;
const now = new Date('2026-11-29T12:00:00.000Z');
const clock = () => now;

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
  await collection(test$.db, collectionNames.leases).insertOne({ contractId: 'L-100', accountId: 'ACME-001', startsOn: '2025-01-01', endsOn: '2028-12-31' });
  await collection(test$.db, collectionNames.devices).insertMany([
    { mac: '00:15:65:AA:00:01', extension: '1042', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'installation', purchasedOn: '2025-02-03', leaseContractId: 'L-100' },
    { mac: '00:15:65:AA:00:09', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'web-store', purchasedOn: '2025-02-03', leaseContractId: 'L-MISSING' },
  ]);
  await insertModels(test$.db, [['yealink-t54w']]);
  await insertUnits(test$.db, 'yealink-t54w', 2);
});
afterAll(async () => test$?.close());

describe('lookupDevice', () => {
  it('finds a device by any MAC notation with the term of the lease it was acquired with; null when unknown', async () => {
    const { lookupDevice } = createDeviceActivities({ db: test$.db });
    expect(await lookupDevice({ mac: '0015.65aa.0001' })).toEqual({
      mac: '00:15:65:AA:00:01', extension: '1042', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'installation',
      purchasedOn: '2025-02-03', lease: { contractId: 'L-100', startsOn: '2025-01-01', endsOn: '2028-12-31' },
    });
    expect(await lookupDevice({ mac: '00:15:65:FF:FF:FF' })).toBeNull();
  });

  it('fails non-retryably, naming the field, for a bad MAC or a device whose lease is missing', async () => {
    const { lookupDevice } = createDeviceActivities({ db: test$.db });
    await expect(lookupDevice({ mac: 'xyz' })).rejects.toMatchObject({ type: 'InvalidData', message: expect.stringContaining('mac: must be 12 hex digits') });
    await expect(lookupDevice({ mac: '00:15:65:AA:00:09' })).rejects.toThrow(/leaseContractId: lease contract L-MISSING is not in the registry/);
  });
});

describe('deviceLookupOf (the answer POST /claims passes in the claim\'s input)', () => {
  it('gives the record the activity gives, null for an unknown device, and the activity\'s failure words for a bad record', async () => {
    const { lookupDevice } = createDeviceActivities({ db: test$.db });
    expect(await deviceLookupOf(test$.db, '00:15:65:AA:00:01')).toEqual({ device: await lookupDevice({ mac: '00:15:65:AA:00:01' }) });
    expect(await deviceLookupOf(test$.db, '00:15:65:FF:FF:FF')).toEqual({ device: null });
    const failure = await lookupDevice({ mac: '00:15:65:AA:00:09' }).catch((error: Error) => error.message);
    expect(failure).toMatch(/lease contract L-MISSING is not in the registry/);
    expect(await deviceLookupOf(test$.db, '00:15:65:AA:00:09')).toEqual({ device: null, registryProblem: failure });
  });
});

describe('registerReplacement', () => {
  it('registers the replacement once, inheriting channel, purchase date and lease, linked both ways', async () => {
    const claims = createClaimActivities({ db: test$.db, clock });
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    const { registerReplacement, lookupDevice } = createDeviceActivities({ db: test$.db });
    await claims.recordClaimOpened(claimOpenedInput('C-R1'));
    const unit = await reserveUnit({ claimId: 'C-R1', model: 'yealink-t54w' });
    await claims.updateClaim({ claimId: 'C-R1', unit, entry: { key: 'reserved', at: now.toISOString(), message: 'Unit reserved' } });
    const input = { claimId: 'C-R1', originalMac: '00:15:65:AA:00:01', replacementMac: '80-5e-c0-11-22-33', serial: 'SN-1' };
    await registerReplacement(input);
    await registerReplacement(input);
    expect(await collection(test$.db, collectionNames.devices).countDocuments({ mac: '80:5E:C0:11:22:33' })).toBe(1);
    expect(await lookupDevice({ mac: '805EC0112233' })).toEqual({
      mac: '80:5E:C0:11:22:33', extension: '1042', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'installation',
      purchasedOn: '2025-02-03', lease: { contractId: 'L-100', startsOn: '2025-01-01', endsOn: '2028-12-31' }, replacesMac: '00:15:65:AA:00:01',
    });
    expect((await findDevice(test$.db, '00:15:65:AA:00:01'))?.replacedByMac).toBe('80:5E:C0:11:22:33');
  });

  it('finds and writes the devices by _id only (FerretDB reads every device for any other filter)', async () => {
    await collection(test$.db, collectionNames.devices).insertOne({ _id: '00:15:65:AA:00:21', mac: '00:15:65:AA:00:21', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'installation', purchasedOn: '2026-01-05' });
    const fallback = { accountId: 'ACME-001', extension: '1042', purchasedOn: '2026-01-05', model: 'yealink-t54w' };
    const filters = await filtersSentTo(test$.db, test$.uri, collectionNames.devices, async (db) => {
      await registerReplacementDevice(db, { claimId: 'C-R2', originalMac: '00:15:65:AA:00:21', replacementMac: '00:15:65:AA:00:22', fallback });
    });
    expect(filters.length).toBeGreaterThanOrEqual(3);
    expect(notById(filters)).toEqual([]);
    expect((await findDevice(test$.db, '00:15:65:AA:00:22'))?.replacesMac).toBe('00:15:65:AA:00:21');
  });

  it('refuses a replacement MAC that is already another device, leaving the original unmarked', async () => {
    const { registerReplacement } = createDeviceActivities({ db: test$.db });
    const before = await findDevice(test$.db, '00:15:65:AA:00:01');
    await expect(registerReplacement({ claimId: 'C-R1', originalMac: '00:15:65:AA:00:01', replacementMac: '00:15:65:AA:00:09' }))
      .rejects.toMatchObject({ type: 'InvalidData', message: expect.stringContaining('replacementMac: is already registered as another device') });
    expect((await findDevice(test$.db, '00:15:65:AA:00:01'))?.replacedByMac).toBe(before?.replacedByMac);
    expect((await findDevice(test$.db, '00:15:65:AA:00:09'))?.replacesMac).toBeUndefined();
  });

  it('registers a fresh replacement and marks its original in one database command', async () => {
    await collection(test$.db, collectionNames.devices).insertOne({ _id: '00:15:65:AA:00:31', mac: '00:15:65:AA:00:31', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'installation', purchasedOn: '2026-01-05' });
    const original = await findDevice(test$.db, '00:15:65:AA:00:31');
    const fallback = { accountId: 'ACME-001', extension: '1042', purchasedOn: '2026-01-05', model: 'yealink-t54w' };
    const commands = await commandsSent(test$.db, test$.uri, async (db) => {
      await registerReplacementDevice(db, { claimId: 'C-R3', originalMac: '00:15:65:AA:00:31', replacementMac: '00:15:65:AA:00:32', fallback, original });
    });
    expect(commands).toEqual(['update devices']); // one command: the replacement's upsert and the original's mark
    expect((await findDevice(test$.db, '00:15:65:AA:00:31'))?.replacedByMac).toBe('00:15:65:AA:00:32');
    expect((await findDevice(test$.db, '00:15:65:AA:00:32'))?.registeredByClaim).toBe('C-R3');
  });
});

describe('tasks (openTask and closeTask of claims started before the claim-projection patch)', () => {
  const due = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  beforeAll(async () => {
    const { recordClaimOpened } = createClaimActivities({ db: test$.db, clock });
    await recordClaimOpened(claimOpenedInput('C-T1', '00:15:65:AA:01:01'));
    await recordClaimOpened(claimOpenedInput('C-T2', '00:15:65:AA:01:02'));
  });

  it('opens one task per claim and kind when run twice, lists overdue first, takes only an open task, closes once', async () => {
    const { openTask, closeTask } = createTaskActivities({ db: test$.db, clock });
    const first = await openTask({ claimId: 'C-T1', kind: 'pick-pack-ship', slaDueAt: due(24), summary: 'Ship yealink-t54w to Dallas' });
    expect(await openTask({ claimId: 'C-T1', kind: 'pick-pack-ship', slaDueAt: due(24), summary: 'Ship yealink-t54w to Dallas' })).toEqual(first);
    await openTask({ claimId: 'C-T2', kind: 'pick-pack-ship', slaDueAt: due(-2), summary: 'Late one' });
    await openTask({ claimId: 'C-T2', kind: 'fix-address', slaDueAt: due(4), summary: 'Address rejected' });
    expect(Object.keys((await findClaimDoc(test$.db, 'C-T1'))!.tasks)).toEqual(['pick-pack-ship']);

    const listed = await listTasks(test$.db, { status: 'open', kinds: ['pick-pack-ship'] }, now);
    expect(listed.map((t) => [t.claimId, t.overdue])).toEqual([['C-T2', true], ['C-T1', false]]);

    const people = ['sam', 'alex', 'kim', 'lee', 'max', 'ana', 'bo', 'cy'];
    const takes = await Promise.all(people.map((who) => takeTask(test$.db, first.taskId, who, now)));
    const winners = takes.filter((t) => t.ok);
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.ok ? winners[0].task.assignee : undefined;
    for (const t of takes) if (!t.ok) expect(t.reason).toBe(`task ${first.taskId} is taken (assignee ${winner}), not open`);
    expect(await takeTask(test$.db, first.taskId, 'sam', now)).toEqual({ ok: false, reason: `task ${first.taskId} is taken (assignee ${winner}), not open` });

    await closeTask({ claimId: 'C-T1', kind: 'pick-pack-ship', outcome: 'shipped' });
    await closeTask({ claimId: 'C-T1', kind: 'pick-pack-ship', outcome: 'shipped' });
    expect((await tasksOfClaim(test$.db, 'C-T1')).map((t) => [t.taskId, t.status, t.outcome])).toEqual([[first.taskId, 'done', 'shipped']]);
    expect((await listTasks(test$.db, {}, now)).map((t) => t.claimId)).not.toContain('C-T1');
  });

  it('reopens a closed task for a new round (a second address problem) and rejects a bad kind', async () => {
    const { openTask, closeTask } = createTaskActivities({ db: test$.db, clock });
    await closeTask({ claimId: 'C-T2', kind: 'fix-address', outcome: 'address corrected' });
    await openTask({ claimId: 'C-T2', kind: 'fix-address', slaDueAt: due(8), summary: 'Address rejected again' });
    const open = await listTasks(test$.db, { status: 'open', kinds: ['fix-address'] }, now);
    expect(open).toMatchObject([{ claimId: 'C-T2', round: 2, summary: 'Address rejected again', outcome: null }]);
    await expect(openTask({ claimId: 'C-T2', kind: 'sweep-floor' as never, slaDueAt: due(1), summary: 'x' }))
      .rejects.toMatchObject({ type: 'InvalidData', message: expect.stringContaining('kind: must be one of') });
  });
});
