/**
 * The coverage preview of a device lookup: what a claim opened today would record for each fault, decided by the
 * same rules as the claim (`decideEligibility`), nothing opened.
 */
import { decideEligibility } from './eligibility';
import { faultKinds, type DeviceRecord, type EligibilityDecision, type FaultKind, type IsoDate, type MacAddress } from './types';

/** The decision a claim reported on `today` would record, for each fault. */
export function coveragePreview(mac: MacAddress, device: DeviceRecord | null, today: IsoDate, registryProblem?: string): Record<FaultKind, EligibilityDecision> {
  const decide = (fault: FaultKind) => decideEligibility({ mac, device, fault, reportedOn: today, ...(registryProblem !== undefined ? { registryProblem } : {}) });
  return Object.fromEntries(faultKinds.map((fault) => [fault, decide(fault)])) as Record<FaultKind, EligibilityDecision>;
}
