/** The customer's tracking view, on hand-built claims. */
import { progressOf, trackingViewOf } from '../../../client/api/tracking-view';
import { renderTrackingPage } from '../../../client/web/track-page';
import { DEFAULT_BRANDING } from '../../../notifications/branding';
import type { ClaimView } from '../../../data/schemas/claim';

const claim = {
  claimId: 'RC-20261129-ABCDEF', workflowId: 'claim-001565ABCD01', status: 'delivered', trackingToken: 'tok', openedAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z', mac: '00:15:65:AB:CD:01', extension: '2101', accountId: 'ACME', email: 'dana@acme.example',
  contact: { name: 'Dana', phone: '+1 214 555 0101', email: 'dana@acme.example', locale: 'en-US', timeZone: 'America/Chicago' },
  request: {} as ClaimView['request'],
  shipTo: { name: 'Dana', street1: '1401 Elm St', city: 'Dallas', state: 'TX', postalCode: '75202', country: 'US' },
  model: 'yealink-t54w', flags: { billing: false, escalated: false },
  legs: {
    outbound: { leg: 'outbound', transactionId: 't1', rateId: 'r1', carrier: 'UPS', serviceLevel: 'ground', trackingNumber: '1Z1', labelUrl: 'https://l/1.pdf', trackingUrl: 'https://t/1Z1' },
  },
  nextDeadline: { kind: 'return-window', at: '2026-12-30T10:00:00.000Z' },
  timeline: [
    { key: 'opened', at: '2026-11-29T10:00:00.000Z', status: 'received', message: 'Replacement claim opened', actor: 'agent' },
    { key: 'unit-reserved', at: '2026-11-29T10:00:01.000Z', message: 'Reserved unit U-7 (internal)' },
    { key: 'status-delivered', at: '2026-11-30T10:00:00.000Z', status: 'delivered', message: 'Replacement delivered; return due by …' },
  ],
} as ClaimView;

describe('trackingViewOf', () => {
  const view = trackingViewOf(claim);

  it('says where the claim stands in plain words, with the return deadline and the parcels', () => {
    expect(view).toMatchObject({ status: 'delivered', headline: 'Your replacement was delivered. Please return the defective device.', returnDueAt: '2026-12-30T10:00:00.000Z' });
    expect(view.shipments).toEqual([{ leg: 'outbound', carrier: 'UPS', trackingNumber: '1Z1', trackingUrl: 'https://t/1Z1' }]);
  });

  it('shows only status changes, in customer words, and no contact, address, label or internal detail', () => {
    expect(view.history.map((h) => h.status)).toEqual(['received', 'delivered']);
    const text = JSON.stringify(view);
    for (const hidden of ['dana@acme.example', '555 0101', '1401 Elm', 'U-7', 'https://l/1.pdf', 'ACME', 'tok', 'yealink-t54w', '00:15:65']) expect(text).not.toContain(hidden);
  });

  it('names models and the service by their display names, and offers the reprint only with a return label while due', () => {
    const withReturn = { ...claim, legs: { ...claim.legs, return: { ...claim.legs.outbound!, leg: 'return' as const, trackingNumber: '1Z2' } } };
    const named = trackingViewOf(withReturn, { modelName: 'Yealink SIP-T54W', replacementModelName: 'Yealink SIP-T46U', outboundService: 'UPS Ground' });
    expect(named).toMatchObject({ model: 'Yealink SIP-T54W', replacementModel: 'Yealink SIP-T46U', canReprintReturnLabel: true, timeZone: 'America/Chicago' });
    expect(named.shipments[0]).toMatchObject({ carrier: 'UPS', service: 'UPS Ground' });
    expect(view.canReprintReturnLabel).toBe(false); // no return label
    expect(trackingViewOf({ ...withReturn, status: 'return-in-transit' }).canReprintReturnLabel).toBe(false);
    expect(trackingViewOf({ ...withReturn, status: 'closed' }).canReprintReturnLabel).toBe(false);
  });

  it('marks the steps: done, the current one, what is to come, and where a claim stopped', () => {
    const states = (status: ClaimView['status'], reached: ClaimView['status'][] = []) =>
      progressOf({ status, timeline: reached.map((s, i) => ({ key: `k${i}`, at: claim.openedAt, status: s, message: '' })) }).map((s) => `${s.label}:${s.state}`);
    expect(states('delivered')).toEqual(['Requested:done', 'Approved:done', 'Shipped:done', 'Delivered:current', 'Return on its way:upcoming', 'Closed:upcoming']);
    expect(states('awaiting-shipment')[1]).toBe('Approved:current');
    expect(states('closed').every((s) => s.endsWith(':done'))).toBe(true);
    expect(states('denied')).toEqual(['Requested:done', 'Not approved:stopped', 'Shipped:skipped', 'Delivered:skipped', 'Return on its way:skipped', 'Closed:skipped']);
    expect(states('cancelled', ['received', 'approved', 'awaiting-shipment', 'cancelled']).slice(0, 3)).toEqual(['Requested:done', 'Approved:done', 'Cancelled:stopped']);
    expect(states('closed-unreturned')).toEqual(['Requested:done', 'Approved:done', 'Shipped:done', 'Delivered:done', 'Return on its way:skipped', 'Closed: not returned:stopped']);
  });
});

describe('renderTrackingPage', () => {
  const options = { brand: DEFAULT_BRANDING, reprintPath: '/track/tok/return-label', reprintsPerDay: 5 };

  it('gives times in the customer’s zone with the zone named, the deadline and steps while the return is due', () => {
    const page = renderTrackingPage(trackingViewOf(claim), options);
    expect(page).toContain('opened Nov 29, 2026, 4:00 AM CST');
    expect(page).toContain('Please send the defective device back by <strong>Wednesday, December 30, 2026 at 4:00 AM CST</strong>');
    expect(page).toContain('<li class="current" aria-current="step">Delivered');
    expect(page).not.toMatch(/UTC|yealink-t54w|Print my return label again/); // no return label on this claim
    expect(page).toContain('Questions? Call <a href="tel:4694292500">(469) 429-2500</a>');
  });

  it('escapes what comes from the claim', () => {
    const hostile = { ...trackingViewOf(claim), claimId: '<img src=x onerror=alert(1)>' };
    const page = renderTrackingPage(hostile, options);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
