/**
 * Which MAC holds the extension's identity when: the replacement is provisioned once the shipping department records
 * its MAC at hand-over; the defective MAC is released (and the SIP credentials rotated) when the replacement first
 * fetches its configuration, or at the latest when the return is received or the claim closes. Pure rules.
 */
import type { MacAddress } from './types';

/** What the claim knows of the identity move so far. */
export interface IdentityProgress {
  /** The defective device's MAC (the claim's). */
  originalMac: MacAddress;
  /** The replacement's MAC, once the shipping department recorded it at hand-over. */
  replacementMac?: MacAddress;
  /** The extension's configuration is on the replacement's MAC. */
  assigned: boolean;
  /** The defective MAC is released and the credentials rotated. */
  released: boolean;
  /** The replacement fetched its configuration (it booted on the provisioning server). */
  replacementOnline: boolean;
  /** The shipping department received the return. */
  returnReceived: boolean;
  /** The claim reached its terminal status. */
  claimEnded: boolean;
}

/** The next step of the move: provision the replacement, release the defective MAC, wait for a trigger, or nothing left. */
export type IdentityStep = 'assign' | 'release' | 'wait' | 'done';

/** The next step given the progress (see the module comment). */
export function nextIdentityStep(progress: IdentityProgress): IdentityStep {
  if (!progress.replacementMac || progress.replacementMac === progress.originalMac) return 'done';
  if (!progress.assigned) return 'assign';
  if (progress.released) return 'done';
  return progress.replacementOnline || progress.returnReceived || progress.claimEnded ? 'release' : 'wait';
}

/** Why the defective MAC is released now, in words for the timeline. */
export function releaseReason(progress: IdentityProgress): string {
  if (progress.replacementOnline) return 'the replacement fetched its configuration';
  if (progress.returnReceived) return 'the defective device was received';
  return 'the claim closed without the replacement reporting in';
}

/** Wait before retry `failures` (1, 2, …): `first`, doubling, at most `longest`. */
export function retryDelayMs(failures: number, first: number, longest: number): number {
  const doubled = first * 2 ** Math.max(0, Math.min(failures - 1, 30));
  return Math.max(1, Math.min(doubled, longest));
}
