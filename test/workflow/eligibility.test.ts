/** Eligibility branches of the workflow: denials, lease program, and the supervisor's review of an unknown device. */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cancelClaimUpdate, supervisorDecisionUpdate } from '../../workflows/messages';
import { FakeClaimWorld } from './support/fake-activities';
import { daysFromNow, device, request, runClaim, setUpClaimTests, untilStatus, type ClaimTestContext } from './support/harness';

let ctx: ClaimTestContext;
beforeAll(async () => { ctx = await setUpClaimTests(); });
afterAll(async () => { await ctx?.env.teardown(); });

const cancel = { args: [{ reason: 'test finished', cancelledBy: 'agent-7' }] as [{ reason: string; cancelledBy: string }] };

test('third-party device is denied and the customer is told the rule', async () => {
  const world = new FakeClaimWorld({ devices: [device({ channel: 'third-party', lease: { contractId: 'L-1', startsOn: daysFromNow(-10), endsOn: daysFromNow(300) } })] });
  const final = await runClaim(ctx, world, { fixture: 'denied-third-party' });
  expect(final.status).toBe('denied');
  expect(final.decision).toMatchObject({ outcome: 'denied', rule: 'third-party-not-covered' });
  expect(world.timelineKeys()).toEqual(['status-denied', 'email-sent-claim-denied-1']);
  expect(world.emails.map((e) => [e.kind, e.data.explanation])).toEqual([['claim-denied', final.decision!.explanation]]);
  expect(world.inputsOf('reserveUnit')).toEqual([]);
  expect(world.inputsOf('buyLabel')).toEqual([]);
});

test('defect after the one-year warranty without a lease is denied', async () => {
  const world = new FakeClaimWorld({ devices: [device({ purchasedOn: daysFromNow(-400) })] });
  const final = await runClaim(ctx, world, {});
  expect(final.status).toBe('denied');
  expect(final.decision?.rule).toBe('warranty-expired-no-lease');
  expect(world.emailKinds()).toEqual(['claim-denied#1']);
  expect(world.inputsOf('reserveUnit')).toEqual([]);
});

test('physical damage during the acquiring lease is approved (lease replacement program)', async () => {
  const lease = { contractId: 'L-9', startsOn: daysFromNow(-700), endsOn: daysFromNow(30) };
  const world = new FakeClaimWorld({ devices: [device({ purchasedOn: daysFromNow(-700), lease })] });
  const final = await runClaim(ctx, world, { request: request({ fault: 'physical-damage' }) }, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(cancelClaimUpdate, cancel);
  });
  expect(final.decision).toMatchObject({ outcome: 'approved', rule: 'lease-replacement-program' });
  expect(final.decision?.explanation).toContain('L-9');
  expect(world.inputsOf('reserveUnit')).toEqual([{ claimId: expect.any(String), model: 'T54W', neverWaited: true }]);
  expect(world.timelineKeys().slice(0, 3)).toEqual(['status-approved', 'email-sent-claim-received-1', 'unit-reserved']);
});

test('physical damage without an active lease is denied', async () => {
  const lease = { contractId: 'L-2', startsOn: daysFromNow(-800), endsOn: daysFromNow(-1) };
  const world = new FakeClaimWorld({ devices: [device({ lease })] });
  const final = await runClaim(ctx, world, { request: request({ fault: 'physical-damage' }) });
  expect(final.status).toBe('denied');
  expect(final.decision?.rule).toBe('physical-damage-without-lease');
  expect(world.emailKinds()).toEqual(['claim-denied#1']);
});

test('unknown MAC waits for review; a supervisor approves it with a reason and the model', async () => {
  const world = new FakeClaimWorld({ devices: [] });
  const final = await runClaim(ctx, world, { fixture: 'unknown-approved' }, async (handle) => {
    const review = await untilStatus(handle, 'under-review');
    expect(review.decision?.rule).toBe('unknown-device-review');
    expect(review.openTasks.map((t) => t.kind)).toEqual(['review-device']);
    await expect(handle.executeUpdate(supervisorDecisionUpdate, { args: [{ approve: true, reason: '  ', supervisor: 'sup-1', model: 'T54W' }] }))
      .rejects.toThrow(WorkflowUpdateFailedError);
    const refused = await handle.executeUpdate(supervisorDecisionUpdate, { args: [{ approve: true, reason: 'invoice 1234', supervisor: 'sup-1' }] }).catch((e: Error) => e);
    expect((refused as Error & { cause?: Error }).cause?.message).toBe('model: required, must be a string');
    const decision = await handle.executeUpdate(supervisorDecisionUpdate, { args: [{ approve: true, reason: 'proof of purchase: invoice 1234', supervisor: 'sup-1', model: 'T54W' }] });
    expect(decision).toMatchObject({ outcome: 'approved', rule: 'supervisor-approved', decidedBy: 'sup-1' });
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(cancelClaimUpdate, cancel);
  });
  expect(final.decision).toMatchObject({ rule: 'supervisor-approved', explanation: expect.stringContaining('invoice 1234') });
  expect(world.timelineKeys().slice(0, 5)).toEqual(['status-under-review', 'email-sent-claim-under-review-1', 'status-approved', 'email-sent-claim-received-1', 'unit-reserved']);
  expect(world.updates.find((u) => u.entry.key === 'status-approved')?.entry.actor).toBe('sup-1');
  expect(world.emailKinds()).toEqual(['claim-under-review#1', 'claim-received#1', 'claim-cancelled#1']);
  expect(world.tasksClosed().find((t) => t.kind === 'review-device')?.outcome).toBe('approved');
  expect(world.inputsOf('reserveUnit')[0]?.model).toBe('T54W');
});

test('unknown MAC denied by a supervisor: the reason is kept and told to the customer', async () => {
  const world = new FakeClaimWorld({ devices: [] });
  const final = await runClaim(ctx, world, {}, async (handle) => {
    await untilStatus(handle, 'under-review');
    await handle.executeUpdate(supervisorDecisionUpdate, { args: [{ approve: false, reason: 'no proof of purchase', supervisor: 'sup-2' }] });
  });
  expect(final.status).toBe('denied');
  expect(final.decision).toMatchObject({ rule: 'supervisor-denied', decidedBy: 'sup-2' });
  expect(world.emails.map((e) => [e.kind, e.data.explanation])).toEqual([
    ['claim-under-review', expect.any(String)],
    ['claim-denied', 'A supervisor denied the claim after review: no proof of purchase'],
  ]);
  expect(world.tasksClosed()).toEqual([{ kind: 'review-device', outcome: 'denied' }]);
  expect(world.inputsOf('reserveUnit')).toEqual([]);
});

test('a permanently refused email is recorded on the timeline and does not fail the claim', async () => {
  const world = new FakeClaimWorld({ devices: [device({ channel: 'third-party' })], rejectedEmails: ['claim-denied'] });
  const final = await runClaim(ctx, world, {});
  expect(final.status).toBe('denied');
  expect(world.timelineKeys()).toEqual(['status-denied', 'email-rejected-claim-denied-1']);
  expect(world.updates[1]?.entry.message).toContain('550 mailbox unavailable');
});

test('an email whose SMTP answer was lost is recorded on the timeline for support, and not resent', async () => {
  const world = new FakeClaimWorld({ devices: [device({ channel: 'third-party' })], unconfirmedEmails: ['claim-denied'] });
  const final = await runClaim(ctx, world, {});
  expect(final.status).toBe('denied');
  expect(world.timelineKeys()).toEqual(['status-denied', 'email-unconfirmed-claim-denied-1']);
  expect(world.updates[1]?.entry.message).toContain('<claim-denied@test>');
  expect(world.inputsOf('sendCustomerEmail')).toHaveLength(1);
});

test.each([
  ['read by the claim (lookupDevice)', false],
  ['given at opening', true],
])('an unreadable registry record (InvalidData), %s, sends the claim to review instead of failing it', async (_, deviceGiven) => {
  const world = new FakeClaimWorld({ corruptDevices: ['00:15:65:AB:CD:EF'] });
  const final = await runClaim(ctx, world, { deviceGiven }, async (handle) => {
    const review = await untilStatus(handle, 'under-review');
    expect(review.decision?.explanation).toContain('could not be read');
    await handle.executeUpdate(supervisorDecisionUpdate, { args: [{ approve: false, reason: 'device not ours', supervisor: 'sup-1' }] });
  });
  expect(final.status).toBe('denied');
  expect(world.inputsOf('lookupDevice')).toHaveLength(deviceGiven ? 0 : 1);
  expect(world.updates[0]?.entry.message).toContain('devices: purchasedOn: Invalid date');
});

test('an invalid policy in the input fails the claim at once with the field named (no activity runs)', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const outcome = await runClaim(ctx, world, { policy: { returnWindow: -5 } }).catch((e: Error & { cause?: Error }) => e.cause?.message);
  expect(outcome).toBe('invalid claim input: policy.returnWindow: must be a non-negative number of milliseconds');
  expect(world.calls).toEqual([]);
});
