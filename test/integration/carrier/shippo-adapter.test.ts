/** Every carrier-port method with the real Shippo SDK against the sandbox. */
import { ApplicationFailure } from '@temporalio/common';
import { chooseRate } from '../../../carrier/rate-policy';
import { FailureTypes } from '../../../domain/failures';
import { customer, startSandboxCarrier, type SandboxCarrier } from './fixtures';

let env: SandboxCarrier;
beforeAll(async () => {
  env = await startSandboxCarrier();
});
afterAll(async () => {
  await env.sandbox.close();
});

describe('Shippo adapter over the real SDK', () => {
  it('validates a deliverable address and rejects an undeliverable one with reasons', async () => {
    await expect(env.carrier.validateAddress(customer)).resolves.toEqual({ valid: true, messages: [] });
    const bad = await env.carrier.validateAddress({ ...customer, street1: '1 Undeliverable Rd', postalCode: '6060' });
    expect(bad.valid).toBe(false);
    expect(bad.messages).toEqual(['Shippo Address Validator: Address not found', 'Shippo Address Validator: Invalid ZIP code']);
  });

  it('creates an outbound shipment with rates and picks the cheapest with a stable tie-break', async () => {
    const quote = await env.carrier.createShipment({ leg: 'outbound', customer, reference: 'claim-1:outbound' });
    expect(quote.rates.map((rate) => `${rate.carrier}/${rate.serviceLevel}/${rate.amount}`)).toEqual([
      'USPS/usps_priority/9.35', 'USPS/usps_ground_advantage/7.85', 'UPS/ups_ground/7.85', 'UPS/ups_next_day_air/42.10',
    ]);
    expect(quote.rates.every((rate) => rate.shipmentId === quote.shipmentId)).toBe(true);
    expect(chooseRate(quote.rates, {})?.serviceLevel).toBe('ups_ground');
    expect(chooseRate(quote.rates, { allowedCarriers: ['usps'] })?.serviceLevel).toBe('usps_ground_advantage');
  });

  it('buys a label synchronously, finds it again by rate, and reports nothing for an unbought rate', async () => {
    const quote = await env.carrier.createShipment({ leg: 'outbound', customer, reference: 'claim-2:outbound' });
    const [first, second] = quote.rates;
    await expect(env.carrier.findLabelForRate(first!)).resolves.toBeNull();
    const label = await env.carrier.buyLabel(first!, 'claim-2:outbound');
    expect(label).toMatchObject({ rateId: first!.rateId, carrier: 'USPS', serviceLevel: 'usps_priority' });
    expect(label.trackingNumber).toMatch(/^9400\d{18}$/);
    expect(label.labelUrl).toBe(`${env.sandbox.url}/labels/${label.transactionId}.pdf`);
    const pdf = await fetch(label.labelUrl); // served without the API token, like Shippo's label links
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(bytes).toMatch(/^%PDF-1\.4\n[\s\S]*\/MediaBox \[0 0 288 432\][\s\S]*%%EOF\n$/);
    expect(bytes).toContain(`(${label.trackingNumber.replace(/(.{4})/g, '$1 ').trim()}) Tj`);
    expect((await fetch(`${env.sandbox.url}/labels/${'0'.repeat(32)}.pdf`)).status).toBe(404);
    await expect(env.carrier.findLabelForRate(first!)).resolves.toEqual(label);
    await expect(env.carrier.findLabelForRate(second!)).resolves.toBeNull();
    const bought = env.sandbox.labels().find((transaction) => transaction.object_id === label.transactionId);
    expect(bought).toMatchObject({ label_file_type: 'PDF_4x6', metadata: 'claim-2:outbound', status: 'SUCCESS' });
  });

  it('creates a scan-based return shipment (is_return, addresses swapped by the carrier) and buys it with the same carrier', async () => {
    const quote = await env.carrier.createShipment({ leg: 'return', customer, reference: 'claim-3:return' });
    const rate = chooseRate(quote.rates, {}, 'USPS');
    expect(rate?.carrier).toBe('USPS');
    const label = await env.carrier.buyLabel(rate!, 'claim-3:return');
    expect(label.carrier).toBe('USPS');
  });

  it('maps a carrier refusal at purchase time to a non-retryable CarrierRejected', async () => {
    const quote = await env.carrier.createShipment({ leg: 'outbound', customer: { ...customer, street1: '9 Carrier-Reject Ave' }, reference: 'claim-4:outbound' });
    const failure = await env.carrier.buyLabel(quote.rates[0]!, 'claim-4:outbound').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureTypes.CarrierRejected, nonRetryable: true });
    expect((failure as Error).message).toContain('recipient address is not serviceable');
  });

  it('voids a label once, reports its refund state, and refuses a second refund as CarrierRejected', async () => {
    const quote = await env.carrier.createShipment({ leg: 'outbound', customer, reference: 'claim-5:outbound' });
    const label = await env.carrier.buyLabel(quote.rates[0]!, 'claim-5:outbound');
    await expect(env.carrier.readRefundState(label.transactionId)).resolves.toBe('none');
    const refund = await env.carrier.voidLabel(label.transactionId);
    expect(refund.status).toBe('QUEUED');
    await expect(env.carrier.readRefundState(label.transactionId)).resolves.toBe('pending');
    await expect(env.carrier.voidLabel(label.transactionId)).rejects.toMatchObject({ type: FailureTypes.CarrierRejected, nonRetryable: true });
    expect(env.sandbox.refunds()).toHaveLength(1);
  });

  it('registers tracking and reads the timeline the carrier played, oldest first', async () => {
    const quote = await env.carrier.createShipment({ leg: 'outbound', customer, reference: 'claim-6:outbound' });
    const label = await env.carrier.buyLabel(quote.rates[0]!, 'claim-6:outbound');
    await env.carrier.registerTracking(label.carrier, label.trackingNumber, 'claim-6:outbound');
    const before = await env.carrier.readTracking(label.carrier, label.trackingNumber);
    expect(before).toMatchObject({ carrier: 'usps', trackingNumber: label.trackingNumber, status: 'UNKNOWN', history: [] });
    await env.sandbox.playTracking(label.trackingNumber, ['PRE_TRANSIT', 'TRANSIT']);
    const after = await env.carrier.readTracking(label.carrier, label.trackingNumber);
    expect(after.status).toBe('TRANSIT');
    expect(after.history.map((checkpoint) => checkpoint.status)).toEqual(['PRE_TRANSIT', 'TRANSIT']);
    expect(after.history.every((checkpoint) => checkpoint.occurredAt.endsWith('Z'))).toBe(true);
  });

  it('reads the shippo test carrier numbers', async () => {
    const delivered = await env.carrier.readTracking('shippo', 'SHIPPO_DELIVERED');
    expect(delivered.history.map((checkpoint) => checkpoint.status)).toEqual(['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
    await expect(env.carrier.readTracking('shippo', 'SHIPPO_TRANSIT')).resolves.toMatchObject({ status: 'TRANSIT' });
    await expect(env.carrier.readTracking('shippo', 'SHIPPO_FAILURE')).resolves.toMatchObject({ status: 'FAILURE' });
  });
});
