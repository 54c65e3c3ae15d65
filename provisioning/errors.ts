/** Provisioning failures as Temporal reads them: a typed non-retryable refusal (with the reason for support), or a retryable fault. */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes, type RefusalDetails } from '../domain/failures';

/** A transient provisioning fault (server down, 5xx, timeout): a plain retryable error. */
export class ProvisioningTransientError extends Error {
  override readonly name = 'ProvisioningTransient';
}

/**
 * A final refusal: bad data (no provisioning record, no template for the model) is `InvalidData`, a refusal by the
 * provider's system `ProvisioningRejected`; `reason` is what support reads on its task.
 */
export function provisioningRefusal(reason: string, type: typeof FailureTypes.InvalidData | typeof FailureTypes.ProvisioningRejected = FailureTypes.InvalidData): ApplicationFailure {
  const details: RefusalDetails = { reason };
  return ApplicationFailure.create({ message: reason, type, nonRetryable: true, details: [details] });
}
