/**
 * Drives one claim to its scenario's end while servers and the worker come and go: every step reads the claim's
 * state first and is skipped once applied, and every call is retried (with a time limit) until it goes through.
 */
import type { Client } from '@temporalio/client';
import { openClaim } from '../../client/claims';
import { claimWorkflowId } from '../../domain/ids';
import type { ClaimPolicy } from '../../domain/policy';
import type { ClaimStatus } from '../../domain/types';
import { isTerminalStatus } from '../../domain/status';
import type { ShippoSandbox } from '../../sandbox/shippo/server';
import { cancelClaimUpdate, claimStateQuery, completeShipmentUpdate, recordReturnReceiptUpdate, type ClaimState } from '../../workflows/messages';
import { claimRequestFor, fleetMac } from '../../bench/fleet';
import type { replacementClaim } from '../../workflows/replacement-claim';

/** What happens to a claim, and the terminal status it must reach. */
export type Scenario = 'returned' | 'cancelled' | 'unreturned';
/** The terminal status each scenario must end in. */
export const expectedStatus: Record<Scenario, ClaimStatus> = { returned: 'closed', cancelled: 'cancelled', unreturned: 'closed-unreturned' };

/** Policies: long days (no timer fires while faults slow the steps) except for the unreturned claims. */
const policies: Record<Scenario, Partial<ClaimPolicy>> = {
  returned: { dayLengthMs: 3_600_000 },
  cancelled: { dayLengthMs: 3_600_000 },
  unreturned: { dayLengthMs: 300 },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a rejection after `ms` (the call itself is left to finish or fail on its own). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One claim under test. */
export interface DrivenClaim {
  index: number;
  mac: string;
  scenario: Scenario;
  workflowId: string;
  claimId?: string;
  final?: ClaimState;
  /** The last status seen (for a claim that did not finish). */
  lastStatus?: ClaimStatus;
  error?: string;
}

/** Drives claim `index` (device `mac`) through `scenario` until terminal or `deadline` (epoch ms). */
export async function driveClaim(client: Client, sandbox: ShippoSandbox, claim: DrivenClaim, deadline: number): Promise<void> {
  const { mac, scenario } = claim;
  const handle = client.workflow.getHandle<typeof replacementClaim>(claimWorkflowId(mac));
  const attempt = async <T>(what: string, call: () => Promise<T>, ms = 15_000): Promise<T | undefined> => {
    try {
      return await within(call(), ms, what);
    } catch {
      return undefined;
    }
  };
  while (!claim.claimId && Date.now() < deadline) {
    const opened = await attempt('open', () => openClaim(client, 'faults', claimRequestFor(mac), { policy: policies[scenario] }));
    if (opened) claim.claimId = opened.claimId;
    else await sleep(1_000);
  }
  let lastPlayed = 0;
  while (Date.now() < deadline) {
    const state = await attempt('query', () => handle.query(claimStateQuery), 10_000);
    if (!state) {
      await sleep(1_000);
      continue;
    }
    claim.lastStatus = state.status;
    if (isTerminalStatus(state.status)) {
      // The status turns terminal before the closing steps (void, last email) run: judge the completed workflow.
      const final = await attempt('result', () => handle.result(), Math.max(1_000, Math.min(60_000, deadline - Date.now())));
      if (final) {
        claim.final = final;
        return;
      }
      continue;
    }
    const replay = Date.now() - lastPlayed > 8_000;
    if (state.status === 'awaiting-shipment' && scenario === 'cancelled') {
      await attempt('cancel', () => handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'fault suite', cancelledBy: 'faults' }] }), 30_000);
    } else if (state.status === 'awaiting-shipment' && !state.handedOverAt) {
      await attempt('hand over', () => handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: fleetMac(0x77, claim.index), completedBy: 'faults' }] }), 30_000);
    } else if (state.status === 'shipped' && replay && state.legs.outbound.label) {
      lastPlayed = Date.now();
      await attempt('outbound tracking', () => sandbox.playTracking(state.legs.outbound.label!.trackingNumber, ['TRANSIT', 'DELIVERED']));
    } else if (state.status === 'delivered' && scenario === 'returned' && replay && state.legs.return.label) {
      lastPlayed = Date.now();
      await attempt('return tracking', () => sandbox.playTracking(state.legs.return.label!.trackingNumber, ['TRANSIT']));
    } else if (state.status === 'return-in-transit' && !state.returnReceipt) {
      await attempt('receipt', () => handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: mac, condition: 'defect confirmed', receivedBy: 'faults' }] }), 30_000);
    }
    await sleep(500);
  }
  claim.error = `not terminal by the deadline (last status ${claim.lastStatus ?? 'unknown'})`;
}
