/**
 * One HTTP call of a provisioning adapter, retried with backoff inside the attempt: a network error, a timeout, 408,
 * 429 (after its `Retry-After`, capped) or a 5xx is tried again, then reported as transient (Temporal retries the
 * activity); another 4xx is a final refusal with the server's words for support; 2xx (and the codes the caller
 * accepts, e.g. 404 for a delete) is done.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../domain/failures';
import { ProvisioningTransientError, provisioningRefusal } from './errors';

/** How to send, and what counts as done. */
export interface HttpCallOptions {
  what: string;
  url: string;
  method: 'POST' | 'PUT' | 'DELETE';
  /** Headers of each try (a signature is made per try). */
  headers: () => Record<string, string>;
  body?: string;
  /** Status codes besides 2xx that mean done. */
  alsoDone?: number[];
  tries?: number;
  timeoutMs?: number;
  /** First wait between tries (doubles). */
  backoffMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's answer in at most 200 characters, for logs and support. */
async function answerOf(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim().replace(/\s+/g, ' ');
  return text ? `${response.status}: ${text.slice(0, 200)}` : String(response.status);
}

/** Sends the call (see the module comment). */
export async function callWithRetries(options: HttpCallOptions): Promise<void> {
  const tries = options.tries ?? 3;
  let wait = options.backoffMs ?? 500;
  let lastProblem = '';
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    try {
      const response = await fetch(options.url, {
        method: options.method, headers: options.headers(), ...(options.body !== undefined ? { body: options.body } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (response.ok || options.alsoDone?.includes(response.status)) {
        await response.arrayBuffer().catch(() => undefined);
        return;
      }
      const answer = await answerOf(response);
      if (response.status < 500 && response.status !== 408 && response.status !== 429) {
        throw provisioningRefusal(`${options.what} was refused (HTTP ${answer})`, FailureTypes.ProvisioningRejected);
      }
      lastProblem = `HTTP ${answer}`;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(retryAfter * 1000, 10_000);
    } catch (error) {
      if (!(error instanceof Error) || error instanceof ApplicationFailure) throw error;
      lastProblem = error.name === 'TimeoutError' ? 'no answer in time' : (error.cause as Error | undefined)?.message ?? error.message;
    }
    if (attempt < tries) await sleep(wait);
    wait *= 2;
  }
  throw new ProvisioningTransientError(`${options.what} failed: ${lastProblem} (tried ${tries} times)`);
}
