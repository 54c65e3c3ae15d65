/** The eligibility decision: which policy rule applies to a claim, with a sentence support can read to the customer. */
import type { DeviceLookup } from './claim-view';
import { addYears, isIsoDate, utcDateOf } from './dates';
import type { ClaimRequest, ClaimStatus, DeviceRecord, EligibilityDecision, FaultKind, IsoDate, IsoInstant, MacAddress } from './types';

/** What the decision needs: the registry record (null when unknown), the fault and the day the failure was reported. */
export interface EligibilityInput {
  mac: MacAddress;
  device: DeviceRecord | null;
  fault: FaultKind;
  reportedOn: IsoDate;
  /** Set when the registry holds a record for the MAC that could not be read (invalid data): goes to review. */
  registryProblem?: string;
}

/** The last covered day of the one-year manufacturer's warranty (same calendar date a year later; 29 Feb → 28 Feb). */
export function warrantyLastDay(purchasedOn: IsoDate): IsoDate {
  return addYears(purchasedOn, 1);
}

/** True when the device's acquiring lease contract is in its term (both ends inclusive) on `day`. */
export function leaseActiveOn(device: DeviceRecord, day: IsoDate): boolean {
  return device.lease !== undefined && device.lease.startsOn <= day && day <= device.lease.endsOn;
}

/** Decides a claim under the policy; rules in order: unknown, third party, warranty (defect), lease, damage, expired. */
export function decideEligibility(input: EligibilityInput): EligibilityDecision {
  const { device, fault, reportedOn } = input;
  const decide = (outcome: EligibilityDecision['outcome'], rule: EligibilityDecision['rule'], explanation: string) =>
    ({ outcome, rule, explanation, decidedOn: reportedOn }) satisfies EligibilityDecision;

  if (input.registryProblem !== undefined) {
    return decide('review', 'unknown-device-review',
      `Our record of device ${input.mac} could not be read (${input.registryProblem}); a supervisor will review the claim.`);
  }
  if (!device) {
    return decide('review', 'unknown-device-review',
      `We could not find device ${input.mac} in our records; a supervisor will review the claim (a proof of purchase helps).`);
  }
  if (device.channel === 'third-party') {
    return decide('denied', 'third-party-not-covered',
      'This device was not supplied by us (installation, shipping department or web store) but bought from a third party, so our warranty does not cover it.');
  }
  const badDate = [device.purchasedOn, device.lease?.startsOn, device.lease?.endsOn].find((d) => d !== undefined && !isIsoDate(d));
  if (badDate !== undefined) {
    return decide('review', 'unknown-device-review',
      `Our record of device ${device.mac} has an invalid date ("${badDate}"); a supervisor will review the claim.`);
  }
  const lastDay = warrantyLastDay(device.purchasedOn);
  if (fault === 'defect' && reportedOn <= lastDay) {
    return decide('approved', 'manufacturer-warranty',
      `The defect was reported on ${reportedOn}, within the one-year manufacturer's warranty (purchased ${device.purchasedOn}, covered through ${lastDay}), so we replace the device at no charge with a same or similar grade-A refurbished model.`);
  }
  if (device.lease && leaseActiveOn(device, reportedOn)) {
    const what = fault === 'defect' ? 'a defect' : 'physical damage';
    return decide('approved', 'lease-replacement-program',
      `The device was acquired with lease contract ${device.lease.contractId}, in its term (until ${device.lease.endsOn}) on ${reportedOn}, so our lease replacement program replaces it for ${what} at no charge with a same or similar grade-A refurbished model.`);
  }
  if (fault === 'physical-damage') {
    return decide('denied', 'physical-damage-without-lease',
      `Physical damage is only covered by the lease replacement program, and ${leaseClause(device, reportedOn)}; the manufacturer's warranty covers defects only.`);
  }
  return decide('denied', 'warranty-expired-no-lease',
    `The one-year manufacturer's warranty ended on ${lastDay} (purchased ${device.purchasedOn}), before the failure was reported on ${reportedOn}, and ${leaseClause(device, reportedOn)}; a lease does not extend the warranty.`);
}

/** Why the lease program does not apply, in words support reads to the customer: no lease at all, or one out of its term. */
function leaseClause(device: DeviceRecord, reportedOn: IsoDate): string {
  if (!device.lease) return 'this device was not acquired with a lease contract, so the lease replacement program does not apply';
  const { contractId, startsOn, endsOn } = device.lease;
  return `the lease contract this device was acquired with (${contractId}, ${startsOn} to ${endsOn}) is not in its term on ${reportedOn}`;
}

/** A supervisor's decision on a claim under review, with the written reason kept on the claim. */
export function supervisorDecision(input: { approve: boolean; reason: string; supervisor: string; decidedOn: IsoDate }): EligibilityDecision {
  const explanation = input.approve
    ? `A supervisor approved the claim after review: ${input.reason}`
    : `A supervisor denied the claim after review: ${input.reason}`;
  return {
    outcome: input.approve ? 'approved' : 'denied',
    rule: input.approve ? 'supervisor-approved' : 'supervisor-denied',
    explanation,
    decidedOn: input.decidedOn,
    decidedBy: input.supervisor,
  };
}

/** The status a claim takes once decided: approved, denied, or under review (a supervisor decides). */
export const STATUS_AFTER_DECISION = {
  approved: 'approved', denied: 'denied', review: 'under-review',
} as const satisfies Record<EligibilityDecision['outcome'], ClaimStatus>;

/**
 * A claim's first decision, from its request, the instant it was opened and the registry's answer: what the claim
 * workflow decides in its first task (workflows/eligibility-step.ts), and what `POST /claims` answers with.
 */
export function decisionAtOpening(request: Pick<ClaimRequest, 'mac' | 'fault'>, openedAt: IsoInstant, { device, registryProblem }: DeviceLookup): EligibilityDecision {
  return decideEligibility({ mac: request.mac, device, fault: request.fault, reportedOn: utcDateOf(openedAt), ...(registryProblem ? { registryProblem } : {}) });
}
