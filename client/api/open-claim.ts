/**
 * Opening a replacement, shared by `POST /claims` and the console's form: read the device's registry record, start the
 * claim's workflow (or find the device's open claim) and log it. The answer comes at the claim's start, with its first
 * decision and the customer page's token, before its read model exists (the workflow creates it straight after):
 * `POST /claims` answers at once (a read of the claim through this process then waits for it: recent-openings.ts),
 * the console's form waits for the read model (`awaitReadModel`) since it sends the browser to the claim's page. A
 * claim opened by older code without a token is waited for briefly, so its page address can be given.
 */
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from 'mongodb';
import type { PolicySource } from '../../config/policy';
import { findClaimDoc } from '../../data/claims';
import { deviceLookupOf } from '../../data/devices';
import type { DeviceLookup } from '../../domain/claim-view';
import type { ClaimRequest } from '../../domain/types';
import { openClaim } from '../claims';
import type { Caller } from './api-keys';
import { rememberOpening } from './recent-openings';
import { maskEmail } from './redact';

/** What opening a claim needs. */
export interface OpenClaimDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  publicBaseUrl: string;
  log: FastifyBaseLogger;
  clock: () => Date;
  /** The policy a claim opened now starts with (config/policy.ts); unset: the built-in defaults. */
  policy?: PolicySource;
}

/** The answer to opening a claim: the claim, and whether it is new (false: the device's open claim). */
export interface OpenedReplacement {
  claimId: string;
  workflowId: string;
  created: boolean;
  status: string;
  trackingUrl?: string;
}

/** How long an answer waits for a new claim in the read model (its token, or the page it links to) before going on. */
const TOKEN_WAIT_MS = 10_000;

/** The customer page of a tracking token. */
export function trackingUrlOf(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/track/${token}`;
}

/** The claim's tracking token once the claim is in the read model (read every 50 ms), or undefined after `waitMs`. */
async function trackingTokenOf(db: Db, claimId: string, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const claim = await findClaimDoc(db, claimId);
    if (claim || Date.now() >= deadline) return claim?.trackingToken;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The registry's answer for the device, read here so the claim's first workflow task (which answers support) holds
 * no registry read; undefined when the registry cannot be read now (the workflow reads it then, with retries).
 */
async function deviceLookupForOpening(deps: OpenClaimDeps, request: ClaimRequest): Promise<DeviceLookup | undefined> {
  try {
    return await deviceLookupOf(deps.db, request.mac);
  } catch (error) {
    deps.log.warn({ mac: request.mac, err: error }, 'device registry unreadable at opening; the claim reads it itself');
    return undefined;
  }
}

/**
 * Opens a replacement for a validated request (or returns the device's open claim); `awaitReadModel`: answer once
 * the claim's read model exists (for a page that shows the claim next).
 */
export async function openReplacement(deps: OpenClaimDeps, request: ClaimRequest, caller: Caller | null, options: { awaitReadModel?: boolean } = {}): Promise<OpenedReplacement> {
  const now = deps.clock();
  const device = await deviceLookupForOpening(deps, request);
  const opened = await openClaim(deps.temporal, deps.taskQueue, request, {
    now, ...(deps.policy ? { policy: deps.policy.policyAt(now) } : {}), ...(device ? { device } : {}),
  });
  if (opened.created) rememberOpening(opened.claimId, request.mac);
  deps.log.info({ claimId: opened.claimId, created: opened.created, mac: request.mac, email: maskEmail(request.contact.email), by: caller?.name }, 'claim opened');
  const stored = opened.trackingToken === undefined || options.awaitReadModel ? await trackingTokenOf(deps.db, opened.claimId, TOKEN_WAIT_MS) : undefined;
  const token = opened.trackingToken ?? stored;
  return {
    claimId: opened.claimId, workflowId: opened.workflowId, created: opened.created, status: opened.status,
    ...(token ? { trackingUrl: trackingUrlOf(deps.publicBaseUrl, token) } : {}),
  };
}
