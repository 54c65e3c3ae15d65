/** Deterministic identifiers derived from the device. */
import { macDigits } from './mac';
import type { MacAddress } from './types';

/** The claim workflow id for a device: one open claim per MAC (`00:15:65:AB:CD:EF` → `claim-001565ABCDEF`). */
export function claimWorkflowId(mac: MacAddress): string {
  return `claim-${macDigits(mac)}`;
}
