/**
 * Shared vocabulary of a replacement claim: each concept's values once, as a const array, with its type derived
 * from it; the zod enums (data/schemas/common.ts) and the OpenAPI enums (generated from those) come from the same
 * arrays. Plain values and types only: this module is imported by workflow code, so it must stay free of Node
 * built-ins, I/O and runtime schema libraries.
 */

/** A MAC address in normal form: 12 upper-case hex digits joined by colons, e.g. `00:15:65:AB:CD:EF`. */
export type MacAddress = string;

/** How the provider supplied the device, in the order the policy lists them. Only the first three are covered. */
export const acquisitionChannels = ['installation', 'shipping-department', 'web-store', 'third-party'] as const;
/** How the provider supplied the device. */
export type AcquisitionChannel = (typeof acquisitionChannels)[number];

/** What went wrong with the device, as support recorded it. */
export const faultKinds = ['defect', 'physical-damage'] as const;
/** What went wrong with the device. */
export type FaultKind = (typeof faultKinds)[number];

/** ISO-8601 calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

/** ISO-8601 instant with `Z`, e.g. `2026-11-29T17:10:00.000Z`. */
export type IsoInstant = string;

/** A postal address the carrier can ship to. */
export interface PostalAddress {
  name: string;
  company?: string;
  street1: string;
  street2?: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  phone?: string;
  email?: string;
}

/** How to reach the customer about this claim. */
export interface Contact {
  name: string;
  phone: string;
  email: string;
  /** BCP-47 locale for dates in emails, e.g. `en-US`. */
  locale?: string;
  /** IANA time zone for dates in emails, e.g. `America/Chicago`. */
  timeZone?: string;
}

/** What support did on the troubleshooting call. */
export interface Troubleshooting {
  remoteSession: boolean;
  cablingChecked: boolean;
  photoRefs: string[];
  notes?: string;
}

/** The trigger: everything support records when it opens a replacement (already validated and normalised). */
export interface ClaimRequest {
  mac: MacAddress;
  extension: string;
  accountId: string;
  contact: Contact;
  shipTo: PostalAddress;
  fault: FaultKind;
  description: string;
  troubleshooting: Troubleshooting;
  triggeredBy: string;
}

/** A lease contract as the registry knows it. */
export interface LeaseContract {
  contractId: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/** A device as the registry knows it. */
export interface DeviceRecord {
  mac: MacAddress;
  extension?: string;
  accountId: string;
  model: string;
  channel: AcquisitionChannel;
  purchasedOn: IsoDate;
  /** The lease contract the device was acquired with, if any. */
  lease?: LeaseContract;
  /** Set on replacements: the device this one replaced (it inherits that device's coverage). */
  replacesMac?: MacAddress;
}

/** The rules that decide eligibility; stable identifiers, shown to support with a sentence. */
export const eligibilityRules = [
  'third-party-not-covered', 'manufacturer-warranty', 'lease-replacement-program', 'physical-damage-without-lease',
  'warranty-expired-no-lease', 'unknown-device-review', 'supervisor-approved', 'supervisor-denied',
] as const;
/** The rule that decided eligibility. */
export type EligibilityRule = (typeof eligibilityRules)[number];

/** What an eligibility decision says. */
export const decisionOutcomes = ['approved', 'denied', 'review'] as const;

/** The eligibility outcome recorded on the claim. */
export interface EligibilityDecision {
  outcome: (typeof decisionOutcomes)[number];
  rule: EligibilityRule;
  /** A sentence support can read to the customer. */
  explanation: string;
  decidedOn: IsoDate;
  decidedBy?: string;
}

/** The two shipments of a claim. */
export const legKinds = ['outbound', 'return'] as const;
/** One of the two shipments. */
export type LegKind = (typeof legKinds)[number];

/** Carrier tracking statuses (their order: domain/tracking.ts). */
export const trackingStatuses = ['PRE_TRANSIT', 'TRANSIT', 'DELIVERED', 'RETURNED', 'FAILURE', 'UNKNOWN'] as const;
/** A carrier tracking status. */
export type TrackingStatus = (typeof trackingStatuses)[number];

/** A bought label. */
export interface LabelRecord {
  leg: LegKind;
  transactionId: string;
  rateId: string;
  carrier: string;
  serviceLevel: string;
  trackingNumber: string;
  trackingUrl?: string;
  labelUrl: string;
}

/** A tracking event as it reaches the workflow (from the webhook or the poller). */
export interface TrackingEvent {
  eventId: string;
  trackingNumber: string;
  leg: LegKind;
  status: TrackingStatus;
  occurredAt: IsoInstant;
  detail?: string;
}

/** Kinds of work the shipping department, support or a supervisor is asked to do. */
export const taskKinds = ['pick-pack-ship', 'receive-return', 'fix-address', 'review-device', 'backorder-escalation'] as const;
/** A kind of task. */
export type TaskKind = (typeof taskKinds)[number];

/** A reserved refurbished unit. */
export interface ReservedUnit {
  unitId: string;
  model: string;
  sameModel: boolean;
}

/** Customer email kinds, one template each. */
export const emailKinds = [
  'claim-received', 'claim-denied', 'claim-under-review', 'replacement-shipped', 'replacement-delivered', 'return-reminder',
  'return-overdue', 'claim-closed-returned', 'claim-closed-unreturned', 'claim-cancelled',
] as const;
/** A customer email kind. */
export type EmailKind = (typeof emailKinds)[number];

/**
 * Where a claim stands. Terminal: `denied`, `cancelled`, `closed`, `closed-unreturned`.
 * Allowed transitions live in `domain/status.ts`.
 */
export const claimStatuses = [
  'received', 'under-review', 'denied', 'approved', 'backordered', 'address-problem', 'awaiting-shipment', 'shipped',
  'delivered', 'return-overdue', 'return-in-transit', 'return-received', 'closed', 'closed-unreturned', 'cancelled',
] as const;
/** Where a claim stands. */
export type ClaimStatus = (typeof claimStatuses)[number];

/** One line of the claim's history, as support reads it. `key` makes a retried write a no-op. */
export interface TimelineEntry {
  key: string;
  at: IsoInstant;
  status?: ClaimStatus;
  message: string;
  actor?: string;
}
