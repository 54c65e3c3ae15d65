/** The customer's tracking view, on hand-built claims. */
import { trackingViewOf } from '../../../client/api/tracking-view';
import type { ClaimView } from '../../../data/schemas/claim';

const claim = {
  claimId: 'RC-20261129-ABCDEF', workflowId: 'claim-001565ABCD01', status: 'delivered', trackingToken: 'tok', openedAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z', mac: '00:15:65:AB:CD:01', extension: '2101', accountId: 'ACME', email: 'dana@acme.example',
  contact: { name: 'Dana', phone: '+1 214 555 0101', email: 'dana@acme.example' },
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
    for (const hidden of ['dana@acme.example', '555 0101', '1401 Elm', 'U-7', 'https://l/1.pdf', 'ACME', 'tok']) expect(text).not.toContain(hidden);
  });
});
