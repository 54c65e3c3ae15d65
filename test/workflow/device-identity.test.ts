/**
 * The device's identity: the replacement is provisioned at hand-over, the defective MAC released when the
 * replacement first fetches its configuration (or at the return, or the close); a failure is support's task and is
 * tried again without holding up the shipment; a ship-to away from the E911 address is confirmed before hand-over.
 */
import type { WorkflowHandle } from '@temporalio/client';
import {
  cancelClaimUpdate, completeShipmentUpdate, confirmEmergencyAddressUpdate, recordReturnReceiptUpdate, replacementOnlineSignal, trackingEventSignal,
} from '../../workflows/messages';
import { FakeClaimWorld, type FakeWorldOptions } from './support/fake-activities';
import { device, eventually, queryState, request, runClaim, setUpClaimTests, untilStatus, type ClaimTestContext } from './support/harness';

let ctx: ClaimTestContext;
beforeAll(async () => { ctx = await setUpClaimTests(); });
afterAll(async () => { await ctx?.env.teardown(); });

const REPLACEMENT = 'AA:BB:CC:DD:00:01';
const ORIGINAL = '00:15:65:AB:CD:EF';
/** The harness's ship-to (100 Main St, Dallas) as the registry would hold it, spelled differently. */
const SAME_PLACE = { street1: '100 Main Street', city: 'DALLAS', state: 'TX', postalCode: '75201-4410', country: 'US' };
const OFFICE = { street1: '2200 Ross Ave', street2: 'Floor 12', city: 'Dallas', state: 'TX', postalCode: '75201', country: 'US' };
const rejection = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
const world = (options: FakeWorldOptions = {}) => new FakeClaimWorld({ devices: [device()], emergencyAddresses: { 201: SAME_PLACE }, ...options });

async function handOver(handle: WorkflowHandle): Promise<void> {
  await untilStatus(handle, 'awaiting-shipment');
  await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'aabb.ccdd.0001', serial: 'SN-1', completedBy: 'packer-1' }] });
}
const online = (handle: WorkflowHandle, mac: string) => handle.signal(replacementOnlineSignal, { mac, at: new Date().toISOString() });
const receive = (handle: WorkflowHandle) =>
  handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: ORIGINAL, condition: 'defect confirmed', receivedBy: 'dock-2' }] });

test('hand-over provisions the replacement; its first configuration fetch releases the defective MAC, before the parcel is even delivered', async () => {
  const fake = world();
  const final = await runClaim(ctx, fake, { fixture: 'identity-moved-on-boot' }, async (handle) => {
    await handOver(handle);
    await eventually('provisioned', () => fake.identityMoves.includes(`assign ${REPLACEMENT}`));
    await online(handle, ORIGINAL); // the defective phone fetching its old file moves nothing
    await online(handle, REPLACEMENT);
    await eventually('released', () => fake.identityMoves.includes(`release ${ORIGINAL}`));
    expect((await queryState(handle)).status).toBe('shipped');
    await online(handle, REPLACEMENT); // a second boot changes nothing
    await handle.signal(trackingEventSignal, { eventId: 'o-1', trackingNumber: 'TRK-OUTBOUND', leg: 'outbound', status: 'DELIVERED', occurredAt: new Date().toISOString() });
    await untilStatus(handle, 'delivered');
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(fake.identityMoves).toEqual([`assign ${REPLACEMENT}`, `release ${ORIGINAL}`]);
  expect(fake.inputsOf('provisionReplacement')).toEqual([{ claimId: 'claim-1', accountId: 'acct-1', extension: '201', originalMac: ORIGINAL, replacementMac: REPLACEMENT, model: 'T54W' }]);
  expect(fake.inputsOf('releaseDefective')).toHaveLength(1);
  expect(fake.update('replacement-provisioned')?.entry.message).toBe(`Ext. 201 provisioned on the replacement ${REPLACEMENT}: ${REPLACEMENT} configured`);
  expect(fake.update('defective-released')?.entry.message).toBe(`Defective ${ORIGINAL} released (the replacement fetched its configuration): ${ORIGINAL} released; credentials rotated`);
  expect(fake.tasksOpened().map((t) => t.kind)).toEqual(['pick-pack-ship', 'receive-return']); // same place as the E911 address: nothing to confirm
  expect(fake.emails.find((e) => e.kind === 'replacement-shipped')?.data.emergencyAddress).toBe('100 Main Street, DALLAS, TX 75201-4410, US');
});

test('a cancel before hand-over provisions nothing', async () => {
  const fake = world();
  const final = await runClaim(ctx, fake, {}, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'old phone works again', cancelledBy: 'agent-7' }] });
  });
  expect(final.status).toBe('cancelled');
  expect(fake.callNames().filter((name) => name === 'provisionReplacement' || name === 'releaseDefective')).toEqual([]);
});

test('a provisioning outage: support gets a task with the reason, the shipment goes on, and the claim resumes once provisioning is back', async () => {
  const fake = world({ provisioningOutageCalls: 1_000 });
  const final = await runClaim(ctx, fake, { fixture: 'identity-provisioning-outage', policy: { provisioningRetryEvery: 600_000 } }, async (handle) => {
    await handOver(handle);
    await eventually('the failure is recorded', () => fake.timelineKeys().includes('provision-failed-1'));
    const waiting = await queryState(handle);
    expect(waiting.status).toBe('shipped');
    expect(fake.emailKinds()).toContain('replacement-shipped#1');
    const task = waiting.openTasks.find((t) => t.kind === 'provisioning-problem');
    expect(task?.summary).toBe(`Could not provision ext. 201 on the replacement ${REPLACEMENT}: the redirect service answered 503. Fix the cause (or do it by hand); the claim tries again in 10m and closes this task once it works.`);
    fake.endProvisioningOutage();
    await ctx.env.sleep(11 * 60_000);
    await eventually('provisioned after the outage', () => fake.identityMoves.includes(`assign ${REPLACEMENT}`));
    await eventually('task closed', () => fake.tasksClosed().some((t) => t.kind === 'provisioning-problem'));
    await online(handle, REPLACEMENT);
    await eventually('released', () => fake.identityMoves.includes(`release ${ORIGINAL}`));
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(final.openTasks).toEqual([]);
  expect(fake.tasksClosed()).toContainEqual({ kind: 'provisioning-problem', outcome: 'resolved' });
  expect(fake.timelineKeys().filter((key) => key.startsWith('provision-failed'))).toEqual(['provision-failed-1']);
  const supportReads = [...fake.updates.map((u) => u.entry.message), ...fake.tasksOpened().map((t) => t.summary)];
  expect(supportReads.filter((text) => /Activity task failed|ApplicationFailure|ActivityFailure/.test(text))).toEqual([]);
});

test('no provisioning record: support\'s task stays open while the claim runs; once the claim closes, the step is given up and escalated', async () => {
  const fake = world({ provisioningRefusal: 'extension 201 of acct-1 has no provisioning record in the registry' });
  const final = await runClaim(ctx, fake, { policy: { provisioningRetryEvery: 600_000 } }, async (handle) => {
    await handOver(handle);
    await eventually('task', async () => (await queryState(handle)).openTasks.some((t) => t.kind === 'provisioning-problem'));
    await ctx.env.sleep(25 * 60_000);
    await eventually('tried again', () => fake.timelineKeys().includes('provision-failed-2'));
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(final.flags.escalated).toBe(true);
  expect(fake.tasksClosed()).toContainEqual({ kind: 'provisioning-problem', outcome: 'unresolved' });
  expect(fake.update('identity-not-moved')?.entry.message).toMatch(/^Could not provision ext\. 201 on the replacement AA:BB:CC:DD:00:01: extension 201 of acct-1 has no provisioning record in the registry\. The claim is closed/);
  expect(fake.identityMoves).toEqual([]);
});

test('ship-to away from the E911 address: support confirms the dispatchable location before hand-over', async () => {
  const fake = world({ emergencyAddresses: { 201: OFFICE } });
  const final = await runClaim(ctx, fake, { fixture: 'emergency-address-confirmation' }, async (handle) => {
    const waiting = await untilStatus(handle, 'awaiting-shipment');
    const task = waiting.openTasks.find((t) => t.kind === 'confirm-emergency-address');
    expect(task?.summary).toBe('Ext. 201\'s registered emergency (E911) address is 2200 Ross Ave, Floor 12, Dallas, TX 75201, US, but the replacement ships to 100 Main St, Dallas, TX 75201: '
      + 'confirm with the customer where the phone will be used (update the E911 address if it moves) before it is handed over');
    expect(task?.slaDueAt).toBe(waiting.openTasks.find((t) => t.kind === 'pick-pack-ship')?.slaDueAt);
    expect(await rejection(handle.executeUpdate(confirmEmergencyAddressUpdate, { args: [{ note: ' ', confirmedBy: 'agent-7' }] }))).toBe('note: must not be blank');
    await handle.executeUpdate(confirmEmergencyAddressUpdate, { args: [{ note: 'Phone goes home with Dana; E911 moved to 100 Main St', confirmedBy: 'agent-7' }] });
    expect(await rejection(handle.executeUpdate(confirmEmergencyAddressUpdate, { args: [{ note: 'again', confirmedBy: 'agent-7' }] })))
      .toBe('cannot confirm the emergency address: the claim has no open confirm-emergency-address task (it is awaiting-shipment)');
    await handOver(handle);
    await online(handle, REPLACEMENT);
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(fake.tasksClosed()).toContainEqual({ kind: 'confirm-emergency-address', outcome: 'confirmed' });
  expect(fake.update('emergency-address-confirmed')).toMatchObject({ entry: { message: 'Dispatchable location confirmed with the customer: Phone goes home with Dana; E911 moved to 100 Main St', actor: 'agent-7' } });
  expect(fake.emails.find((e) => e.kind === 'replacement-shipped')?.data.emergencyAddress).toBe('2200 Ross Ave, Floor 12, Dallas, TX 75201, US');
});

test('an E911 confirmation still open at hand-over closes, and the shipped email asks the customer instead', async () => {
  const fake = world({ emergencyAddresses: { 201: OFFICE } });
  await runClaim(ctx, fake, { request: request() }, async (handle) => {
    await handOver(handle);
    await online(handle, REPLACEMENT);
    await receive(handle);
  });
  expect(fake.tasksClosed()).toContainEqual({ kind: 'confirm-emergency-address', outcome: 'handed-over-unconfirmed' });
  expect(fake.timelineKeys()).toContain('emergency-address-unconfirmed');
});

test('no provisioning configured: the claim says so once and moves nothing', async () => {
  const fake = world({ provisioningOff: true });
  const final = await runClaim(ctx, fake, {}, async (handle) => {
    await handOver(handle);
    await receive(handle);
  });
  expect(final.status).toBe('closed');
  expect(fake.update('provisioning-not-configured')?.entry.message).toBe(`No provisioning is configured (PROVISIONING_MODE=off): move ext. 201 from ${ORIGINAL} to ${REPLACEMENT} by hand`);
  expect(fake.inputsOf('releaseDefective')).toEqual([]);
});
