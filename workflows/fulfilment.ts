/** Step 2: reserve a unit (back-order wait with escalation) and buy both labels (address problems go to support). */
import { backorderEscalationAt, slaDueAt } from '../domain/deadlines';
import { FailureTypes } from '../domain/failures';
import { durationMs } from '../domain/policy';
import type { LegKind } from '../domain/types';
import { carrier, database } from './activity-presets';
import { errorMessage, typedFailure, type ClaimRun } from './claim-context';

/** Reserves a grade-A unit of the device's model (or a similar one), waiting for restock when none is in stock. */
export async function reserveReplacement(run: ClaimRun): Promise<void> {
  const model = run.state.model;
  if (!model) throw new Error('reserveReplacement: no model (neither the registry nor the supervisor gave one)');
  let unit = await database.reserveUnit({ claimId: run.state.claimId, model });
  run.checkpoint();
  if (!unit) {
    const escalateAt = backorderEscalationAt(Date.now(), run.policy);
    await run.setStatus('backordered', `No grade-A ${model} (or similar) in stock; waiting for restock`, {
      nextDeadline: { kind: 'backorder-escalation', at: new Date(escalateAt).toISOString() },
    });
    let escalated = false;
    while (!unit) {
      const restocksSeen = run.restocks;
      const retryIn = durationMs(run.policy.backorderRetryEvery, run.policy);
      const wakeIn = escalated ? retryIn : Math.min(retryIn, escalateAt - Date.now());
      await run.waitFor(() => run.restocks > restocksSeen, wakeIn);
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

/** Buys the outbound label, then the return label on the same carrier; a carrier refusal waits for support's fix. */
export async function buyLabels(run: ClaimRun): Promise<void> {
  for (const leg of ['outbound', 'return'] as LegKind[]) {
    while (!run.state.legs[leg].label) {
      try {
        run.labelPurchasesStarted.add(leg);
        const label = await run.interruptible(() => carrier.buyLabel({
          claimId: run.state.claimId, leg, shipTo: run.state.shipTo,
          ...(leg === 'return' ? { carrier: run.state.legs.outbound.label?.carrier } : {}),
        }));
        run.state.legs[leg].label = label;
        await run.record(`label-${leg}`, `Bought the ${leg} label: ${label.carrier} ${label.trackingNumber}`, { label });
      } catch (err) {
        const refusal = typedFailure(err);
        if (!refusal) throw err;
        await awaitAddressFix(run, refusal, errorMessage(err));
      }
      run.checkpoint();
    }
  }
}

/** Puts the claim in `address-problem`, opens a fix-address task for support and waits for the corrected address. */
async function awaitAddressFix(run: ClaimRun, refusal: string, message: string): Promise<void> {
  const attempt = run.addressCorrections + 1;
  const invalidAddress = refusal === FailureTypes.InvalidAddress;
  const what = invalidAddress ? 'The carrier says the ship-to address is not deliverable' : `The carrier refused the label (${refusal})`;
  await run.openTask('fix-address', slaDueAt(Date.now(), run.policy.addressFixTaskSla, run.policy), `${what}. Correct the ship-to address (or cancel the claim).`);
  await run.setStatus('address-problem', `${what}: ${message}`, invalidAddress ? {} : { flags: { escalated: true } }, `address-problem-${attempt}`);
  await run.waitFor(() => run.addressCorrections >= attempt);
  await run.closeTask('fix-address', 'corrected');
  await run.record(`address-corrected-${attempt}`, `Ship-to address corrected; buying the label again`, { shipTo: run.state.shipTo }, run.addressCorrectedBy);
}
