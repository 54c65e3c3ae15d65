/** The carrier port over the official Shippo SDK (v2): real Shippo with a `shippo_…` token, or the local sandbox. */
import { ApplicationFailure } from '@temporalio/common';
import { Shippo } from 'shippo';
import type { ParcelCreateRequest } from 'shippo/models/components';
import type { PostalAddress } from '../domain/types';
import { FailureTypes } from '../domain/failures';
import { carrierRefusal, CarrierTransientError, mapCarrierError, type BadRequestMeaning } from './errors';
import type { CarrierPort, PurchasedLabel, RateOption, ShipmentRequest } from './port';
import {
  carrierToken,
  messageTexts,
  toPurchasedLabel,
  toRateOption,
  toShippoAddress,
  toTrackingSnapshot,
  transactionRateId,
} from './shippo-mapping';

/** Parcel dimensions of a boxed VoIP phone, in inches and pounds. */
export interface ParcelSize {
  lengthIn: number;
  widthIn: number;
  heightIn: number;
  weightLb: number;
}

/** Everything the Shippo adapter needs. */
export interface ShippoAdapterConfig {
  /** `shippo_test_…` / `shippo_live_…` for Shippo (the SDK adds the `ShippoToken ` prefix), any token for the sandbox. */
  apiToken: string;
  /** Base URL; omit for api.goshippo.com, or the sandbox's URL. */
  serverURL?: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Where replacements ship from and returns go to. */
  warehouse: PostalAddress;
  /** Default: 9 × 7 × 4 in, 3 lb. */
  parcel?: ParcelSize;
}

const DEFAULT_PARCEL: ParcelSize = { lengthIn: 9, widthIn: 7, heightIn: 4, weightLb: 3 };
const NO_RETRIES = { strategy: 'none' } as const;

function toParcel(size: ParcelSize): ParcelCreateRequest {
  return {
    length: String(size.lengthIn),
    width: String(size.widthIn),
    height: String(size.heightIn),
    distanceUnit: 'in',
    weight: String(size.weightLb),
    massUnit: 'lb',
  };
}

/** Builds the Shippo SDK client. SDK retries are off: Temporal's activity retry is the one retry layer. */
export function createShippoClient(config: Pick<ShippoAdapterConfig, 'apiToken' | 'serverURL' | 'timeoutMs'>): Shippo {
  return new Shippo({
    apiKeyHeader: config.apiToken,
    ...(config.serverURL ? { serverURL: config.serverURL } : {}),
    timeoutMs: config.timeoutMs ?? 30_000,
    retryConfig: NO_RETRIES,
  });
}

/** Creates the Shippo-backed carrier port. */
export function createShippoCarrier(config: ShippoAdapterConfig, client: Shippo = createShippoClient(config)): CarrierPort {
  const parcel = toParcel(config.parcel ?? DEFAULT_PARCEL);
  const warehouse = toShippoAddress(config.warehouse);

  async function call<T>(operation: string, badRequest: BadRequestMeaning, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapCarrierError(error, operation, badRequest);
    }
  }

  return {
    async validateAddress(address) {
      const created = await call('address validation', FailureTypes.InvalidAddress, () =>
        client.addresses.create({ ...toShippoAddress(address), validate: true }),
      );
      const results = created.validationResults;
      return { valid: results?.isValid ?? true, messages: messageTexts(results?.messages) };
    },

    async createShipment(request: ShipmentRequest) {
      const shipment = await call('shipment creation', FailureTypes.InvalidAddress, () =>
        client.shipments.create({
          addressFrom: warehouse,
          addressTo: toShippoAddress(request.customer),
          parcels: [parcel],
          async: false,
          metadata: request.reference,
          // Shippo swaps the addresses of a return shipment itself: customer → warehouse, scan-based.
          ...(request.leg === 'return' ? { extra: { isReturn: true } } : {}),
        }),
      );
      return { shipmentId: shipment.objectId, rates: shipment.rates.map(toRateOption), messages: messageTexts(shipment.messages) };
    },

    async findLabelForRate(rate: RateOption) {
      const page = await call('transaction lookup', FailureTypes.CarrierRejected, () =>
        client.transactions.list({ rate: rate.rateId, results: 100 }),
      );
      const forRate = (page.results ?? []).filter((transaction) => transactionRateId(transaction) === rate.rateId);
      const bought = forRate.find((transaction) => transaction.status !== undefined && transaction.status !== 'ERROR' &&
        transaction.status !== 'QUEUED' && transaction.status !== 'WAITING');
      if (bought) return requireLabel(toPurchasedLabel(bought, rate), 'transaction lookup');
      if (forRate.some((transaction) => transaction.status === 'QUEUED' || transaction.status === 'WAITING')) {
        throw new CarrierTransientError(`Shippo purchase for rate ${rate.rateId} is still in progress`);
      }
      return null;
    },

    async buyLabel(rate: RateOption, reference: string) {
      const transaction = await call('label purchase', FailureTypes.CarrierRejected, () =>
        client.transactions.create(
          { rate: rate.rateId, async: false, labelFileType: 'PDF_4x6', metadata: reference },
          { retries: NO_RETRIES },
        ),
      );
      if (transaction.status === 'ERROR') {
        const reasons = messageTexts(transaction.messages).join('; ') || 'no reason given';
        throw carrierRefusal(`Shippo refused the label for rate ${rate.rateId}: ${reasons}`, FailureTypes.CarrierRejected, reasons);
      }
      if (transaction.status !== 'SUCCESS') {
        throw new CarrierTransientError(`Shippo label purchase for rate ${rate.rateId} is ${transaction.status ?? 'without status'}`);
      }
      return requireLabel(toPurchasedLabel(transaction, rate), 'label purchase');
    },

    async voidLabel(transactionId: string) {
      const refund = await call('label void', FailureTypes.CarrierRejected, () =>
        client.refunds.create({ transaction: transactionId, async: false }),
      );
      if (!refund.objectId || !refund.status) {
        throw ApplicationFailure.nonRetryable(`Shippo refund of ${transactionId} came back without id or status`, FailureTypes.InvalidData);
      }
      return { refundId: refund.objectId, status: refund.status };
    },

    async readRefundState(transactionId: string) {
      const transaction = await call('label lookup', FailureTypes.CarrierRejected, () => client.transactions.get(transactionId));
      switch (transaction.status) {
        case 'REFUNDPENDING':
          return 'pending';
        case 'REFUNDED':
          return 'refunded';
        case 'REFUNDREJECTED':
          return 'rejected';
        default:
          return 'none';
      }
    },

    async registerTracking(carrier: string, trackingNumber: string, reference?: string) {
      await call('tracking registration', FailureTypes.CarrierRejected, () =>
        client.trackingStatus.create({ carrier: carrierToken(carrier), trackingNumber, ...(reference ? { metadata: reference } : {}) }),
      );
    },

    async readTracking(carrier: string, trackingNumber: string) {
      const track = await call('tracking read', FailureTypes.CarrierRejected, () =>
        client.trackingStatus.get(trackingNumber, carrierToken(carrier)),
      );
      return toTrackingSnapshot(track);
    },
  };
}

function requireLabel(label: PurchasedLabel | null, operation: string): PurchasedLabel {
  if (label) return label;
  throw ApplicationFailure.nonRetryable(
    `Shippo ${operation}: successful transaction lacks object_id, tracking_number or label_url`,
    FailureTypes.InvalidData,
  );
}
