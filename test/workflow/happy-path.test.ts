/** The main path: approved under warranty → labels → shipping task → hand-over → delivered → return received → closed. */
import type { WorkflowHandle } from '@temporalio/client';
import { cancelClaimUpdate, completeShipmentUpdate, recordReturnReceiptUpdate, trackingEventSignal } from '../../workflows/messages';
import { ClaimStatusAttribute, DeviceMacAttribute, ExtensionAttribute } from '../../workflows/search-attributes';
import { activitySequenceOf } from '../../bench/activity-sequence';
import { FakeClaimWorld } from './support/fake-activities';
import { device, runClaim, setUpClaimTests, untilStatus, type ClaimTestContext } from './support/harness';

let ctx: ClaimTestContext;
beforeAll(async () => { ctx = await setUpClaimTests(); });
afterAll(async () => { await ctx?.env.teardown(); });

/** Drives a claim from awaiting-shipment to delivered; the delivery comes once the replacement is provisioned (one order). */
async function shipAndDeliver(handle: WorkflowHandle, world: FakeClaimWorld): Promise<void> {
  await untilStatus(handle, 'awaiting-shipment');
  await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'aabb.ccdd.0001', serial: 'SN-1', completedBy: 'packer-1' }] });
  for (let waited = 0; !world.timelineKeys().includes('replacement-provisioned') && waited < 10_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await handle.signal(trackingEventSignal, { eventId: 'o-1', trackingNumber: 'TRK-OUTBOUND', leg: 'outbound', status: 'DELIVERED', occurredAt: new Date().toISOString() });
  await untilStatus(handle, 'delivered');
}

test('happy path: warranty defect is approved, shipped, delivered, returned and closed', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, { fixture: 'happy-path' }, async (handle) => {
    await shipAndDeliver(handle, world);
    const receipt = await handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: '00-15-65-ab-cd-ef', condition: 'defect confirmed', receivedBy: 'dock-2' }] });
    expect(receipt.macMatches).toBe(true);
  });

  expect(final.status).toBe('closed');
  expect(final.decision).toMatchObject({ outcome: 'approved', rule: 'manufacturer-warranty' });
  expect(final.replacementMac).toBe('AA:BB:CC:DD:00:01');
  expect(final.openTasks).toEqual([]);
  expect(world.timelineKeys()).toEqual([
    'status-approved', 'email-sent-claim-received-1', 'unit-reserved', 'label-outbound', 'label-return', 'status-awaiting-shipment',
    'status-shipped', 'email-sent-replacement-shipped-1', 'replacement-provisioned', 'status-delivered', 'email-sent-replacement-delivered-1',
    'status-return-received', 'status-closed', 'email-sent-claim-closed-returned-1', 'defective-released',
  ]);
  // The claim keeps its emails' outcomes: each email was asked to write none of its own on a send SMTP accepts.
  expect(world.inputsOf('sendCustomerEmail').every((input) => input.outcomeOnClaim === true)).toBe(true);
  expect(world.emailKinds()).toEqual(['claim-received#1', 'replacement-shipped#1', 'replacement-delivered#1', 'claim-closed-returned#1']);
  const shipped = world.emails.find((e) => e.kind === 'replacement-shipped')!;
  expect(shipped.data).toMatchObject({ carrier: 'usps', trackingNumber: 'TRK-OUTBOUND', trackingUrl: 'https://track.example/outbound', returnWindowDays: 30 });
  expect(world.inputsOf('buyLabel').map((i) => [i.leg, i.carrier])).toEqual([['outbound', undefined], ['return', 'usps']]);
  expect(world.registered).toEqual([{
    claimId: 'claim-1', originalMac: '00:15:65:AB:CD:EF', replacementMac: 'AA:BB:CC:DD:00:01', serial: 'SN-1', model: 'T54W',
    fallback: { accountId: 'acct-1', extension: '201', purchasedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    // The original as the claim's lookup read it: the registration does not read the registry again.
    original: { mac: '00:15:65:AB:CD:EF', accountId: 'acct-1', extension: '201', model: 'T54W', channel: 'web-store', purchasedOn: device().purchasedOn },
  }]);
  expect(world.inputsOf('markUnitShipped')).toEqual([{ claimId: 'claim-1' }]);
  expect(world.tasksOpened().map((t) => t.kind)).toEqual(['pick-pack-ship', 'receive-return']);
  expect(world.tasksClosed().map((t) => [t.kind, t.outcome])).toEqual([['pick-pack-ship', 'shipped'], ['receive-return', 'received']]);
  expect(world.inputsOf('voidLabel')).toEqual([]);
  expect(world.released).toBe(false);
  // The claim opens already approved; then one projection per wait, never a write per change: the reservation with
  // both labels and the shipping task (filing the claim under its search lists), shipped (before the delivery wait),
  // the replacement provisioned, delivered, closed.
  expect(world.inputsOf('recordClaimOpened').map((opening) => [opening.model, opening.change?.status, opening.change?.timeline?.map((e) => e.key)]))
    .toEqual([['T54W', 'approved', ['status-approved']]]);
  expect(world.callNames().filter((name) => ['updateClaim', 'openTask', 'closeTask'].includes(name))).toEqual([]);
  expect(world.inputsOf('projectClaim').map((change) => change.status ?? null)).toEqual(
    ['awaiting-shipment', 'shipped', null, 'delivered', 'closed'],
  );
  // Opened off support's answer: the opening puts the claim in the working set and its lists are filed at its close.
  expect(world.inputsOf('recordClaimOpened')).toEqual([expect.objectContaining({ filedAtClose: true })]);
  expect(world.inputsOf('projectClaim').map((change) => change.fileOpened ?? false)).toEqual([false, false, false, false, false]);
  expect(world.inputsOf('projectClaim')[0]?.unit).toMatchObject({ model: 'T54W' });
  expect(Object.keys(world.inputsOf('projectClaim')[0]?.labels ?? {}).sort()).toEqual(['outbound', 'return']);
});

test.each([
  ['the registry\'s answer and the page token given at opening (POST /claims): the opening itself, off the task', true, ['recordClaimOpened']],
  ['nothing given: the claim reads the registry and opens in the task', false, ['lookupDevice*', 'recordClaimOpened*', 'sendCustomerEmail']],
])('the first task, support\'s answer, holds nothing before the first regular activity but the opening (%s)', async (_, deviceGiven, expected) => {
  const world = new FakeClaimWorld({ devices: [device()] });
  let firstTask: string[] = [];
  await runClaim(ctx, world, { deviceGiven, ...(deviceGiven ? {} : { fixture: 'registry-read-by-claim' }) }, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    // Up to the first regular activity (a loaded machine may split the task: the order is what matters).
    const activities = activitySequenceOf((await handle.fetchHistory()).events ?? []);
    firstTask = activities.slice(0, activities.findIndex((name) => !name.endsWith('*')) + 1);
    await handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'test over', cancelledBy: 'agent-7' }] });
  });
  expect(firstTask).toEqual(expected);
  expect(world.inputsOf('lookupDevice')).toHaveLength(deviceGiven ? 0 : 1);
  // The opening stores the token the opener made (given), or makes one (not given).
  expect(world.inputsOf('recordClaimOpened')[0]?.trackingToken).toEqual(deviceGiven ? expect.stringMatching(/^claim-\d+\.T{24}$/) : undefined);
});

test('a new claim carries one patch marker (email-outcomes-on-claim stands for every earlier patch), and one TemporalChangeVersion upsert', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  let markers: string[] = [];
  let changeVersionUpserts = 0;
  await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    const events = (await handle.fetchHistory()).events ?? [];
    markers = events.flatMap((event) => {
      const marker = event.markerRecordedEventAttributes;
      const data = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
      return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
    });
    changeVersionUpserts = events.filter((event) => event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion).length;
    await handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'test over', cancelledBy: 'agent-7' }] });
  });
  expect(markers).toEqual(['email-outcomes-on-claim']);
  expect(changeVersionUpserts).toBe(1);
});

test('search attributes follow the status (registered on the test server)', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  let attributes: unknown[] = [];
  await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    const described = await handle.describe();
    attributes = [ClaimStatusAttribute, DeviceMacAttribute, ExtensionAttribute].map((key) => described.typedSearchAttributes.get(key));
    await handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'test over', cancelledBy: 'agent-7' }] });
  });
  expect(attributes).toEqual(['awaiting-shipment', '00:15:65:AB:CD:EF', '201']);
});
