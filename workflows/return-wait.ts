/**
 * Step 4: after hand-over, wait for delivery, then for the defective device to come back: reminders (day 7, 21),
 * overdue (day 30), closed unreturned (day 44); a carrier scan of the return stops them; the receipt closes the claim.
 * The `receive-return` task is opened at delivery (due at the end of the return window) so the shipping department
 * can record a receipt even when the parcel never got a scan.
 */
import { receiveReturnDueAt, returnSchedule } from '../domain/deadlines';
import { isCarrierScan } from '../domain/tracking';
import { compensation } from './activity-presets';
import { errorMessage, type ClaimRun } from './claim-context';
import { nowIso } from './claim-recorder';

const iso = (at: number) => new Date(at).toISOString();

/** Runs the return wait to a terminal status (`closed` or `closed-unreturned`). */
export async function awaitReturn(run: ClaimRun): Promise<void> {
  const { legs } = run.state;
  const returnMoving = () => legs.return.trackingStatus !== undefined && isCarrierScan(legs.return.trackingStatus);
  const received = () => run.state.returnReceipt !== undefined;
  const stopped = () => returnMoving() || received();
  const carrier = legs.return.label?.carrier ?? null;

  await awaitDelivery(run, stopped);
  if (!stopped()) {
    const deliveredAt = Date.now();
    const schedule = returnSchedule(deliveredAt, run.policy);
    await run.setStatus('delivered', `Replacement delivered; return due by ${iso(schedule.overdueAt)}`, {
      nextDeadline: { kind: 'return-window', at: iso(schedule.overdueAt) },
    });
    await run.openTask('receive-return', receiveReturnDueAt(deliveredAt, run.policy), `Receive and inspect the defective ${run.state.request.mac} (MAC matches? condition)`);
    await run.email('replacement-delivered', 1, { carrier, returnDeadline: iso(schedule.overdueAt), deliveredAt: nowIso() });

    for (const reminder of schedule.reminders) {
      if (await run.until(stopped, reminder.at - Date.now())) break;
      await run.record(`reminder-${reminder.sequence}`, `Return reminder ${reminder.sequence} sent (no return scan yet)`);
      await run.email('return-reminder', reminder.sequence, { carrier, returnDeadline: iso(schedule.overdueAt) });
    }
    if (!stopped() && !(await run.until(stopped, schedule.overdueAt - Date.now()))) {
      await run.setStatus('return-overdue', `Return overdue since ${iso(schedule.overdueAt)}; support told, closes unreturned at ${iso(schedule.unreturnedAt)}`, {
        flags: { escalated: true }, nextDeadline: { kind: 'unreturned', at: iso(schedule.unreturnedAt) },
      });
      await run.email('return-overdue', 1, { carrier, returnDeadline: iso(schedule.overdueAt), closesAt: iso(schedule.unreturnedAt) });
      if (!(await run.until(stopped, schedule.unreturnedAt - Date.now()))) {
        await closeUnreturned(run, schedule.overdueAt);
        return;
      }
    }
  }
  if (!received()) {
    await run.setStatus('return-in-transit', `Return parcel scanned by the carrier (${legs.return.label?.trackingNumber}); reminders stopped`, { nextDeadline: null });
    if (!run.state.openTasks.some((task) => task.kind === 'receive-return')) {
      await run.openTask('receive-return', receiveReturnDueAt(Date.now(), run.policy), `Receive and inspect the defective ${run.state.request.mac} (MAC matches? condition)`);
    }
    await run.until(received);
  }
  await closeReturned(run);
}

/** Waits for the outbound DELIVERED scan (or a return scan/receipt); a FAILURE or RETURNED parcel is escalated once. */
async function awaitDelivery(run: ClaimRun, stopped: () => boolean): Promise<void> {
  const outbound = run.state.legs.outbound;
  const delivered = () => outbound.trackingStatus === 'DELIVERED' || stopped();
  const inTrouble = () => outbound.trackingStatus === 'FAILURE' || outbound.trackingStatus === 'RETURNED';
  let troubleReported = false;
  for (;;) {
    await run.until(() => delivered() || (!troubleReported && inTrouble()));
    if (delivered()) return;
    troubleReported = true;
    await run.record(`outbound-${outbound.trackingStatus!.toLowerCase()}`,
      `Carrier reports ${outbound.trackingStatus} for the replacement (${outbound.label?.trackingNumber}); support to contact the customer`,
      { flags: { escalated: true } });
  }
}

/** Records receipt and inspection, closes the task and the claim, and emails the customer. */
async function closeReturned(run: ClaimRun): Promise<void> {
  const receipt = run.state.returnReceipt!;
  const inspection = receipt.macMatches
    ? `MAC matches, condition: ${receipt.condition}`
    : `MAC DOES NOT MATCH (received ${receipt.receivedMac}, expected ${run.state.request.mac}), condition: ${receipt.condition}`;
  await run.setStatus('return-received', `Defective device received: ${inspection}`, {
    nextDeadline: null, ...(receipt.macMatches ? {} : { flags: { escalated: true } }), actor: receipt.receivedBy,
  });
  await run.closeTask('receive-return', receipt.macMatches ? 'received' : 'received-mac-mismatch');
  await run.setStatus('closed', 'Claim closed: defective device returned');
  await run.email('claim-closed-returned', 1, { receivedOn: receipt.at, condition: receipt.condition, macMatches: receipt.macMatches });
}

/** Closes the claim as unreturned, flagged for billing; the unused return label is voided (a failure is recorded). */
async function closeUnreturned(run: ClaimRun, returnDeadline: number): Promise<void> {
  await run.setStatus('closed-unreturned', 'Defective device not returned; claim closed and flagged for billing', {
    flags: { billing: true }, nextDeadline: null,
  });
  await run.closeTask('receive-return', 'unreturned');
  if (run.projected) await run.flush();
  try {
    const { voided } = await compensation.voidLabel({ claimId: run.state.claimId, leg: 'return' });
    run.state.legs.return.voided = voided;
    await run.record('return-label-voided', voided ? 'Unused return label voided' : 'Return label had nothing to void');
  } catch (err) {
    await run.record('return-label-void-failed', `Could not void the unused return label: ${errorMessage(err)}`, { flags: { escalated: true } });
  }
  await run.email('claim-closed-unreturned', 1, { returnDeadline: iso(returnDeadline) });
}
