/**
 * The repeat-claim flag support reads before it triggers another replacement: a device with two or more claims in
 * the last 90 days, or a claim on a replacement that was itself under 30 days old when the claim was opened.
 */
import type { IsoInstant } from './types';

/** The window in which a second claim on the same device makes it a repeat. */
export const REPEAT_WINDOW_DAYS = 90;
/** A claim on a replacement younger than this (from its hand-over to the carrier) is a repeat. */
export const YOUNG_REPLACEMENT_DAYS = 30;

const DAY_MS = 86_400_000;

/** What the flag is decided from. */
export interface RepeatFacts {
  /** When the flag is read: now for a device lookup, the claim's opening for a claim. */
  at: IsoInstant;
  /** When each claim on the device was opened (the claim being read included). */
  claimsOpenedAt: readonly IsoInstant[];
  /** When the device is a replacement: when it was handed to the carrier. */
  replacementShippedAt?: IsoInstant;
}

/** The flag: repeat or not, and why, in sentences support reads. */
export interface RepeatFlag {
  repeat: boolean;
  reasons: string[];
}

const days = (ms: number) => Math.floor(ms / DAY_MS);

/** Decides the repeat flag from the device's claims (only those opened up to `at` count). */
export function repeatClaimFlag(facts: RepeatFacts): RepeatFlag {
  const at = Date.parse(facts.at);
  const opened = facts.claimsOpenedAt.map(Date.parse).filter((time) => time <= at);
  const reasons: string[] = [];
  const recent = opened.filter((time) => at - time < REPEAT_WINDOW_DAYS * DAY_MS);
  if (recent.length >= 2) reasons.push(`${recent.length} claims on this device in the last ${REPEAT_WINDOW_DAYS} days`);
  if (facts.replacementShippedAt !== undefined) {
    const shipped = Date.parse(facts.replacementShippedAt);
    const young = opened.filter((time) => time >= shipped && time - shipped < YOUNG_REPLACEMENT_DAYS * DAY_MS);
    if (young.length > 0) {
      const age = days(Math.min(...young) - shipped);
      reasons.push(`a claim ${age} day${age === 1 ? '' : 's'} after this replacement shipped (under ${YOUNG_REPLACEMENT_DAYS} days)`);
    }
  }
  return { repeat: reasons.length > 0, reasons };
}

/** Why a claim opened at `facts.at` would be a repeat (the flag with that claim added), or null when it would not. */
export function repeatIfOpenedNow(facts: RepeatFacts): RepeatFlag | null {
  const flag = repeatClaimFlag({ ...facts, claimsOpenedAt: [...facts.claimsOpenedAt, facts.at] });
  return flag.repeat ? flag : null;
}
