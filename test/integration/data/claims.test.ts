/** Claim read-model activities and reads on the real FerretDB: idempotent opens, keyed timeline, searches. */
import { createClaimActivities } from '../../../activities/claims';
import { collection, collectionNames } from '../../../data/collections';
import { findClaim, findClaimByTrackingToken } from '../../../data/claims';
import { claimCountsByStatus } from '../../../data/claim-counts';
import { searchClaims } from '../../../data/claim-search';
import { migrate } from '../../../activities/database';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimOpenedInput } from './support';

let test$: TestDatabase;
let tick = 0;
const clock = () => new Date(Date.UTC(2026, 10, 29, 12, 0, tick++));

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
  await collection(test$.db, collectionNames.devices).insertOne({
    mac: '00:15:65:AA:00:01', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'installation', purchasedOn: '2026-03-01',
  });
});
afterAll(async () => test$?.close());

describe('recordClaimOpened', () => {
  it('creates the claim once: a retry and concurrent attempts return the same tracking token and one opened entry', async () => {
    const { recordClaimOpened } = createClaimActivities({ db: test$.db, clock });
    const first = await recordClaimOpened(claimOpenedInput('C-1'));
    const again = await recordClaimOpened(claimOpenedInput('C-1'));
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => recordClaimOpened(claimOpenedInput('C-1'))));
    expect(first.trackingToken).toMatch(/^C-1\.[A-Za-z0-9_-]{24}$/); // names its claim: no lookup document to write or read
    expect(again).toEqual(first);
    for (const result of concurrent) expect(result).toEqual(first);
    expect(await collection(test$.db, collectionNames.claims).countDocuments({ claimId: 'C-1' })).toBe(1);
    // Retried and concurrent opens may file the claim twice under a list; the search shows it once.
    expect((await searchClaims(test$.db, { mac: '00:15:65:AA:00:01' })).claims.map((c) => c.claimId)).toEqual(['C-1']);
    const claim = await findClaim(test$.db, 'C-1');
    expect(claim).toMatchObject({ status: 'received', model: 'yealink-t54w', mac: '00:15:65:AA:00:01', email: 'dana.reyes@acme.example' });
    expect(claim?.timeline.map((e) => e.key)).toEqual(['opened']);
    expect((await findClaimByTrackingToken(test$.db, first.trackingToken))?.claimId).toBe('C-1');
    // The id a token names proves nothing by itself: another random part opens nothing.
    const forged = `C-1.${'A'.repeat(24)}`;
    expect(forged).not.toBe(first.trackingToken);
    expect(await findClaimByTrackingToken(test$.db, forged)).toBeNull();
  });

  it('refuses a bad request with field: reason, as non-retryable InvalidData', async () => {
    const { recordClaimOpened } = createClaimActivities({ db: test$.db, clock });
    const bad = claimOpenedInput('C-BAD', 'not-a-mac');
    bad.request.contact.email = 'nope';
    const failure = recordClaimOpened(bad);
    await expect(failure).rejects.toMatchObject({ type: 'InvalidData', nonRetryable: true });
    await expect(failure).rejects.toThrow(/request\.mac: must be 12 hex digits.*request\.contact\.email: must be an email address/);
    expect(await findClaim(test$.db, 'C-BAD')).toBeNull();
  });
});

describe('updateClaim (claims started before the claim-projection patch)', () => {
  it('applies the change and one timeline entry when run twice (and when run concurrently with the same key)', async () => {
    const { recordClaimOpened, updateClaim } = createClaimActivities({ db: test$.db, clock });
    await recordClaimOpened(claimOpenedInput('C-2', '00:15:65:AA:00:02'));
    const update = {
      claimId: 'C-2',
      status: 'approved' as const,
      decision: { outcome: 'approved' as const, rule: 'manufacturer-warranty' as const, explanation: 'Within the one-year warranty.', decidedOn: '2026-11-29' },
      nextDeadline: { kind: 'ship-by', at: '2026-11-30T17:00:00.000Z' },
      entry: { key: 'decided', at: '2026-11-29T12:00:05.000Z', status: 'approved' as const, message: 'Approved: manufacturer warranty' },
    };
    await updateClaim(update);
    await updateClaim(update);
    await Promise.all(Array.from({ length: 5 }, () => updateClaim(update)));
    const claim = await findClaim(test$.db, 'C-2');
    expect(claim?.timeline.map((e) => e.key)).toEqual(['opened', 'decided']);
    expect(claim).toMatchObject({ status: 'approved', decision: { rule: 'manufacturer-warranty' }, nextDeadline: update.nextDeadline });
  });

  it('keeps every entry of successive updates (the workflow awaits each), in time order, and records labels and flags', async () => {
    const { recordClaimOpened, updateClaim } = createClaimActivities({ db: test$.db, clock });
    await recordClaimOpened(claimOpenedInput('C-3', '00:15:65:AA:00:03'));
    // Written newest first: the timeline is read back oldest first. (Concurrent updates of one claim are not made:
    // FerretDB v1 applies them without per-document atomicity; the workflow serializes a claim's updates.)
    for (let i = 9; i >= 0; i--) {
      await updateClaim({ claimId: 'C-3', entry: { key: `note-${i}`, at: `2026-11-29T13:00:0${i}.000Z`, message: `Note ${i}` } });
    }
    await updateClaim({
      claimId: 'C-3', status: 'shipped', flags: { escalated: true }, nextDeadline: null,
      label: { leg: 'outbound', transactionId: 'tx1', rateId: 'r1', carrier: 'USPS', serviceLevel: 'Priority', trackingNumber: '9400', labelUrl: 'https://l/1.pdf' },
      entry: { key: 'shipped', at: '2026-11-29T14:00:00.000Z', status: 'shipped', message: 'Handed to USPS' },
    });
    const claim = await findClaim(test$.db, 'C-3');
    expect(claim?.timeline.map((e) => e.key)).toEqual(['opened', ...Array.from({ length: 10 }, (_, i) => `note-${i}`), 'shipped']);
    expect(claim).toMatchObject({ status: 'shipped', flags: { billing: false, escalated: true }, nextDeadline: null, legs: { outbound: { trackingNumber: '9400' } } });
  });

  it('refuses an unknown claim and a bad entry with field: reason', async () => {
    const { updateClaim } = createClaimActivities({ db: test$.db, clock });
    await expect(updateClaim({ claimId: 'C-NONE', entry: { key: 'k', at: '2026-11-29T12:00:00.000Z', message: 'x' } }))
      .rejects.toMatchObject({ type: 'InvalidData', message: expect.stringContaining('claimId: no claim C-NONE') });
    await expect(updateClaim({ claimId: 'C-2', entry: { key: '', at: 'yesterday', message: 'x' } }))
      .rejects.toThrow(/entry\.key: must not be empty.*entry\.at: must be an ISO-8601 instant/);
  });
});

describe('reads for support', () => {
  it('searches by status, MAC in any notation, extension and email, newest first without a filter, and counts per status', async () => {
    const ids = async (criteria: Parameters<typeof searchClaims>[1]) => (await searchClaims(test$.db, criteria)).claims.map((c) => c.claimId);
    expect(await ids({ mac: '001565aa0002' })).toEqual(['C-2']);
    expect(await ids({ email: 'DANA.REYES@acme.example' })).toEqual(['C-3', 'C-2', 'C-1']);
    expect(await ids({ extension: '1042', status: 'shipped' })).toEqual(['C-3']);
    expect(await ids({ status: 'approved' })).toEqual(['C-2']);
    expect(await ids({})).toEqual(['C-3', 'C-2', 'C-1']);
    await expect(searchClaims(test$.db, { mac: 'zz' })).rejects.toThrow(/mac: must be 12 hex digits/);
    await expect(searchClaims(test$.db, {}, { cursor: 'page-2' })).rejects.toThrow(/cursor: is not a cursor this search returned/);
    const counts = await claimCountsByStatus(test$.db, new Date());
    expect(counts).toMatchObject({ received: 1, approved: 1, shipped: 1, closed: 0 });
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(3);
  });

  it('pages a search with the cursor it returns: every claim once, newest first', async () => {
    const first = await searchClaims(test$.db, {}, { limit: 2 });
    expect(first.claims.map((c) => c.claimId)).toEqual(['C-3', 'C-2']);
    const rest: string[] = [];
    for (let cursor = first.next, pages = 0; cursor !== undefined && pages < 20; pages += 1) {
      const page = await searchClaims(test$.db, {}, { limit: 2, cursor });
      rest.push(...page.claims.map((c) => c.claimId));
      cursor = page.next;
    }
    expect(rest).toEqual(['C-1']); // open claims from the working set; their entries in the opened list are not shown again
  });
});
