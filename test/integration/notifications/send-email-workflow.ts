/** A one-step workflow for the Temporal retry test: calls `sendCustomerEmail` with a fast retry policy. */
import { proxyActivities } from '@temporalio/workflow';
import type { ClaimActivities, SendEmailInput, SendEmailResult } from '../../../activities/contract';

const { sendCustomerEmail } = proxyActivities<Pick<ClaimActivities, 'sendCustomerEmail'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1, maximumAttempts: 5 },
});

/** Sends one customer email through a real activity task, with Temporal's retries. */
export async function sendEmailWorkflow(input: SendEmailInput): Promise<SendEmailResult> {
  return sendCustomerEmail(input);
}
