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

/** Characters of a token's random part: 18 random bytes (144 bits), base64url. */
export const TOKEN_RANDOM_LENGTH = 24;

/** The claim id a token names (tokens made by `newTrackingToken`), or undefined for an older token. */
export function claimIdNamedBy(token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  return dot > 0 && token.length - dot - 1 === TOKEN_RANDOM_LENGTH ? token.slice(0, dot) : undefined;
}
