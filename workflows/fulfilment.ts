/** Step 2: reserve a unit (back-order wait with escalation) and buy both labels (refusals go to support, credentials to operations). */
import { backorderEscalationAt, slaDueAt } from '../domain/deadlines';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FailureTypes, type RefusalDetails } from '../domain/failures';
import { durationMs, formatDuration } from '../domain/policy';
import type { LabelRecord, LegKind } from '../domain/types';
import { carrier, database } from './activity-presets';
import { errorMessage, typedFailure, type ClaimRun } from './claim-context';

/** Reserves a grade-A unit of the device's model (or a similar one), waiting for restock when none is in stock. */
export async function reserveReplacement(run: ClaimRun): Promise<void> {
  const model = run.state.model;
  if (!model) throw new Error('reserveReplacement: no model (neither the registry nor the supervisor gave one)');
  let unit = await database.reserveUnit({ claimId: run.state.claimId, model, ...(run.fewerWrites ? { neverWaited: true } : {}) });
  run.checkpoint();
  if (!unit) {
    const escalateAt = backorderEscalationAt(Date.now(), run.policy);
    await run.setStatus('backordered', `No grade-A ${model} (or similar) in stock; waiting for restock`, {
      nextDeadline: { kind: 'backorder-escalation', at: new Date(escalateAt).toISOString() },
    });
    let escalated = false;
    while (!unit) {
      const restocksSeen = run.inbox.restocks;
      const retryIn = durationMs(run.policy.backorderRetryEvery, run.policy);
      const wakeIn = escalated ? retryIn : Math.min(retryIn, escalateAt - Date.now());
      await run.waitFor(() => run.inbox.restocks > restocksSeen, wakeIn);
      if (!escalated && Date.now() >= escalateAt) {
        escalated = true;
        await run.record('backorder-escalated', `Still no ${model} in stock after the back-order period; escalated to support`, {
          flags: { escalated: true }, nextDeadline: null,
        });
        await run.openTask('backorder-escalation', slaDueAt(Date.now(), run.policy.backorderTaskSla, run.policy), `Claim back-ordered since ${run.state.timeline.find((e) => e.key === 'status-backordered')?.at}: find a ${model} or similar unit`);
      }
      unit = await database.reserveUnit({ claimId: run.state.claimId, model });
      run.checkpoint();
    }
    await run.closeTask('backorder-escalation', 'restocked');
  }
  run.state.unit = unit;
  await run.record('unit-reserved', `Reserved unit ${unit.unitId} (${unit.model}${unit.sameModel ? '' : ', similar model'})`, { unit });
}

/** How long the claim has been waiting for the carrier to take the product's credentials again. */
interface CarrierWait {
  outages: number;
  waiting: boolean;
}

/**
 * Buys the outbound label, then the return label on the same carrier; refusals go to support, or wait for operations.
 * Under the fewer-round-trips patch the reservation before it is projected with the labels (every wait projects first).
 * Under the labels-together patch a claim with neither label buys both with one activity first.
 */
export async function buyLabels(run: ClaimRun): Promise<void> {
  const carrierWait: CarrierWait = { outages: 0, waiting: false };
  if (run.labelsTogether && !run.state.legs.outbound.label && !run.state.legs.return.label) await buyBothLabels(run, carrierWait);
  for (const leg of ['outbound', 'return'] as LegKind[]) {
    while (!run.state.legs[leg].label) {
      try {
        run.labelPurchasesStarted.add(leg);
        const label = await run.interruptible(() => carrier.buyLabel({
          claimId: run.state.claimId, leg, shipTo: run.state.shipTo,
          ...(leg === 'return' ? { carrier: run.state.legs.outbound.label?.carrier } : {}),
        }), { project: !run.fewerRoundTrips && !(leg === 'return' && run.fewerWrites) });
        await recordLabel(run, label);
        carrierWait.waiting = false;
      } catch (err) {
        await routeLabelRefusal(run, err, leg, carrierWait);
      }
      run.checkpoint();
    }
  }
}

/** Both labels with one activity (LABELS_TOGETHER_PATCH); a refusal is routed as the outbound's, and the per-leg loop goes on after it. */
async function buyBothLabels(run: ClaimRun, carrierWait: CarrierWait): Promise<void> {
  try {
    run.labelPurchasesStarted.add('outbound');
    run.labelPurchasesStarted.add('return');
    const pair = await run.interruptible(() => carrier.buyLabelPair({ claimId: run.state.claimId, shipTo: run.state.shipTo }), { project: false });
    await recordLabel(run, pair.outbound);
    if (pair.return) await recordLabel(run, pair.return);
  } catch (err) {
    await routeLabelRefusal(run, err, 'outbound', carrierWait);
  }
  run.checkpoint();
}

async function recordLabel(run: ClaimRun, label: LabelRecord): Promise<void> {
  run.state.legs[label.leg].label = label;
  await run.record(`label-${label.leg}`, `Bought the ${label.leg} label: ${label.carrier} ${label.trackingNumber}`, { label });
}

/** A typed carrier refusal of `leg`'s label: credentials wait for operations (when routed), anything else goes to support; else rethrown. */
async function routeLabelRefusal(run: ClaimRun, err: unknown, leg: LegKind, carrierWait: CarrierWait): Promise<void> {
  const refusal = typedFailure(err);
  if (!refusal) throw err;
  if (run.carrierFailuresRouted && refusal === FailureTypes.CarrierConfiguration) {
    if (!carrierWait.waiting) {
      carrierWait.outages += 1;
      carrierWait.waiting = true;
      await run.record(`carrier-unavailable-${carrierWait.outages}`, `The ${leg} label cannot be bought yet: the carrier refuses the product's API credentials. `
        + `Operations are alerted; nothing for support to do. The claim tries again every ${formatDuration(run.policy.carrierRetryEvery)} and continues by itself.`);
    }
    await run.waitFor(() => false, durationMs(run.policy.carrierRetryEvery, run.policy));
  } else {
    await awaitAddressFix(run, refusal, refusalReason(err));
  }
}

/** The reason a carrier refusal gives support in plain words (`RefusalDetails`), else the failure's own message. */
export function refusalReason(err: unknown): string {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  const details = failure instanceof ApplicationFailure ? (failure.details?.[0] as Partial<RefusalDetails> | undefined) : undefined;
  return typeof details?.reason === 'string' && details.reason.trim() ? details.reason : errorMessage(err);
}

/** Puts the claim in `address-problem`, opens a fix-address task for support with the carrier's reason, and waits for the address. */
async function awaitAddressFix(run: ClaimRun, refusal: string, reason: string): Promise<void> {
  const attempt = run.inbox.addressCorrections + 1;
  const invalidAddress = refusal === FailureTypes.InvalidAddress;
  const what = invalidAddress ? 'The carrier says the ship-to address is not deliverable' : 'The carrier refused the label';
  const todo = invalidAddress
    ? 'Correct the ship-to address (or cancel the claim).'
    : 'Sort it out with the customer (or the carrier), then send the ship-to address again, corrected if needed, to retry; or cancel the claim.';
  await run.openTask('fix-address', slaDueAt(Date.now(), run.policy.addressFixTaskSla, run.policy), `${what}: ${reason}. ${todo}`);
  await run.setStatus('address-problem', `${what}: ${reason}`, { key: `address-problem-${attempt}`, ...(invalidAddress ? {} : { flags: { escalated: true } }) });
  await run.waitFor(() => run.inbox.addressCorrections >= attempt);
  await run.closeTask('fix-address', 'corrected');
  await run.record(`address-corrected-${attempt}`, `Ship-to address corrected; buying the label again`, {
    shipTo: run.state.shipTo, ...(run.inbox.addressCorrectedBy ? { actor: run.inbox.addressCorrectedBy } : {}),
  });
}
