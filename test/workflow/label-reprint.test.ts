/** The customer's return-label reprints reach the claim's timeline through the workflow, one read-model write at a time. */
import { completeShipmentUpdate, recordReturnReceiptUpdate, returnLabelReprintedSignal, trackingEventSignal } from '../../workflows/messages';
import { FakeClaimWorld } from './support/fake-activities';
import { device, eventually, queryState, runClaim, setUpClaimTests, untilStatus, type ClaimTestContext } from './support/harness';

let ctx: ClaimTestContext;
beforeAll(async () => { ctx = await setUpClaimTests(); });
afterAll(async () => { await ctx?.env.teardown(); });

test('reprints signalled while the return is due are logged once each, keyed by day and number, never written concurrently', async () => {
  const world = new FakeClaimWorld({ devices: [device()] });
  const final = await runClaim(ctx, world, { fixture: 'label-reprint' }, async (handle) => {
    await untilStatus(handle, 'awaiting-shipment');
    await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: 'AABBCCDD0002', completedBy: 'packer-1' }] });
    await handle.signal(trackingEventSignal, { eventId: 'ev-1', leg: 'outbound', status: 'DELIVERED', trackingNumber: 'TRK-OUTBOUND', occurredAt: new Date().toISOString() });
    await untilStatus(handle, 'delivered');
    const at = new Date().toISOString();
    // Two at once (arriving in either order, often in one workflow task), a repeat of the first, and a malformed one: two entries.
    await Promise.all([
      handle.signal(returnLabelReprintedSignal, { reprintId: '2026-12-01-1', at, dailyLimit: 5 }),
      handle.signal(returnLabelReprintedSignal, { reprintId: '2026-12-01-2', at, dailyLimit: 5 }),
    ]);
    await handle.signal(returnLabelReprintedSignal, { reprintId: '2026-12-01-1', at, dailyLimit: 5 });
    await handle.signal(returnLabelReprintedSignal, { reprintId: 'drop table', at, dailyLimit: 5 });
    await eventually('both reprints on the timeline', () => world.timelineKeys().includes('label-reprint-2026-12-01-2'));
    expect((await queryState(handle)).timeline.filter((entry) => entry.key.startsWith('label-reprint-')).map((entry) => entry.key).sort())
      .toEqual(['label-reprint-2026-12-01-1', 'label-reprint-2026-12-01-2']);
    await handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: '00:15:65:AB:CD:EF', condition: 'defect confirmed', receivedBy: 'dock-2' }] });
  });
  expect(final.status).toBe('closed');
  const reprints = world.updates.filter((update) => update.entry.key.startsWith('label-reprint-')).sort((a, b) => a.entry.key.localeCompare(b.entry.key));
  expect(reprints.map((update) => [update.entry.key, update.entry.actor, update.entry.message])).toEqual([
    ['label-reprint-2026-12-01-1', 'customer', 'The customer printed the return label again from the tracking page (1 of 5 allowed that day)'],
    ['label-reprint-2026-12-01-2', 'customer', 'The customer printed the return label again from the tracking page (2 of 5 allowed that day)'],
  ]);
  expect(reprints.every((update) => update.status === undefined)).toBe(true);
  expect(world.maxConcurrentUpdates).toBe(1);
});
