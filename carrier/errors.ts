/** Maps Shippo SDK failures to Temporal-ready errors: typed non-retryable failures or retryable ones. */
import { ApplicationFailure } from '@temporalio/common';
import { ShippoError } from 'shippo/models/errors/shippoerror';
import { ResponseValidationError } from 'shippo/models/errors/responsevalidationerror';
import { SDKValidationError } from 'shippo/models/errors/sdkvalidationerror';
import { HTTPClientError, InvalidRequestError } from 'shippo/models/errors/httpclienterrors';
import { FailureTypes, type FailureType, type RefusalDetails } from '../domain/failures';

/** Failure type of a retryable carrier fault (rate limit, outage, timeout). */
export const CarrierTransientType = 'CarrierTransient';

/** How a 4xx other than 401/403/404/429 is to be read for the operation at hand. */
export type BadRequestMeaning = typeof FailureTypes.InvalidAddress | typeof FailureTypes.CarrierRejected;

/** A transient carrier fault; plain retryable error (Temporal retries it with backoff). */
export class CarrierTransientError extends Error {
  /** Makes a retryable error naming the operation and the cause. */
  constructor(message: string) {
    super(message);
    this.name = CarrierTransientType;
  }
}

const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** Seconds to wait from a `Retry-After` header (delta seconds or HTTP date); default 30 s when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: Date = new Date()): number {
  if (!header) return DEFAULT_RETRY_AFTER_SECONDS;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** The carrier's human message from an error body (`detail`, `messages[].text`, or field errors), else the raw body. */
export function carrierMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      if (typeof record.detail === 'string') return record.detail;
      const parts = Object.entries(record).map(([field, value]) => `${field}: ${describe(value)}`);
      if (parts.length > 0) return parts.join('; ');
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 300) || '(empty body)';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.map(describe).join(', ');
  if (value && typeof value === 'object') {
    const text = (value as Record<string, unknown>).text;
    return typeof text === 'string' ? text : JSON.stringify(value);
  }
  return String(value);
}

function nonRetryable(message: string, type: FailureType): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

/** A final carrier refusal: the technical message (logs) plus the reason in plain words for support (`RefusalDetails`). */
export function carrierRefusal(message: string, type: FailureType, reason: string): ApplicationFailure {
  const details: RefusalDetails = { reason };
  return ApplicationFailure.create({ message, type, nonRetryable: true, details: [details] });
}

/** How support reads a 4xx of each meaning. */
const refusedBecause: Record<BadRequestMeaning, string> = {
  [FailureTypes.InvalidAddress]: 'The carrier refused the ship-to address',
  [FailureTypes.CarrierRejected]: 'The carrier refused the shipment',
};

/** Translates any error thrown by a Shippo SDK call during `operation` into the error the activity should throw. */
export function mapCarrierError(error: unknown, operation: string, badRequest: BadRequestMeaning): Error {
  if (error instanceof ApplicationFailure || error instanceof CarrierTransientError) return error;
  if (error instanceof ResponseValidationError) {
    return nonRetryable(`Shippo ${operation}: response did not match the API schema: ${error.message}`, FailureTypes.InvalidData);
  }
  if (error instanceof SDKValidationError) {
    return nonRetryable(`Shippo ${operation}: request rejected by the SDK before sending: ${error.message}`, FailureTypes.InvalidData);
  }
  if (error instanceof ShippoError) return mapHttpError(error, operation, badRequest);
  if (error instanceof InvalidRequestError) {
    return nonRetryable(`Shippo ${operation}: the SDK could not build the request: ${error.message}`, FailureTypes.InvalidData);
  }
  if (error instanceof HTTPClientError) {
    // Timeout, connection refused/reset, aborted, or an unexpected transport failure: the outcome is unknown, retry.
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return new CarrierTransientError(`Shippo ${operation}: ${error.name}: ${error.message}${cause}`);
  }
  return error instanceof Error ? error : new Error(`Shippo ${operation}: ${String(error)}`);
}

function mapHttpError(error: ShippoError, operation: string, badRequest: BadRequestMeaning): Error {
  const status = error.statusCode;
  const detail = carrierMessage(error.body);
  if (status === 401 || status === 403) {
    return carrierRefusal(
      `Shippo ${operation}: HTTP ${status}: the API token was refused (${detail}). ` +
        'Check SHIPPO_API_TOKEN (a shippo_test_… or shippo_live_… token) and the Shippo account set-up.',
      FailureTypes.CarrierConfiguration,
      'The carrier refuses the product\'s API credentials (an operations matter: SHIPPO_API_TOKEN or the Shippo account)',
    );
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(error.headers.get('retry-after'));
    return ApplicationFailure.create({
      message: `Shippo ${operation}: HTTP 429 rate limited; retrying after ${seconds}s`,
      type: CarrierTransientType,
      nonRetryable: false,
      nextRetryDelay: `${seconds}s`,
    });
  }
  if (status >= 500 || status === 408) {
    return new CarrierTransientError(`Shippo ${operation}: HTTP ${status}: ${detail}`);
  }
  return carrierRefusal(`Shippo ${operation}: HTTP ${status}: ${detail}`, badRequest, `${refusedBecause[badRequest]}: ${detail}`);
}
