import { ApplicationFailure } from '@temporalio/common';
import { SDKError } from 'shippo/models/errors/sdkerror';
import { RequestTimeoutError } from 'shippo/models/errors/httpclienterrors';
import { CarrierTransientError, carrierMessage, mapCarrierError, retryAfterSeconds } from '../../../carrier/errors';
import { FailureTypes } from '../../../domain/failures';

function sdkError(status: number, body: string, headers: Record<string, string> = {}): SDKError {
  const response = new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
  return new SDKError('API error occurred', { response, request: new Request('https://api.goshippo.com/transactions'), body });
}

describe('carrier error mapping (unit)', () => {
  it('reads Retry-After as seconds or an HTTP date, defaulting to 30 s', () => {
    expect(retryAfterSeconds('12')).toBe(12);
    expect(retryAfterSeconds('Sun, 29 Nov 2026 17:00:10 GMT', new Date('2026-11-29T17:00:00Z'))).toBe(10);
    expect(retryAfterSeconds(null)).toBe(30);
    expect(retryAfterSeconds('soon')).toBe(30);
  });

  it('extracts the carrier message from detail, field errors or raw text', () => {
    expect(carrierMessage('{"detail":"Invalid token."}')).toBe('Invalid token.');
    expect(carrierMessage('{"rate":["Invalid rate."],"messages":[{"text":"a"}]}')).toBe('rate: Invalid rate.; messages: a');
    expect(carrierMessage('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
  });

  it('maps status codes to typed failures', () => {
    expect(mapCarrierError(sdkError(403, '{"detail":"Forbidden"}'), 'x', FailureTypes.CarrierRejected)).toMatchObject({ type: FailureTypes.CarrierConfiguration, nonRetryable: true });
    expect(mapCarrierError(sdkError(400, '{"zip":["bad"]}'), 'x', FailureTypes.InvalidAddress)).toMatchObject({ type: FailureTypes.InvalidAddress, nonRetryable: true });
    expect(mapCarrierError(sdkError(422, '{}'), 'x', FailureTypes.CarrierRejected)).toMatchObject({ type: FailureTypes.CarrierRejected });
    const limited = mapCarrierError(sdkError(429, '{}', { 'retry-after': '4' }), 'x', FailureTypes.CarrierRejected);
    expect(limited).toBeInstanceOf(ApplicationFailure);
    expect(limited).toMatchObject({ nonRetryable: false, nextRetryDelay: '4s' });
    expect(mapCarrierError(sdkError(503, 'down'), 'x', FailureTypes.CarrierRejected)).toBeInstanceOf(CarrierTransientError);
    expect(mapCarrierError(new RequestTimeoutError('timed out'), 'x', FailureTypes.CarrierRejected)).toBeInstanceOf(CarrierTransientError);
  });
});
