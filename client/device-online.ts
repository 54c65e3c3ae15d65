/**
 * `POST /devices/{mac}/online`, framework-agnostic: the provider's provisioning server (or the sandbox) reports that a
 * phone fetched its configuration file. A replacement whose claim is still running is told at once (the
 * `replacementOnline` Signal; the workflow acts on the first and ignores repeats), so the defective MAC is released.
 * Authenticated like the carrier's webhook: a shared secret in `?token=`.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { tokensMatch } from '../carrier/webhook';
import { findClaimDoc } from '../data/claims';
import { findDevice } from '../data/devices';
import { normaliseMac } from '../domain/mac';
import { isTerminalStatus } from '../domain/status';
import { replacementOnlineSignal } from '../workflows/messages';

/** The report: the path's MAC and the query's token. */
export interface DeviceOnlineReport {
  mac: string;
  token: string | undefined;
}

/** What to answer: 200 signalled, 202 nothing to do, 400 bad MAC, 401 wrong token, 503 try again. */
export interface DeviceOnlineAnswer {
  status: 200 | 202 | 400 | 401 | 503;
  body: Record<string, unknown>;
}

/** Builds the handler over the read model and Temporal. */
export function createDeviceOnlineHandler(deps: { client: Client; db: Db; secret: string; clock?: () => Date }) {
  if (deps.secret.length < 16) throw new Error('device online secret: must be at least 16 characters');
  const clock = deps.clock ?? (() => new Date());

  /** Handles one report. Idempotent: a repeated report signals again, and the workflow ignores it. */
  return async function reportDeviceOnline(report: DeviceOnlineReport): Promise<DeviceOnlineAnswer> {
    if (!tokensMatch(report.token, deps.secret)) return { status: 401, body: { error: 'token: missing or wrong' } };
    const parsed = normaliseMac(report.mac);
    if (!parsed.ok) return { status: 400, body: { error: `mac: ${parsed.reason}`, field: 'mac', reason: parsed.reason } };
    const { mac } = parsed;
    const claimId = (await findDevice(deps.db, mac))?.registeredByClaim;
    const claim = claimId ? await findClaimDoc(deps.db, claimId) : null;
    if (!claim) return { status: 202, body: { mac, ignored: 'not a replacement shipped by a claim' } };
    if (isTerminalStatus(claim.status)) return { status: 202, body: { mac, claimId: claim.claimId, ignored: `the claim is ${claim.status}` } };
    try {
      await deps.client.workflow.getHandle(claim.workflowId).signal(replacementOnlineSignal, { mac, at: clock().toISOString() });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return { status: 202, body: { mac, claimId: claim.claimId, ignored: 'the claim has finished' } };
      return { status: 503, body: { error: 'temporarily unable to reach the claim; report again' } };
    }
    return { status: 200, body: { mac, claimId: claim.claimId, signalled: true } };
  };
}
