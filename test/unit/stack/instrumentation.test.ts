/** Counting rules: a label counts when the carrier sold it; an email counts when SMTP took it, not on a retry. */
import type { ClaimActivities } from '../../../activities/contract';
import type { CarrierPort, PurchasedLabel, RateOption } from '../../../carrier/port';
import { instrumentActivities } from '../../../observability/instrumented-activities';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../../../domain/failures';
import { createCarrierHealth } from '../../../observability/carrier-health';
import { meteredCarrier } from '../../../observability/metered-carrier';
import { createProductMetrics } from '../../../observability/metrics';

const rate = { rateId: 'r1', shipmentId: 's1', carrier: 'usps', serviceLevel: 'ground', serviceName: 'Ground', amount: '5.00', currency: 'USD' } satisfies RateOption;
const label: PurchasedLabel = { transactionId: 't1', rateId: 'r1', carrier: 'usps', serviceLevel: 'ground', trackingNumber: '9400', labelUrl: 'https://l' };

async function value(metrics: ReturnType<typeof createProductMetrics>, name: string): Promise<Array<{ labels: object; value: number }>> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).map(({ labels, value: v }) => {
    const { service: _service, ...rest } = labels as Record<string, unknown>;
    return { labels: rest, value: v };
  });
}

describe('meteredCarrier', () => {
  it('counts a bought label by carrier and leg, and nothing when the purchase fails', async () => {
    const metrics = createProductMetrics('test');
    let fail = false;
    const port = {
      buyLabel: async () => {
        if (fail) throw new Error('carrier 500');
        return label;
      },
      voidLabel: async () => ({ refundId: 'f1', status: 'QUEUED' as const }),
    } as unknown as CarrierPort;
    const carrier = meteredCarrier(port, metrics);
    await carrier.buyLabel(rate, 'RC-1:outbound');
    await carrier.buyLabel(rate, 'RC-1:return');
    fail = true;
    await expect(carrier.buyLabel(rate, 'RC-2:outbound')).rejects.toThrow('carrier 500');
    await carrier.voidLabel('t1');
    expect(await value(metrics, 'rf_labels_bought_total')).toEqual([
      { labels: { carrier: 'usps', leg: 'outbound' }, value: 1 },
      { labels: { carrier: 'usps', leg: 'return' }, value: 1 },
    ]);
    expect(await value(metrics, 'rf_labels_voided_total')).toEqual([{ labels: {}, value: 1 }]);
  });

  it('alerts on a refusal of the credentials: counter, error log line, carrier health failing until a call succeeds', async () => {
    const metrics = createProductMetrics('test');
    const health = createCarrierHealth(() => new Date('2026-11-29T12:00:00Z'));
    const logged: unknown[][] = [];
    let refuse = true;
    const port = {
      validateAddress: async () => {
        if (refuse) throw ApplicationFailure.nonRetryable('Shippo address validation: HTTP 401: the API token was refused (Invalid token.)', FailureTypes.CarrierConfiguration);
        return { valid: true, messages: [] };
      },
      createShipment: async () => {
        throw ApplicationFailure.nonRetryable('bad address', FailureTypes.InvalidAddress);
      },
    } as unknown as CarrierPort;
    const carrier = meteredCarrier(port, metrics, { health, logger: { error: (...args: unknown[]) => logged.push(args) } as never });
    const address = {} as never;
    await expect(carrier.validateAddress(address)).rejects.toMatchObject({ type: FailureTypes.CarrierConfiguration });
    await expect(carrier.validateAddress(address)).rejects.toMatchObject({ type: FailureTypes.CarrierConfiguration });
    await expect(carrier.createShipment({} as never)).rejects.toMatchObject({ type: FailureTypes.InvalidAddress });
    expect(await value(metrics, 'rf_carrier_configuration_errors_total')).toEqual([{ labels: { operation: 'validateAddress' }, value: 2 }]);
    expect(logged).toHaveLength(2);
    expect(logged[0]?.[1]).toMatch(/carrier refuses the API credentials/);
    await expect(health.check()).rejects.toThrow(/^carrier failing since 2026-11-29T12:00:00.000Z: it refuses the API credentials \(2 refusals\)/);
    refuse = false;
    await carrier.validateAddress(address);
    await expect(health.check()).resolves.toBeUndefined();
  });
});

describe('instrumentActivities', () => {
  it('counts sent and refused emails, not retries that find the email already sent', async () => {
    const metrics = createProductMetrics('test');
    const outcomes = ['sent', 'already-sent', 'rejected', 'unconfirmed'];
    const activities = instrumentActivities({
      sendCustomerEmail: async () => {
        const status = outcomes.shift();
        if (!status) throw new Error('smtp down');
        return { status };
      },
    } as unknown as ClaimActivities, metrics);
    const input = { claimId: 'RC-1', kind: 'replacement-shipped', sequence: 1, to: 'a@b.c', data: {} } as const;
    for (let i = 0; i < 4; i += 1) await activities.sendCustomerEmail(input);
    await expect(activities.sendCustomerEmail(input)).rejects.toThrow('smtp down');
    expect(await value(metrics, 'rf_emails_sent_total')).toEqual([{ labels: { kind: 'replacement-shipped' }, value: 1 }]);
    expect(await value(metrics, 'rf_emails_failed_total')).toEqual([
      { labels: { kind: 'replacement-shipped', reason: 'rejected' }, value: 1 },
      { labels: { kind: 'replacement-shipped', reason: 'unconfirmed' }, value: 1 },
      { labels: { kind: 'replacement-shipped', reason: 'attempt-error' }, value: 1 },
    ]);
  });

  it('passes results and errors of other activities through unchanged', async () => {
    const activities = instrumentActivities({
      reserveUnit: async (input: { claimId: string }) => ({ unitId: `u-${input.claimId}` }),
      releaseUnit: async () => { throw new Error('db down'); },
    } as unknown as ClaimActivities, createProductMetrics('test'));
    expect(await activities.reserveUnit({ claimId: 'RC-1', model: 'T54W' })).toEqual({ unitId: 'u-RC-1' });
    await expect(activities.releaseUnit({ claimId: 'RC-1' })).rejects.toThrow('db down');
  });
});
