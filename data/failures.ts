/** Maps data-layer errors to Temporal failures: bad data is non-retryable `InvalidData`; anything else is retried. */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../domain/failures';
import { DataValidationError } from './validation';

/** Runs an activity body, turning a `DataValidationError` into a non-retryable `InvalidData` failure. */
export async function failingOnBadData<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DataValidationError) throw ApplicationFailure.nonRetryable(error.message, FailureTypes.InvalidData);
    throw error;
  }
}
