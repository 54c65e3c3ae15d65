/**
 * The read model as a projection on the real FerretDB: one change written at once (fields, timeline entries, tasks),
 * retried without effect, the working set following the claim, and a finished claim moving to the history lists
 * and the rollups.
 */
import { createClaimActivities } from '../../../activities/claims';
import { claimCountsByStatus } from '../../../data/claim-counts';
import { dayFigures } from '../../../data/claim-rollups';
import { searchClaims } from '../../../data/claim-search';
import { findClaim } from '../../../data/claims';
import { findActiveClaim } from '../../../data/claims-active';
import { collection, collectionNames } from '../../../data/collections';
import { migrate } from '../../../activities/database';
import { listTasks, takeTask, tasksOfClaim } from '../../../data/tasks';
import type { ClaimChange } from '../../../domain/claim-change';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimOpenedInput } from './support';

let test$: TestDatabase;
const now = new Date();
const clock = () => now;
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000).toISOString();
const today = now.toISOString().slice(0, 10);

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
});
afterAll(async () => test$?.close());

const approvedWithTask = (claimId: string): ClaimChange => ({
  claimId,
  status: 'awaiting-shipment',
  decision: { outcome: 'approved', rule: 'manufacturer-warranty', explanation: 'Within the one-year warranty.', decidedOn: today },
  unit: { unitId: 'U-1', model: 'yealink-t54w', sameModel: true },
  nextDeadline: { kind: 'shipping-sla', at: at(3600) },
  tasksOpened: [{ kind: 'pick-pack-ship', slaDueAt: at(3600), summary: 'Print both labels, pick unit U-1', round: 1, openedAt: at(2) }],
  timeline: [
    { key: 'status-approved', at: at(1), status: 'approved', message: 'Approved' },
    { key: 'unit-reserved', at: at(2), message: 'Reserved unit U-1' },
    { key: 'status-awaiting-shipment', at: at(3), status: 'awaiting-shipment', message: 'Shipping task opened' },
  ],
});

describe('projectClaim', () => {
  it('writes a whole change at once, and a retry of it changes nothing', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    await recordClaimOpened({ ...claimOpenedInput('P-1', '00:15:65:BB:00:01'), model: 'yealink-t54w' });
    await projectClaim(approvedWithTask('P-1'));
    await projectClaim(approvedWithTask('P-1'));
    const claim = await findClaim(test$.db, 'P-1');
    expect(claim?.timeline.map((entry) => entry.key)).toEqual(['opened', 'status-approved', 'unit-reserved', 'status-awaiting-shipment']);
    expect(claim).toMatchObject({ status: 'awaiting-shipment', decision: { rule: 'manufacturer-warranty' }, unit: { unitId: 'U-1' } });
    expect(claim?.tasks['pick-pack-ship']).toMatchObject({ status: 'open', round: 1, taskId: 'P-1--pick-pack-ship' });
    expect(await findActiveClaim(test$.db, 'P-1')).toMatchObject({ status: 'awaiting-shipment', tasks: { 'pick-pack-ship': { round: 1 } } });
    const queue = await listTasks(test$.db, {}, now);
    expect(queue.map((task) => [task.taskId, task.claim.mac, task.claim.status])).toEqual([['P-1--pick-pack-ship', '00:15:65:BB:00:01', 'awaiting-shipment']]);
  });

  it('closes a task on the claim and takes it out of the queue; a take before that shows on the queue', async () => {
    const { projectClaim } = createClaimActivities({ db: test$.db, clock });
    expect(await takeTask(test$.db, 'P-1--pick-pack-ship', 'packer-1', now)).toMatchObject({ ok: true });
    expect(await takeTask(test$.db, 'P-1--pick-pack-ship', 'packer-2', now)).toEqual({ ok: false, reason: expect.stringContaining('taken (assignee packer-1)') });
    expect((await listTasks(test$.db, { status: 'taken' }, now)).map((task) => task.assignee)).toEqual(['packer-1']);
    const shipped: ClaimChange = {
      claimId: 'P-1', status: 'shipped', replacementMac: 'AA:BB:CC:00:00:01', handedOverAt: at(10), nextDeadline: null,
      tasksClosed: [{ kind: 'pick-pack-ship', outcome: 'shipped', closedAt: at(10) }],
      timeline: [{ key: 'status-shipped', at: at(10), status: 'shipped', message: 'Handed to USPS' }],
    };
    await projectClaim(shipped);
    await projectClaim(shipped);
    expect(await listTasks(test$.db, {}, now)).toEqual([]);
    expect((await tasksOfClaim(test$.db, 'P-1')).map((task) => [task.kind, task.status, task.outcome])).toEqual([['pick-pack-ship', 'done', 'shipped']]);
    expect(await findActiveClaim(test$.db, 'P-1')).toMatchObject({ status: 'shipped', handedOverAt: at(10), tasks: {} });
  });

  it('moves a finished claim from the working set to its history list and today’s rollup, once', async () => {
    const { projectClaim } = createClaimActivities({ db: test$.db, clock });
    const closed: ClaimChange = { claimId: 'P-1', status: 'closed', timeline: [{ key: 'status-closed', at: at(20), status: 'closed', message: 'Closed' }] };
    const before = await claimCountsByStatus(test$.db, now);
    await projectClaim(closed);
    await projectClaim(closed);
    expect(await findActiveClaim(test$.db, 'P-1')).toBeNull();
    expect((await searchClaims(test$.db, { status: 'closed' })).claims).toEqual([expect.objectContaining({ claimId: 'P-1', status: 'closed', closedAt: now.toISOString() })]);
    expect((await searchClaims(test$.db, { mac: '001565bb0001' })).claims.map((c) => c.status)).toEqual(['closed']);
    const figures = await dayFigures(test$.db, today, today);
    expect(figures).toMatchObject({ claims: 1, byStatus: { closed: 1 }, byModel: { 'yealink-t54w': { closed: 1 } }, byFault: { defect: { closed: 1 } } });
    expect(Object.values(figures.hoursToHandOver)).toEqual([1]);
    // The next day, today is a past day: its figures (histograms included) are folded once and stored.
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(await dayFigures(test$.db, today, tomorrow)).toEqual(figures);
    expect((await collection(test$.db, collectionNames.claimRollups).findOne({ _id: `day:${today}` }))?.figures).toEqual(figures);
    const after = await claimCountsByStatus(test$.db, now);
    expect([after.shipped - before.shipped, after.closed - before.closed]).toEqual([-1, 1]);
  });

  it('puts a claim missing from the working set back from the claim, and refuses an unknown claim', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    await recordClaimOpened(claimOpenedInput('P-2', '00:15:65:BB:00:02'));
    await collection(test$.db, collectionNames.claimsActive).deleteOne({ _id: 'P-2' });
    await projectClaim({ claimId: 'P-2', status: 'under-review', timeline: [{ key: 'status-under-review', at: at(1), status: 'under-review', message: 'Unknown device' }] });
    expect(await findActiveClaim(test$.db, 'P-2')).toMatchObject({ status: 'under-review', mac: '00:15:65:BB:00:02' });
    await expect(projectClaim({ claimId: 'P-NONE', status: 'approved' })).rejects.toMatchObject({ type: 'InvalidData', message: expect.stringContaining('claimId: no claim P-NONE') });
  });
});

describe('recordClaimOpened with its decision (answer-at-decision)', () => {
  const approved = { key: 'status-approved', at: at(1), status: 'approved' as const, message: 'Within the one-year warranty.' };
  const decision = { outcome: 'approved' as const, rule: 'manufacturer-warranty' as const, explanation: 'Within the one-year warranty.', decidedOn: today };

  it('stores the claim decided; its next change files it under its search lists and the working set, a retry of either adds nothing', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    const opening = { ...claimOpenedInput('D-1', '00:15:65:BB:00:11'), model: 'yealink-t54w', change: { status: 'approved' as const, decision, timeline: [approved] } };
    const first = await recordClaimOpened(opening);
    expect(await recordClaimOpened(opening)).toEqual(first);
    const claim = await findClaim(test$.db, 'D-1');
    expect(claim).toMatchObject({ status: 'approved', decision: { rule: 'manufacturer-warranty' }, model: 'yealink-t54w', trackingToken: first.trackingToken });
    expect(claim?.timeline.map((entry) => entry.key)).toEqual(['opened', 'status-approved']);
    // Not filed yet: the next change does it (support's answer waits for the claim and its token only).
    expect(await findActiveClaim(test$.db, 'D-1')).toBeNull();
    expect((await searchClaims(test$.db, { mac: '001565bb0011' })).claims).toEqual([]);

    const reserved: ClaimChange = { claimId: 'D-1', fileOpened: true, unit: { unitId: 'U-11', model: 'yealink-t54w', sameModel: true }, timeline: [{ key: 'unit-reserved', at: at(2), message: 'Reserved unit U-11' }] };
    await projectClaim(reserved);
    await projectClaim(reserved);
    for (const criteria of [{ mac: '001565bb0011' }, { email: claim!.email }, { extension: claim!.extension }]) {
      const found = (await searchClaims(test$.db, criteria)).claims.filter((listed) => listed.claimId === 'D-1'); // the email and extension are shared
      expect(found.map((listed) => listed.status)).toEqual(['approved']);
    }
    expect((await searchClaims(test$.db, {}, { limit: 200 })).claims.filter((found) => found.claimId === 'D-1')).toHaveLength(1);
    expect((await findClaim(test$.db, 'D-1'))?.unit).toMatchObject({ unitId: 'U-11' });
    // The whole working-set entry, from the claim as it stands; the next change updates it as usual.
    expect(await findActiveClaim(test$.db, 'D-1')).toMatchObject({ status: 'approved', mac: '00:15:65:BB:00:11', model: 'yealink-t54w' });
    await projectClaim({ claimId: 'D-1', status: 'awaiting-shipment', timeline: [{ key: 'status-awaiting-shipment', at: at(3), status: 'awaiting-shipment', message: 'Shipping task opened' }] });
    expect(await findActiveClaim(test$.db, 'D-1')).toMatchObject({ status: 'awaiting-shipment' });
  });

  it('stores the token the opener made (answer-before-opening) and refuses one that names another claim, writing nothing', async () => {
    const { recordClaimOpened } = createClaimActivities({ db: test$.db, clock });
    const token = 'D-4.AbCdEfGhIjKlMnOpQrStUvWx';
    const opening = { ...claimOpenedInput('D-4', '00:15:65:BB:00:14'), trackingToken: token, change: { status: 'approved' as const, decision, timeline: [approved] } };
    expect(await recordClaimOpened(opening)).toEqual({ trackingToken: token });
    expect(await findClaim(test$.db, 'D-4')).toMatchObject({ trackingToken: token, status: 'approved' });
    const forged = { ...claimOpenedInput('D-5', '00:15:65:BB:00:15'), trackingToken: token };
    await expect(recordClaimOpened(forged)).rejects.toMatchObject({ type: 'InvalidData', nonRetryable: true, message: expect.stringContaining('trackingToken: must name the claim') });
    expect(await findClaim(test$.db, 'D-5')).toBeNull();
  });

  it('a claim filed at its close (answer-before-opening): in the working set at once and found there by MAC, email and extension; under every list once finished', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    const mac = '00:15:65:BB:00:16';
    const opening = { ...claimOpenedInput('D-6', mac), trackingToken: 'D-6.AbCdEfGhIjKlMnOpQrStUvWx', filedAtClose: true as const, change: { status: 'approved' as const, decision, timeline: [approved] } };
    await recordClaimOpened(opening);
    await recordClaimOpened(opening); // a retry adds nothing
    expect(await findActiveClaim(test$.db, 'D-6')).toMatchObject({ status: 'approved', mac });
    const lists = collection(test$.db, collectionNames.claimIndex);
    const filed = () => lists.countDocuments({ itemId: 'D-6' });
    expect(await filed()).toBe(0); // no list write while it is open
    const claim = await findClaim(test$.db, 'D-6');
    for (const criteria of [{ mac: '001565bb0016' }, { email: claim!.email }, { extension: claim!.extension }, {}]) {
      const found = (await searchClaims(test$.db, criteria, { limit: 200 })).claims.filter((listed) => listed.claimId === 'D-6');
      expect(found.map((listed) => listed.status)).toEqual(['approved']);
    }
    // The next changes update the working set; none files the claim.
    await projectClaim({ claimId: 'D-6', status: 'awaiting-shipment', timeline: [{ key: 'status-awaiting-shipment', at: at(3), status: 'awaiting-shipment', message: 'Shipping task opened' }] });
    expect((await searchClaims(test$.db, { mac })).claims.map((listed) => [listed.claimId, listed.status])).toEqual([['D-6', 'awaiting-shipment']]);
    expect(await filed()).toBe(0);
    const closing: ClaimChange = { claimId: 'D-6', status: 'cancelled', timeline: [{ key: 'status-cancelled', at: at(4), status: 'cancelled', message: 'Cancelled' }] };
    await projectClaim(closing);
    expect(await findActiveClaim(test$.db, 'D-6')).toBeNull();
    expect(await filed()).toBe(6); // opened, MAC, email, extension, status, day: one batch
    for (const criteria of [{ mac }, { email: claim!.email }, { extension: claim!.extension }, { status: 'cancelled' as const }, {}]) {
      const found = (await searchClaims(test$.db, criteria, { limit: 200 })).claims.filter((listed) => listed.claimId === 'D-6');
      expect(found.map((listed) => listed.status)).toEqual(['cancelled']);
    }
  });

  it('pages open claims from the working set, then goes on in the list', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    const mac = '00:15:65:BB:00:17';
    // One finished claim of the device (filed at its close), then two open ones of other devices on the same extension.
    await recordClaimOpened({ ...claimOpenedInput('D-7', mac), request: { ...claimOpenedInput('D-7', mac).request, extension: '7007' }, filedAtClose: true });
    await projectClaim({ claimId: 'D-7', status: 'cancelled', timeline: [{ key: 'status-cancelled', at: at(1), status: 'cancelled', message: 'Cancelled' }] });
    for (const [id, device] of [['D-8', '00:15:65:BB:00:18'], ['D-9', '00:15:65:BB:00:19']] as const) {
      await recordClaimOpened({ ...claimOpenedInput(id, device), request: { ...claimOpenedInput(id, device).request, extension: '7007' }, filedAtClose: true });
    }
    const first = await searchClaims(test$.db, { extension: '7007' }, { limit: 2 });
    expect(first.claims.map((listed) => listed.claimId).sort()).toEqual(['D-8', 'D-9']);
    expect(first.next).toBe('list:top');
    const second = await searchClaims(test$.db, { extension: '7007' }, { limit: 2, cursor: first.next! });
    expect(second.claims.map((listed) => [listed.claimId, listed.status])).toEqual([['D-7', 'cancelled']]);
    const one = await searchClaims(test$.db, { extension: '7007' }, { limit: 1 });
    expect(one.next).toMatch(/^open:/);
    const rest = await searchClaims(test$.db, { extension: '7007' }, { limit: 5, cursor: one.next! });
    expect(rest.claims.map((listed) => listed.claimId)).toEqual([...first.claims.map((listed) => listed.claimId).filter((id) => id !== one.claims[0]!.claimId), 'D-7']);
  });

  it('puts a claim opened under review in the working set at once, its review task on the supervisors\' queue', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    const review = { key: 'status-under-review', at: at(1), status: 'under-review' as const, message: 'Unknown device' };
    const task = { kind: 'review-device' as const, slaDueAt: at(5), summary: 'Unknown device: approve or deny', round: 1, openedAt: at(1) };
    await recordClaimOpened({ ...claimOpenedInput('D-3', '00:15:65:BB:00:13'), change: { status: 'under-review', timeline: [review], tasksOpened: [task] } });
    expect(await findActiveClaim(test$.db, 'D-3')).toMatchObject({ status: 'under-review', tasks: { 'review-device': { status: 'open', summary: task.summary } } });
    await projectClaim({ claimId: 'D-3', fileOpened: true });
    expect(await findActiveClaim(test$.db, 'D-3')).toMatchObject({ status: 'under-review', tasks: { 'review-device': { status: 'open' } } });
    expect((await searchClaims(test$.db, { mac: '001565bb0013' })).claims.map((found) => found.claimId)).toEqual(['D-3']);
  });

  it('stores a claim opened denied under the history lists, never in the working set', async () => {
    const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock });
    const denied = { key: 'status-denied', at: at(1), status: 'denied' as const, message: 'Bought from a third party.' };
    await recordClaimOpened({
      ...claimOpenedInput('D-2', '00:15:65:BB:00:12'),
      change: { status: 'denied', decision: { outcome: 'denied', rule: 'third-party-not-covered', explanation: 'Bought from a third party.', decidedOn: today }, nextDeadline: null, timeline: [denied] },
    });
    expect(await findActiveClaim(test$.db, 'D-2')).toBeNull();
    expect(await findClaim(test$.db, 'D-2')).toMatchObject({ status: 'denied', closedAt: now.toISOString() });
    expect((await searchClaims(test$.db, { status: 'denied' })).claims.map((found) => found.claimId)).toContain('D-2');
    await projectClaim({ claimId: 'D-2', fileOpened: true });
    expect((await searchClaims(test$.db, { mac: '001565bb0012' })).claims.map((found) => [found.claimId, found.status])).toEqual([['D-2', 'denied']]);
    expect(await findActiveClaim(test$.db, 'D-2')).toBeNull();
  });
});
