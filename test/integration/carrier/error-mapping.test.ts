/** Error mapping with the real SDK against the sandbox's real HTTP faults: 400, 401, 429 + Retry-After, 500, timeout. */
import { ApplicationFailure } from '@temporalio/common';
import { CarrierTransientError } from '../../../carrier/errors';
import { createShippoCarrier } from '../../../carrier/shippo-adapter';
import { FailureTypes } from '../../../domain/failures';
import { customer, startSandboxCarrier, warehouse, type SandboxCarrier } from './fixtures';

let env: SandboxCarrier;
beforeAll(async () => {
  env = await startSandboxCarrier({ timeoutMs: 400 });
});
afterEach(() => env.sandbox.setFaults({}));
afterAll(async () => {
  await env.sandbox.close();
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => {
    throw new Error('expected a failure');
  }, (error: unknown) => error);
}

describe('carrier error mapping', () => {
  it('400 on shipment creation → non-retryable InvalidAddress naming the field', async () => {
    const failure = await failureOf(env.carrier.createShipment({ leg: 'outbound', customer: { ...customer, country: 'USA' }, reference: 'e-400' }));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureTypes.InvalidAddress, nonRetryable: true });
    expect((failure as Error).message).toContain('HTTP 400: address_to: {"country":["Must be an ISO 3166-1 alpha-2 country code."]}');
  });

  it('400 on label purchase → non-retryable CarrierRejected', async () => {
    const rate = { rateId: 'no-such-rate', shipmentId: 's', carrier: 'USPS', serviceLevel: 'usps_priority', serviceName: 'Priority', amount: '1', currency: 'USD' };
    await expect(env.carrier.buyLabel(rate, 'e-400b')).rejects.toMatchObject({ type: FailureTypes.CarrierRejected, nonRetryable: true });
  });

  it('401 → non-retryable CarrierConfiguration with a message that says what to fix', async () => {
    const wrong = createShippoCarrier({ apiToken: 'shippo_test_not_the_right_one', serverURL: env.sandbox.url, warehouse });
    const failure = await failureOf(wrong.validateAddress(customer));
    expect(failure).toMatchObject({ type: FailureTypes.CarrierConfiguration, nonRetryable: true });
    expect((failure as Error).message).toMatch(/HTTP 401: the API token was refused \(Invalid token\.\)\. Check SHIPPO_API_TOKEN/);
  });

  it('429 → retryable ApplicationFailure whose nextRetryDelay honours Retry-After', async () => {
    env.sandbox.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const failure = await failureOf(env.carrier.validateAddress(customer));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: false, nextRetryDelay: '7s' });
    await expect(env.carrier.validateAddress(customer)).resolves.toMatchObject({ valid: true });
  });

  it('500 → retryable transient error (the next call succeeds)', async () => {
    env.sandbox.setFaults({ rate500: 1 });
    const failure = await failureOf(env.carrier.createShipment({ leg: 'outbound', customer, reference: 'e-500' }));
    expect(failure).toBeInstanceOf(CarrierTransientError);
    expect((failure as Error).message).toContain('HTTP 500');
    await expect(env.carrier.createShipment({ leg: 'outbound', customer, reference: 'e-500' })).resolves.toMatchObject({ rates: expect.any(Array) });
  });

  it('timeout → retryable transient error naming the timeout', async () => {
    env.sandbox.setFaults({ latencyMs: 1_000 });
    const failure = await failureOf(env.carrier.readTracking('shippo', 'SHIPPO_TRANSIT'));
    expect(failure).toBeInstanceOf(CarrierTransientError);
    expect((failure as Error).message).toMatch(/RequestTimeoutError/);
  });

  it('dropped connection → retryable transient error', async () => {
    const quote = await env.carrier.createShipment({ leg: 'outbound', customer, reference: 'e-drop' });
    env.sandbox.setFaults({ dropAfterCommit: 1 });
    const failure = await failureOf(env.carrier.buyLabel(quote.rates[0]!, 'e-drop'));
    expect(failure).toBeInstanceOf(CarrierTransientError);
    expect((failure as Error).message).toMatch(/ConnectionError|UnexpectedClientError/);
    expect(env.sandbox.labels().filter((label) => label.rate === quote.rates[0]!.rateId)).toHaveLength(1);
  });
});
