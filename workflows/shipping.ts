/** Step 3: the shipping department's pick-pack-ship task with its SLA reminder and escalation, then the hand-over. */
import { returnSchedule, shippingEscalationAt, slaDueAt as dueAfter } from '../domain/deadlines';
import { durationMs } from '../domain/policy';
import { database } from './activity-presets';
import type { ClaimRun } from './claim-context';
import { formatEmergencyAddress } from '../domain/emergency-address';
import { checkEmergencyAddress, closeEmergencyCheckAtHandOver } from './provisioning-step';

const iso = (at: number) => new Date(at).toISOString();

/** Opens the shipping task and waits for the hand-over (reminding at the SLA, escalating after); cancel interrupts. */
export async function awaitHandOver(run: ClaimRun): Promise<void> {
  const { request } = run.state;
  const slaDueAt = dueAfter(Date.now(), run.policy.shippingSla, run.policy);
  if (run.identityMoved) await checkEmergencyAddress(run, slaDueAt);
  const summary = `Print both labels, pick unit ${run.state.unit?.unitId} (${run.state.unit?.model}), record its MAC/serial, pack it with the return label, hand it to ${run.state.legs.outbound.label?.carrier}`;
  await run.openTask('pick-pack-ship', slaDueAt, summary);
  await run.setStatus('awaiting-shipment', `Shipping task opened for ext. ${request.extension}, due ${iso(slaDueAt)}`, {
    nextDeadline: { kind: 'shipping-sla', at: iso(slaDueAt) },
  });
  const handedOver = () => run.state.handedOverAt !== undefined;
  if (await run.waitFor(handedOver, slaDueAt - Date.now())) return;

  const escalateAt = shippingEscalationAt(slaDueAt, run.policy);
  await run.openTask('pick-pack-ship', escalateAt, `OVERDUE since ${iso(slaDueAt)}: ${summary}`);
  await run.record('shipping-sla-reminder', `Shipping task is past its SLA (${iso(slaDueAt)}); shipping department reminded`, {
    nextDeadline: { kind: 'shipping-escalation', at: iso(escalateAt) },
  });
  if (await run.waitFor(handedOver, escalateAt - Date.now())) return;

  await run.record('shipping-sla-escalated', `Shipping task still open at ${iso(escalateAt)}; escalated`, {
    flags: { escalated: true }, nextDeadline: null,
  });
  await run.waitFor(handedOver);
}

/** Records the hand-over: the replacement joins the registry, the task closes, the claim is shipped, the customer emailed. */
export async function recordHandOver(run: ClaimRun): Promise<void> {
  const { claimId, request, replacementMac, replacementSerial, unit, handedOverAt } = run.state;
  if (!replacementMac) throw new Error('recordHandOver called before the completeShipment Update');
  const registration = { claimId, originalMac: request.mac, replacementMac, ...(replacementSerial ? { serial: replacementSerial } : {}) };
  if (run.projected) {
    // The model shipped and what to record for a device the registry does not know come from the claim's state.
    const fallback = { accountId: request.accountId, extension: request.extension, purchasedOn: run.state.openedAt.slice(0, 10) };
    const original = run.fewerRoundTrips && run.state.device !== undefined ? { original: run.state.device } : {}; // as the lookup read it
    await database.registerReplacement({ ...registration, ...(unit ?? run.state.model ? { model: unit?.model ?? run.state.model } : {}), fallback, ...original });
    await database.markUnitShipped({ claimId });
  } else {
    await database.registerReplacement(registration);
  }
  await run.closeTask('pick-pack-ship', 'shipped');
  if (run.identityMoved) await closeEmergencyCheckAtHandOver(run);
  const outbound = run.state.legs.outbound.label!;
  await run.setStatus('shipped', `Replacement ${replacementMac} handed to ${outbound.carrier} (${outbound.trackingNumber})`, {
    replacementMac, nextDeadline: null, ...(handedOverAt ? { handedOverAt } : {}), ...(run.inbox.shippedBy ? { actor: run.inbox.shippedBy } : {}),
  });
  const returnWindowDays = Math.floor(durationMs(run.policy.returnWindow, run.policy) / run.policy.dayLengthMs);
  await run.email('replacement-shipped', 1, {
    carrier: outbound.carrier,
    trackingNumber: outbound.trackingNumber,
    trackingUrl: outbound.trackingUrl ?? null,
    returnCarrier: run.state.legs.return.label?.carrier ?? null,
    ...(returnWindowDays >= 1 ? { returnWindowDays } : {}),
    serviceLevel: outbound.serviceLevel,
    returnDeadline: iso(returnSchedule(Date.now(), run.policy).overdueAt),
    ...(run.identityMoved && run.emergencyAddress ? { emergencyAddress: formatEmergencyAddress(run.emergencyAddress) } : {}),
  });
}
