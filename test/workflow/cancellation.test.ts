/** Cancel until hand-over with compensation; refused after; a failed compensation is recorded, not hidden. */
import { WorkflowUpdateStage } from '@temporalio/client';
import { cancelClaimUpdate, completeShipmentUpdate, recordReturnReceiptUpdate, supervisorDecisionUpdate } from '../../workflows/messages';
import { FakeClaimWorld } from './support/fake-activities';
import { device, eventually, queryState, runClaim, setUpClaimTests, untilStatus, type ClaimTestContext } from './support/harness';

let ctx: ClaimTestContext;
beforeAll(async () => { ctx = await setUpClaimTests(); });
afterAll(async () => { await ctx?.env.teardown(); });

const cancelArgs = { args: [{ reason: 'customer found the old phone works', cancelledBy: 'agent-7' }] as [{ reason: string; cancelledBy: string }] };
/** The cause's message of a rejected Update. */
const rejection = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);

test('cancel before hand-over releases the unit, voids both labels, closes the task and tells the customer', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, { fixture: 'cancel-before-handover' }, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    // Accepted, and compensating (voiding labels through activities): a hand-over now is refused by the validator.
    const cancelling = await handle.startUpdate(cancelClaimUpdate, { ...cancelArgs, waitForStage: WorkflowUpdateStage.ACCEPTED });
    expect(await rejection(handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'AABBCCDD0002', completedBy: 'p' }] })))
      .toBe('cannot complete the shipment: the claim is being cancelled');
    expect((await cancelling.result()).status).toBe('cancelled');
  });
  expect(final.status).toBe('cancelled');
  expect(final.cancellation).toMatchObject({ reason: 'customer found the old phone works', cancelledBy: 'agent-7' });
  expect(world.released).toBe(true);
  expect(world.inputsOf('voidLabel').map((i) => i.leg)).toEqual(['outbound', 'return']);
  expect([...world.voided]).toEqual(['outbound', 'return']);
  expect(final.legs.outbound.voided && final.legs.return.voided).toBe(true);
  expect(world.tasksClosed()).toEqual([{ kind: 'pick-pack-ship', outcome: 'cancelled' }]);
  expect(world.timelineKeys().slice(-6)).toEqual(['cancel-release-unit', 'cancel-void-outbound', 'cancel-void-return', 'cancel-close-pick-pack-ship', 'status-cancelled', 'email-sent-claim-cancelled-1']);
  expect(world.emails.map((e) => [e.kind, e.data.reason])).toEqual([['claim-received', undefined], ['claim-cancelled', 'customer found the old phone works']]);
  expect(world.inputsOf('registerReplacement')).toEqual([]);
});

test('cancel while waiting for review: nothing to undo, the review task closes', async () => {
  const world = new FakeClaimWorld({ devices: [] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'under-review');
    // The status shows while the read model is still being created; a cancel then ends the claim before the
    // under-review email (a checkpoint follows the opening). Wait for that email so this test covers the review wait.
    await eventually('the under-review email', () => world.emailKinds().includes('claim-under-review#1'));
    await handle.executeUpdate(cancelClaimUpdate, cancelArgs);
    // Nothing to undo: the claim ends in the cancel's own workflow task, so a late decision finds it finished.
    expect(await rejection(handle.executeUpdate(supervisorDecisionUpdate, { args: [{ approve: false, reason: 'late', supervisor: 's' }] })))
      .not.toBe('accepted');
  });
  expect(final.status).toBe('cancelled');
  expect(world.inputsOf('releaseUnit')).toEqual([]);
  expect(world.inputsOf('voidLabel')).toEqual([]);
  expect(world.tasksClosed().map((t) => [t.kind, t.outcome])).toEqual([['review-device', 'cancelled']]);
  expect(world.emailKinds()).toEqual(['claim-under-review#1', 'claim-cancelled#1']);
});

test('cancel while the under-review claim is being opened: no under-review email, only the cancellation', async () => {
  let letOpen = () => {};
  const world = new FakeClaimWorld({ devices: [], openingHeldUntil: new Promise<void>((resolve) => { letOpen = resolve; }) });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'under-review');
    await eventually('the opening to start', () => world.calls.some((c) => c.name === 'recordClaimOpened'));
    const cancelling = await handle.startUpdate(cancelClaimUpdate, { ...cancelArgs, waitForStage: WorkflowUpdateStage.ACCEPTED });
    letOpen();
    expect((await cancelling.result()).status).toBe('cancelled');
  });
  expect(final.status).toBe('cancelled');
  expect(world.tasksClosed().map((t) => [t.kind, t.outcome])).toEqual([['review-device', 'cancelled']]);
  expect(world.emailKinds()).toEqual(['claim-cancelled#1']);
});

test('a compensation that fails is recorded on the timeline (escalated) and the claim still ends cancelled', async () => {
  const world = new FakeClaimWorld({ devices: [device()], voidFails: true });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(cancelClaimUpdate, cancelArgs);
  });
  expect(final.status).toBe('cancelled');
  expect(final.flags.escalated).toBe(true);
  const failures = world.updates.filter((u) => u.entry.key.endsWith('-failed'));
  expect(failures.map((u) => u.entry.key)).toEqual(['cancel-void-outbound-failed', 'cancel-void-return-failed']);
  expect(failures[0]?.entry.message).toContain('carrier refused the refund');
  expect(world.released).toBe(true);
  expect(world.emailKinds()).toEqual(['claim-received#1', 'claim-cancelled#1']);
});

test('cancel after hand-over is refused with the hand-over date; the claim carries on', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'AABBCCDD0002', completedBy: 'packer-1' }] });
    const shipped = await queryState(handle);
    expect(await rejection(handle.executeUpdate(cancelClaimUpdate, cancelArgs)))
      .toBe(`cannot cancel: the replacement was handed to the carrier on ${shipped.handedOverAt}`);
    expect((await queryState(handle)).status).toBe('shipped');
    await handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: '00:15:65:AB:CD:EF', condition: 'defect confirmed', receivedBy: 'dock-2' }] });
  });
  expect(final.status).toBe('closed');
  expect(world.inputsOf('releaseUnit')).toEqual([]);
  expect(world.inputsOf('voidLabel')).toEqual([]);
  expect(world.emailKinds()).toEqual(['claim-received#1', 'replacement-shipped#1', 'claim-closed-returned#1']);
});

test('cancel interrupts a label purchase retrying through a carrier outage; the interrupted legs are voided defensively', async () => {
  const world = new FakeClaimWorld({ devices: [device()], carrierDown: true });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await eventually('a failing label purchase', () => world.inputsOf('buyLabel').length >= 1);
    const result = await handle.executeUpdate(cancelClaimUpdate, cancelArgs);
    expect(result.status).toBe('cancelled');
  });
  expect(final.status).toBe('cancelled');
  expect(world.released).toBe(true);
  // Both labels were being bought together: both legs are voided defensively.
  expect(world.inputsOf('voidLabel').map((i) => i.leg)).toEqual(['outbound', 'return']);
  expect(world.timelineKeys().slice(-5)).toEqual(['cancel-release-unit', 'cancel-void-outbound', 'cancel-void-return', 'status-cancelled', 'email-sent-claim-cancelled-1']);
  expect(world.updates.find((u) => u.entry.key === 'cancel-void-outbound')?.entry.message).toBe('The outbound label (purchase interrupted) had nothing to void');
  expect(world.updates.find((u) => u.entry.key === 'cancel-void-return')?.entry.message).toBe('The return label (purchase interrupted) had nothing to void');
});
