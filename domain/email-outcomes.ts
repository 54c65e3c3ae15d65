/** How a customer email ended, as its claim's timeline records it: one keyed entry per (outcome, kind, sequence). */
import type { EmailKind } from './types';

/** The outcomes a claim records: `sent` (accepted by SMTP), and the three support must look at. */
export const emailOutcomes = ['sent', 'unconfirmed', 'rejected', 'failed'] as const;
/** An outcome a claim records for one of its emails. */
export type EmailOutcome = (typeof emailOutcomes)[number];

/** The timeline key of an email's outcome, e.g. `email-sent-replacement-shipped-1`. */
export function emailOutcomeKey(outcome: EmailOutcome, kind: EmailKind, sequence: number): string {
  return `email-${outcome}-${kind}-${sequence}`;
}

/** The outcome an email's timeline key records, or null for a key that is not an email's. */
export function emailOutcomeOfKey(key: string): EmailOutcome | null {
  const match = /^email-([a-z]+)-/.exec(key);
  const outcome = match?.[1];
  return outcome && (emailOutcomes as readonly string[]).includes(outcome) ? (outcome as EmailOutcome) : null;
}
