/** The console's words for the product's identifiers: statuses, channels, rules, task kinds and deadlines, in plain English. */
import type { AcquisitionChannel, ClaimStatus, EligibilityDecision, EligibilityRule, TaskKind } from '../../domain/types';
import { html, type RawHtml } from './html';

/** How the provider supplied the device. */
export const CHANNEL_WORDS: Record<AcquisitionChannel, string> = {
  installation: 'Installation', 'shipping-department': 'Shipment from the shipping department', 'web-store': 'Web-store purchase', 'third-party': 'Third-party purchase (not supplied by us)',
};

/** The rule that decided a claim. */
export const RULE_WORDS: Record<EligibilityRule, string> = {
  'manufacturer-warranty': 'Manufacturer’s warranty (defect, first year)',
  'lease-replacement-program': 'Lease replacement program',
  'third-party-not-covered': 'Not supplied by us',
  'physical-damage-without-lease': 'Physical damage without an active lease',
  'warranty-expired-no-lease': 'Warranty over, no active lease',
  'unknown-device-review': 'Unknown device: supervisor review',
  'supervisor-approved': 'Approved by a supervisor',
  'supervisor-denied': 'Denied by a supervisor',
};

/** What a task asks for. */
export const TASK_WORDS: Record<TaskKind, string> = {
  'pick-pack-ship': 'Pick, pack and ship', 'receive-return': 'Receive the return', 'fix-address': 'Fix the ship-to address',
  'review-device': 'Review an unknown device', 'backorder-escalation': 'Back-order escalation',
  'provisioning-problem': 'Provision the replacement by hand', 'confirm-emergency-address': 'Confirm the E911 location',
};

/** Deadline kinds as the claim records them. */
const DEADLINE_WORDS: Record<string, string> = {
  'shipping-sla': 'Shipping due', 'shipping-escalation': 'Shipping escalates', 'backorder-escalation': 'Back-order escalates',
  'return-window': 'Return due', unreturned: 'Closes unreturned',
};

/** The words of a deadline kind (its id when unknown). */
export const deadlineWords = (kind: string): string => DEADLINE_WORDS[kind] ?? kind;

/** A claim status in words, as a badge coloured by where the claim stands. */
export function statusBadge(status: ClaimStatus | string): RawHtml {
  const colour = ['closed', 'awaiting-shipment', 'shipped', 'delivered', 'return-in-transit', 'return-received', 'approved'].includes(status) ? 'blue'
    : ['denied', 'cancelled', 'closed-unreturned', 'return-overdue', 'address-problem'].includes(status) ? 'red'
      : ['under-review', 'backordered', 'received'].includes(status) ? 'amber' : 'grey';
  return html`<span class="badge ${colour}" data-status="${status}">${status.replace(/-/g, ' ')}</span>`;
}

/** What an eligibility outcome means for the customer, as a badge. */
export function outcomeBadge(outcome: EligibilityDecision['outcome']): RawHtml {
  const [colour, words] = outcome === 'approved' ? ['green', 'Covered'] : outcome === 'denied' ? ['red', 'Not covered'] : ['amber', 'Needs a supervisor'];
  return html`<span class="badge ${colour}" data-outcome="${outcome}">${words}</span>`;
}

const UNITS: Record<string, [string, string]> = { bd: ['business day', 'business days'], d: ['day', 'days'], h: ['hour', 'hours'], m: ['minute', 'minutes'], s: ['second', 'seconds'], ms: ['ms', 'ms'] };

/** A policy duration as people read it: `1bd` → `1 business day`, `7d, 21d` → `7 days, 21 days`, `return-window` → `at the end of the return window`. */
export function durationWords(value: string): string {
  if (value === 'return-window') return 'at the end of the return window';
  return value.split(/,\s*/).map((part) => {
    const match = /^(\d+(?:\.\d+)?)(bd|ms|d|h|m|s)$/.exec(part);
    if (!match) return part;
    const [singular, plural] = UNITS[match[2]!]!;
    return `${match[1]} ${Number(match[1]) === 1 ? singular : plural}`;
  }).join(', ');
}
