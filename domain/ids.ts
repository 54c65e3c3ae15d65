/** Identifiers: the claim workflow's (derived from the device) and the shape of a customer-page token. */
import { macDigits } from './mac';
import type { MacAddress } from './types';

/** The claim workflow id for a device: one open claim per MAC (`00:15:65:AB:CD:EF` → `claim-001565ABCDEF`). */
export function claimWorkflowId(mac: MacAddress): string {
  return `claim-${macDigits(mac)}`;
}

/**
 * The shape of a customer-page token (data/claim-index.ts `newTrackingToken`: the claim id, a dot and 24 base64url
 * characters; older tokens are the 24 characters alone). Anything else is never looked up.
 */
export const TRACKING_TOKEN_PATTERN = /^[A-Za-z0-9_.-]{16,160}$/;
