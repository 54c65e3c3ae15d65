/** Fulfilment: back-order (restock, escalation), invalid address → fix-address task, shipping SLA reminder/escalation. */
import type { WorkflowHandle } from '@temporalio/client';
import {
  cancelClaimUpdate,
  completeShipmentUpdate,
  correctAddressUpdate,
  recordReturnReceiptUpdate,
  restockedSignal,
} from '../../workflows/messages';
import { FakeClaimWorld } from './support/fake-activities';
import { device, eventually, queryState, request, runClaim, setUpClaimTests, untilStatus, type ClaimTestContext } from './support/harness';

let ctx: ClaimTestContext;
beforeAll(async () => { ctx = await setUpClaimTests(); });
afterAll(async () => { await ctx?.env.teardown(); });

const DAY = 86_400_000;
const cancel = (handle: WorkflowHandle) => handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'test finished', cancelledBy: 'agent-7' }] });
const entryAt = (world: FakeClaimWorld, key: string) => Date.parse(world.updates.find((u) => u.entry.key === key)!.entry.at);
/** Asserts two instants are `expected` ms apart, give or take the real time activities took (under a minute). */
const expectApart = (later: number, earlier: number, expected: number) => expect(Math.abs(later - earlier - expected)).toBeLessThan(60_000);
/** The cause's message of a rejected Update. */
const rejection = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);

test('back-order then restock: the claim waits, the restock signal reserves the unit and shipping goes on', async () => {
  const world = new FakeClaimWorld({ devices: [device()], stock: { T54W: 0 } });
  const final = await runClaim(ctx, world, { fixture: 'backorder-restock' }, async (handle) => {
    const waiting = await untilStatus(handle, 'backordered');
    expect(waiting.nextDeadline?.kind).toBe('backorder-escalation');
    await handle.signal(restockedSignal, { model: 'OTHER' });
    world.restock('T54W', 1);
    await handle.signal(restockedSignal, { model: 'T54W' });
    const shipping = await untilStatus(handle, 'awaiting-shipment');
    expect(shipping.unit).toEqual({ unitId: 'unit-T54W-1', model: 'T54W', sameModel: true });
    await cancel(handle);
  });
  expect(world.inputsOf('reserveUnit')).toHaveLength(2);
  expect(final.flags.escalated).toBe(false);
  expect(world.timelineKeys().slice(0, 6)).toEqual(['status-approved', 'email-sent-claim-received-1', 'status-backordered', 'unit-reserved', 'label-outbound', 'label-return']);
  expect(world.tasksOpened().map((t) => t.kind)).toEqual(['pick-pack-ship']);
});

test('back-order escalates to support after 5 days, re-trying daily, and the task closes on restock', async () => {
  const world = new FakeClaimWorld({ devices: [device()], stock: { T54W: 0 } });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'backordered');
    await ctx.env.sleep(4.5 * DAY);
    await eventually('4 daily re-tries', () => world.inputsOf('reserveUnit').length === 5);
    expect(world.timelineKeys()).not.toContain('backorder-escalated');
    await ctx.env.sleep(1 * DAY);
    await eventually('escalation', () => world.timelineKeys().includes('backorder-escalated'));
    expect((await queryState(handle)).openTasks.map((t) => t.kind)).toEqual(['backorder-escalation']);
    world.restock('T54W', 1);
    await handle.signal(restockedSignal, { model: 'T54W' });
    await untilStatus(handle, 'awaiting-shipment');
    await cancel(handle);
  });
  expectApart(entryAt(world, 'backorder-escalated'), entryAt(world, 'status-backordered'), 5 * DAY);
  expect(final.flags.escalated).toBe(true);
  expect(world.updates.find((u) => u.entry.key === 'backorder-escalated')?.flags).toEqual({ escalated: true });
  expect(world.tasksOpened().map((t) => t.kind)).toEqual(['backorder-escalation', 'pick-pack-ship']);
  expect(world.tasksClosed().map((t) => [t.kind, t.outcome])).toEqual([['backorder-escalation', 'restocked'], ['pick-pack-ship', 'cancelled']]);
});

test('invalid address: address-problem + fix-address task, no retry loop; the corrected address continues the claim', async () => {
  const world = new FakeClaimWorld({ devices: [device()], undeliverableStreets: ['1 Nowhere Rd'] });
  const badAddress = { ...request().shipTo, street1: '1 Nowhere Rd' };
  const final = await runClaim(ctx, world, { request: request({ shipTo: badAddress }), fixture: 'invalid-address' }, async (handle) => {
    const problem = await untilStatus(handle, 'address-problem');
    expect(problem.openTasks.map((t) => t.kind)).toEqual(['fix-address']);
    expect(world.inputsOf('buyLabel')).toHaveLength(1);
    expect(await rejection(handle.executeUpdate(correctAddressUpdate, { args: [{ shipTo: { ...badAddress, city: ' ' }, correctedBy: 'agent-7' }] })))
      .toBe('shipTo.city: must not be blank');
    await handle.executeUpdate(correctAddressUpdate, { args: [{ shipTo: { ...badAddress, street1: '12 Elm St' }, correctedBy: 'agent-7' }] });
    const resumed = await untilStatus(handle, 'awaiting-shipment');
    expect(resumed.shipTo.street1).toBe('12 Elm St');
    expect(await rejection(handle.executeUpdate(correctAddressUpdate, { args: [{ shipTo: { ...badAddress, street1: '9 Oak St' }, correctedBy: 'agent-7' }] })))
      .toBe('cannot correct the address: the claim is awaiting-shipment (allowed when address-problem)');
    await cancel(handle);
  });
  expect(world.inputsOf('buyLabel').map((i) => [i.leg, i.shipTo.street1])).toEqual([
    ['outbound', '1 Nowhere Rd'], ['outbound', '12 Elm St'], ['return', '12 Elm St'],
  ]);
  expect(world.timelineKeys().slice(0, 7)).toEqual(['status-approved', 'email-sent-claim-received-1', 'unit-reserved', 'address-problem-1', 'address-corrected-1', 'label-outbound', 'label-return']);
  expect(world.tasksClosed()[0]).toEqual({ kind: 'fix-address', outcome: 'corrected' });
  expect(final.status).toBe('cancelled');
});

test('a carrier refusal (NoRates) escalates to support with a fix-address task, then continues after correction', async () => {
  const world = new FakeClaimWorld({ devices: [device()], labelRefusals: ['NoRates'] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    const problem = await untilStatus(handle, 'address-problem');
    expect(problem.flags.escalated).toBe(true);
    expect(problem.timeline.at(-1)?.message).toBe('The carrier refused the label: carrier refused the purchase (NoRates)');
    await handle.executeUpdate(correctAddressUpdate, { args: [{ shipTo: request().shipTo, correctedBy: 'agent-7' }] });
    await untilStatus(handle, 'awaiting-shipment');
    await cancel(handle);
  });
  expect(world.inputsOf('buyLabel').map((i) => i.leg)).toEqual(['outbound', 'outbound', 'return']);
  expect(world.updates.find((u) => u.entry.key === 'address-problem-1')).toMatchObject({ status: 'address-problem', flags: { escalated: true } });
  expect(world.tasksOpened()[0]).toMatchObject({ kind: 'fix-address' });
  expect(final.status).toBe('cancelled');
});

test('shipping SLA: a late task is reminded at the SLA, escalated a day later, and still completes', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const policy = { shippingSla: { days: 1 }, shippingEscalationAfter: { days: 1 } };
  const final = await runClaim(ctx, world, { policy, fixture: 'shipping-sla' }, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await ctx.env.sleep(1.2 * DAY);
    await eventually('SLA reminder', () => world.timelineKeys().includes('shipping-sla-reminder'));
    expect(world.timelineKeys()).not.toContain('shipping-sla-escalated');
    expect(world.tasksOpened().map((t) => t.summary.startsWith('OVERDUE'))).toEqual([false, true]);
    await ctx.env.sleep(1 * DAY);
    await eventually('SLA escalation', () => world.timelineKeys().includes('shipping-sla-escalated'));
    expect(await rejection(handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'not-a-mac', completedBy: 'packer-1' }] })))
      .toMatch(/^replacementMac: must be 12 hex digits/);
    await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'AABBCCDD0002', completedBy: 'packer-1' }] });
    await handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: '001565ABCDEF', condition: 'defect confirmed', receivedBy: 'dock-2' }] });
  });
  expectApart(entryAt(world, 'shipping-sla-reminder'), entryAt(world, 'status-awaiting-shipment'), DAY);
  expectApart(entryAt(world, 'shipping-sla-escalated'), entryAt(world, 'status-awaiting-shipment'), 2 * DAY);
  expect(final.flags.escalated).toBe(true);
  expect(final.status).toBe('closed');
  expect(world.registered[0]?.replacementMac).toBe('AA:BB:CC:DD:00:02');
});

test('CarrierRejected: support gets a fix-address task with the carrier\'s reason in plain words, then the claim goes on', async () => {
  const reason = 'Parcel exceeds the maximum weight for USPS Priority Mail (70 lb)';
  const world = new FakeClaimWorld({ devices: [device()], labelRefusals: ['CarrierRejected'], labelRefusalReasons: [reason] });
  const final = await runClaim(ctx, world, { fixture: 'carrier-rejected' }, async (handle) => {
    const problem = await untilStatus(handle, 'address-problem');
    expect(problem.timeline.at(-1)?.message).toBe(`The carrier refused the label: ${reason}`);
    expect(problem.openTasks.map((t) => t.kind)).toEqual(['fix-address']);
    await handle.executeUpdate(correctAddressUpdate, { args: [{ shipTo: request().shipTo, correctedBy: 'agent-7' }] });
    await untilStatus(handle, 'awaiting-shipment');
    await cancel(handle);
  });
  const task = world.tasksOpened()[0]!;
  expect(task.summary).toBe(`The carrier refused the label: ${reason}. Sort it out with the customer (or the carrier), then send the ship-to address again, corrected if needed, to retry; or cancel the claim.`);
  const supportReads = [...world.updates.map((u) => u.entry.message), ...world.tasksOpened().map((t) => t.summary)];
  expect(supportReads.filter((text) => /Activity task failed|ApplicationFailure|ActivityFailure/.test(text))).toEqual([]);
  expect(final.flags.escalated).toBe(true);
});

test('CarrierConfiguration: no task for support; the claim re-tries every carrierRetryEvery and continues once the carrier accepts', async () => {
  const world = new FakeClaimWorld({ devices: [device()], labelRefusals: ['CarrierConfiguration', 'CarrierConfiguration', 'CarrierConfiguration'] });
  const final = await runClaim(ctx, world, { fixture: 'carrier-configuration-wait', policy: { carrierRetryEvery: 300_000 } }, async (handle) => {
    await eventually('the wait is recorded', () => world.timelineKeys().includes('carrier-unavailable-1'));
    const waiting = await queryState(handle);
    expect(waiting.status).toBe('approved');
    expect(waiting.openTasks).toEqual([]);
    await ctx.env.sleep(16 * 60_000); // three refusals, five minutes apart
    await untilStatus(handle, 'awaiting-shipment');
    await cancel(handle);
  });
  expect(world.inputsOf('buyLabel').map((i) => i.leg)).toEqual(['outbound', 'outbound', 'outbound', 'outbound', 'return']);
  expect(world.tasksOpened().map((t) => t.kind)).toEqual(['pick-pack-ship']);
  expect(world.timelineKeys().filter((key) => key.startsWith('carrier-unavailable'))).toEqual(['carrier-unavailable-1']); // once per outage
  expect(world.updates.find((u) => u.entry.key === 'carrier-unavailable-1')?.entry.message)
    .toBe('The outbound label cannot be bought yet: the carrier refuses the product\'s API credentials. Operations are alerted; nothing for support to do. The claim tries again every 5m and continues by itself.');
  expectApart(entryAt(world, 'label-outbound'), entryAt(world, 'carrier-unavailable-1'), 15 * 60_000);
  expect(final.flags.escalated).toBe(false);
});

test('the claim runs under the policy it started with: configured durations, task SLAs and closed days, recorded on the claim', async () => {
  const world = new FakeClaimWorld({ devices: [] });
  const policy = {
    returnWindow: { days: 45 }, returnReminders: [{ days: 10 }, { days: 40 }], reviewTaskSla: 4 * 3_600_000,
    closedDays: [], version: 'test-45d', calendar: 'no public holidays',
  };
  const final = await runClaim(ctx, world, { fixture: 'configured-policy', policy }, async (handle) => {
    const review = await untilStatus(handle, 'under-review');
    expect(review.policy).toEqual({ version: 'test-45d', calendar: 'no public holidays', durations: expect.objectContaining({ returnWindow: '45d', returnReminders: '10d, 40d', reviewTaskSla: '4h' }) });
    await cancel(handle);
  });
  expect(world.inputsOf('recordClaimOpened')[0]?.policy).toEqual(final.policy);
  expect(world.tasksOpened()[0]?.kind).toBe('review-device');
  expectApart(Date.parse(world.tasksOpened()[0]!.slaDueAt), entryAt(world, 'status-under-review'), 4 * 3_600_000);
});

