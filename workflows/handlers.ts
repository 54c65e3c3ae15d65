/** Installs the claim workflow's Signal, Update and Query handlers on a running claim. */
import { ApplicationFailure, condition, log, patched, setHandler } from '@temporalio/workflow';
import { supervisorDecision } from '../domain/eligibility';
import { utcDateOf } from '../domain/dates';
import { normaliseMac } from '../domain/mac';
import { FailureTypes } from '../domain/failures';
import { isTerminalStatus } from '../domain/status';
import { advancesTracking } from '../domain/tracking';
import type { EligibilityDecision, TrackingEvent } from '../domain/types';
import type { ClaimRun } from './claim-context';
import { nowIso } from './claim-recorder';
import {
  cancelClaimUpdate,
  claimSnapshotUpdate,
  claimStateQuery,
  completeShipmentUpdate,
  correctAddressUpdate,
  recordReturnReceiptUpdate,
  restockedSignal,
  returnLabelReprintedSignal,
  supervisorDecisionUpdate,
  trackingEventSignal,
} from './messages';
import {
  validateCancel,
  validateCompleteShipment,
  validateCorrectAddress,
  validateReturnReceipt,
  validateSupervisorDecision,
} from './validators';

/** Patch id of the reprint log: claims that never ran it replay without it (the signal did not exist before). */
export const LABEL_REPRINT_LOG_PATCH = 'label-reprint-log';

/** The supervisor's decision, once given (the review step waits on it). */
export interface ReviewOutcome {
  decision?: EligibilityDecision;
}

/** Applies one carrier event to its leg: duplicates (same eventId) and events of another parcel are ignored. */
export function applyTrackingEvent(run: ClaimRun, event: TrackingEvent): void {
  if (!event || typeof event.eventId !== 'string' || (event.leg !== 'outbound' && event.leg !== 'return')) {
    log.warn('ignored malformed tracking event', { event });
    return;
  }
  if (run.inbox.seenEventIds.has(event.eventId)) return;
  run.inbox.seenEventIds.add(event.eventId);
  const leg = run.state.legs[event.leg];
  if (leg.label && leg.label.trackingNumber !== event.trackingNumber) {
    log.warn('ignored tracking event of another parcel', { eventId: event.eventId, trackingNumber: event.trackingNumber });
    return;
  }
  leg.events.push(event);
  if (advancesTracking(leg.trackingStatus, event.status)) leg.trackingStatus = event.status;
}

/** A MAC the Update's validator already accepted, in normal form. */
function normalisedMac(value: string): string {
  const parsed = normaliseMac(value);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(`not a MAC address: ${parsed.reason}`, FailureTypes.InvalidData);
  return parsed.mac;
}

/** Registers every handler; the returned object carries the supervisor's decision to the review step. */
export function installHandlers(run: ClaimRun): ReviewOutcome {
  const review: ReviewOutcome = {};
  const cancelling = () => run.cancel.requested;
  const stepResult = () => ({ status: run.state.status, at: nowIso() });

  setHandler(claimStateQuery, () => run.state);
  setHandler(claimSnapshotUpdate, () => run.state);
  setHandler(trackingEventSignal, (event) => applyTrackingEvent(run, event));
  setHandler(restockedSignal, (stock) => {
    if (stock?.model === run.state.model) run.inbox.restocks += 1;
  });
  setHandler(returnLabelReprintedSignal, async (reprint) => {
    if (typeof reprint?.reprintId !== 'string' || !/^\d{4}-\d{2}-\d{2}-\d{1,3}$/.test(reprint.reprintId)) {
      log.warn('ignored malformed label reprint', { reprint });
      return;
    }
    if (!patched(LABEL_REPRINT_LOG_PATCH)) return;
    const count = Number(reprint.reprintId.split('-')[3]);
    await run.record(`label-reprint-${reprint.reprintId}`,
      `The customer printed the return label again from the tracking page (${count} of ${reprint.dailyLimit} allowed that day)`, { actor: 'customer' });
    await run.flush(); // the main flow may be waiting for days: project the entry now
  });

  setHandler(supervisorDecisionUpdate, (input) => {
    review.decision = supervisorDecision({ ...input, decidedOn: utcDateOf(Date.now()) });
    if (input.approve && input.model) run.state.model = input.model.trim();
    return review.decision;
  }, { validator: (input) => validateSupervisorDecision(run.state, input, cancelling() || review.decision !== undefined) });

  setHandler(correctAddressUpdate, (input) => {
    run.state.shipTo = input.shipTo;
    run.inbox.addressCorrectedBy = input.correctedBy;
    run.inbox.addressCorrections += 1;
    return stepResult();
  }, { validator: (input) => validateCorrectAddress(run.state, input, cancelling()) });

  setHandler(completeShipmentUpdate, async (input) => {
    run.state.handedOverAt = nowIso();
    run.state.replacementMac = normalisedMac(input.replacementMac);
    if (input.serial) run.state.replacementSerial = input.serial;
    run.inbox.shippedBy = input.completedBy;
    await condition(() => run.state.status === 'shipped');
    return stepResult();
  }, { validator: (input) => validateCompleteShipment(run.state, input, cancelling()) });

  setHandler(recordReturnReceiptUpdate, async (input) => {
    const receivedMac = normalisedMac(input.receivedMac);
    run.state.returnReceipt = {
      receivedMac, macMatches: receivedMac === run.state.request.mac, condition: input.condition,
      ...(input.notes ? { notes: input.notes } : {}), receivedBy: input.receivedBy, at: nowIso(),
    };
    await condition(() => isTerminalStatus(run.state.status));
    if (run.state.status !== 'closed') throw ApplicationFailure.nonRetryable(`return not recorded: the claim closed as ${run.state.status}`, FailureTypes.InvalidState);
    return run.state.returnReceipt;
  }, { validator: (input) => validateReturnReceipt(run.state, input) });

  setHandler(cancelClaimUpdate, async (input) => {
    run.cancel.requestCancel({ reason: input.reason, cancelledBy: input.cancelledBy, at: nowIso() });
    await condition(() => isTerminalStatus(run.state.status));
    if (run.state.status !== 'cancelled') throw ApplicationFailure.nonRetryable(`cannot cancel: the claim ended as ${run.state.status}`, FailureTypes.InvalidState);
    return stepResult();
  }, { validator: (input) => validateCancel(run.state, input, cancelling()) });

  return review;
}
