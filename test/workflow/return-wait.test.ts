/** The return wait: reminders at day 7 and 21, overdue at 30, unreturned at 44, a return scan stops them, receipt closes. */
import type { WorkflowHandle } from '@temporalio/client';
import type { TrackingEvent } from '../../domain/types';
import { completeShipmentUpdate, recordReturnReceiptUpdate, trackingEventSignal } from '../../workflows/messages';
import { FakeClaimWorld } from './support/fake-activities';
import { device, eventually, queryState, runClaim, setUpClaimTests, untilStatus, type ClaimTestContext } from './support/harness';

let ctx: ClaimTestContext;
beforeAll(async () => { ctx = await setUpClaimTests(); });
afterAll(async () => { await ctx?.env.teardown(); });

const DAY = 86_400_000;
let eventCounter = 0;
/** A carrier event for a leg of the fake carrier's labels. */
const scan = (leg: TrackingEvent['leg'], status: TrackingEvent['status'], eventId = `ev-${++eventCounter}`): TrackingEvent => ({
  eventId, leg, status, trackingNumber: `TRK-${leg.toUpperCase()}`, occurredAt: new Date().toISOString(),
});
const receive = (handle: WorkflowHandle, receivedMac = '00:15:65:AB:CD:EF') =>
  handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac, condition: 'defect confirmed', receivedBy: 'dock-2' }] });
const entryAt = (world: FakeClaimWorld, key: string) => Date.parse(world.updates.find((u) => u.entry.key === key)!.entry.at);
/** Asserts the entry happened `days` after delivery, give or take the real time activities took. */
const expectDaysAfterDelivery = (world: FakeClaimWorld, key: string, days: number) =>
  expect(Math.abs(entryAt(world, key) - entryAt(world, 'status-delivered') - days * DAY)).toBeLessThan(60_000);

/** Ships the replacement and delivers it. */
async function deliver(handle: WorkflowHandle): Promise<void> {
  await untilStatus(handle, 'awaiting-shipment');
  await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'AABBCCDD0002', completedBy: 'packer-1' }] });
  await handle.signal(trackingEventSignal, scan('outbound', 'DELIVERED'));
  await untilStatus(handle, 'delivered');
}

test('return before any reminder closes the claim with no reminder sent', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await deliver(handle);
    await ctx.env.sleep(3 * DAY);
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(final.returnReceipt).toMatchObject({ receivedMac: '00:15:65:AB:CD:EF', macMatches: true, condition: 'defect confirmed' });
  expect(world.emailKinds()).toEqual(['claim-received#1', 'replacement-shipped#1', 'replacement-delivered#1', 'claim-closed-returned#1']);
  expect(world.inputsOf('voidLabel')).toEqual([]);
});

test('reminders at day 7 and 21 (sequence 1 and 2), then the return arrives', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, { fixture: 'reminders-then-return' }, async (handle) => {
    await deliver(handle);
    await ctx.env.sleep(8 * DAY);
    await eventually('reminder 1', () => world.emailKinds().includes('return-reminder#1'));
    expect(world.emailKinds()).not.toContain('return-reminder#2');
    await ctx.env.sleep(14 * DAY);
    await eventually('reminder 2', () => world.emailKinds().includes('return-reminder#2'));
    expect((await queryState(handle)).status).toBe('delivered');
    await receive(handle, 'AA:BB:CC:00:00:99');
  });
  expectDaysAfterDelivery(world, 'reminder-1', 7);
  expectDaysAfterDelivery(world, 'reminder-2', 21);
  expect(world.emailKinds()).toEqual([
    'claim-received#1', 'replacement-shipped#1', 'replacement-delivered#1', 'return-reminder#1', 'return-reminder#2', 'claim-closed-returned#1',
  ]);
  expect(final.returnReceipt?.macMatches).toBe(false);
  expect(final.flags.escalated).toBe(true);
  expect(world.tasksClosed().at(-1)).toMatchObject({ kind: 'receive-return', outcome: 'received-mac-mismatch' });
});

test('overdue at day 30: customer emailed, support told (escalated), then the late return still closes the claim', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await deliver(handle);
    await ctx.env.sleep(31 * DAY);
    const overdue = await untilStatus(handle, 'return-overdue');
    expect(overdue.flags.escalated).toBe(true);
    expect(overdue.nextDeadline?.kind).toBe('unreturned');
    await eventually('overdue email', () => world.emailKinds().includes('return-overdue#1'));
    await receive(handle);
  });
  expectDaysAfterDelivery(world, 'status-return-overdue', 30);
  expect(world.updates.find((u) => u.entry.key === 'status-return-overdue')?.flags).toEqual({ escalated: true });
  expect(final.status).toBe('closed');
  expect(final.flags.billing).toBe(false);
  expect(world.emailKinds().slice(3)).toEqual(['return-reminder#1', 'return-reminder#2', 'return-overdue#1', 'claim-closed-returned#1']);
});

test('unreturned at day 44: closed-unreturned, billing flag, unused return label voided, customer told', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, { fixture: 'closed-unreturned' }, deliver);
  expect(final.status).toBe('closed-unreturned');
  expect(final.flags).toEqual({ billing: true, escalated: true });
  expectDaysAfterDelivery(world, 'status-closed-unreturned', 44);
  expect(world.updates.find((u) => u.entry.key === 'status-closed-unreturned')?.flags).toEqual({ billing: true });
  expect(world.inputsOf('voidLabel').map((i) => i.leg)).toEqual(['return']);
  expect(final.legs.return.voided).toBe(true);
  expect(world.tasksClosed().at(-1)).toMatchObject({ kind: 'receive-return', outcome: 'unreturned' });
  expect(world.emailKinds().slice(3)).toEqual(['return-reminder#1', 'return-reminder#2', 'return-overdue#1', 'claim-closed-unreturned#1']);
});

test('a return scan stops the reminders; the claim waits in return-in-transit until receipt', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, { fixture: 'return-in-transit' }, async (handle) => {
    await deliver(handle);
    await ctx.env.sleep(8 * DAY);
    await eventually('reminder 1', () => world.emailKinds().includes('return-reminder#1'));
    await handle.signal(trackingEventSignal, scan('return', 'TRANSIT'));
    const moving = await untilStatus(handle, 'return-in-transit');
    expect(moving.nextDeadline).toBeNull();
    await ctx.env.sleep(40 * DAY);
    expect((await queryState(handle)).status).toBe('return-in-transit');
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(world.emailKinds()).toEqual(['claim-received#1', 'replacement-shipped#1', 'replacement-delivered#1', 'return-reminder#1', 'claim-closed-returned#1']);
  expect(world.timelineKeys()).not.toContain('status-return-overdue');
  expect(world.inputsOf('voidLabel')).toEqual([]);
});

test('duplicate and out-of-order tracking events never move a leg or the claim back', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'AABBCCDD0002', completedBy: 'packer-1' }] });
    await handle.signal(trackingEventSignal, scan('outbound', 'TRANSIT', 'o-1'));
    await handle.signal(trackingEventSignal, scan('outbound', 'DELIVERED', 'o-2'));
    await handle.signal(trackingEventSignal, scan('outbound', 'DELIVERED', 'o-2'));
    await handle.signal(trackingEventSignal, scan('outbound', 'PRE_TRANSIT', 'o-0'));
    await handle.signal(trackingEventSignal, { ...scan('outbound', 'FAILURE', 'x-1'), trackingNumber: 'SOMEONE-ELSES' });
    await untilStatus(handle, 'delivered');
    await handle.signal(trackingEventSignal, scan('return', 'TRANSIT', 'r-1'));
    await handle.signal(trackingEventSignal, scan('return', 'PRE_TRANSIT', 'r-0'));
    await handle.signal(trackingEventSignal, scan('return', 'TRANSIT', 'r-1'));
    const moving = await untilStatus(handle, 'return-in-transit');
    expect(moving.legs.outbound.trackingStatus).toBe('DELIVERED');
    expect(moving.legs.outbound.events.map((e) => e.eventId)).toEqual(['o-1', 'o-2', 'o-0']);
    expect(moving.legs.return.trackingStatus).toBe('TRANSIT');
    expect(moving.legs.return.events.map((e) => e.eventId)).toEqual(['r-1', 'r-0']);
    await handle.signal(trackingEventSignal, scan('outbound', 'TRANSIT', 'o-3'));
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(final.legs.outbound.trackingStatus).toBe('DELIVERED');
  expect(world.timelineKeys().filter((k) => k.startsWith('status-'))).toEqual([
    'status-approved', 'status-awaiting-shipment', 'status-shipped', 'status-delivered', 'status-return-in-transit', 'status-return-received', 'status-closed',
  ]);
  expect(world.emailKinds().filter((k) => k.startsWith('replacement-delivered'))).toEqual(['replacement-delivered#1']);
});

test('a carrier FAILURE on the replacement is escalated once; a later DELIVERED scan still starts the return wait', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'AABBCCDD0002', completedBy: 'packer-1' }] });
    await handle.signal(trackingEventSignal, scan('outbound', 'FAILURE'));
    await eventually('escalation', () => world.timelineKeys().includes('outbound-failure'));
    expect((await queryState(handle)).flags.escalated).toBe(true);
    await handle.signal(trackingEventSignal, scan('outbound', 'DELIVERED'));
    await untilStatus(handle, 'delivered');
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(world.timelineKeys().filter((k) => k.startsWith('outbound-'))).toEqual(['outbound-failure']);
  expect(world.updates.find((u) => u.entry.key === 'outbound-failure')?.flags).toEqual({ escalated: true });
});

test('a configured 45-day window with reminders at day 10 and 40: the claim\'s deadlines follow its own policy', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const policy = { returnWindow: { days: 45 }, returnReminders: [{ days: 10 }, { days: 40 }], version: 'test-45d' };
  const final = await runClaim(ctx, world, { policy }, async (handle) => {
    await deliver(handle);
    const delivered = await queryState(handle);
    expect(Date.parse(delivered.nextDeadline!.at) - entryAt(world, 'status-delivered')).toBe(45 * DAY);
    await ctx.env.sleep(46 * DAY);
    await eventually('overdue', () => world.timelineKeys().includes('status-return-overdue'));
    await receive(handle);
  });
  expectDaysAfterDelivery(world, 'reminder-1', 10);
  expectDaysAfterDelivery(world, 'reminder-2', 40);
  expectDaysAfterDelivery(world, 'status-return-overdue', 45);
  const receiveTask = world.tasksOpened().find((t) => t.kind === 'receive-return')!;
  expect(Math.abs(Date.parse(receiveTask.slaDueAt) - entryAt(world, 'status-delivered') - 45 * DAY)).toBeLessThan(60_000);
  expect(final.policy?.version).toBe('test-45d');
  expect(final.status).toBe('closed');
});
