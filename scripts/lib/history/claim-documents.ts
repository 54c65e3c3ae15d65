/**
 * Every document one finished claim leaves behind, built with the product's own rules and schemas: the eligibility
 * decision (domain/eligibility.ts), deadlines (domain/deadlines.ts), the claim document (`parseClaim`), its list
 * lines (`summaryOf`, `finishedSummaryOf`), its devices (`deviceDocSchema`), shipped unit and its reservation, token
 * lookup and customer emails (sent outbox records with compact bodies).
 */
import { trackingTokenLookup } from '../../../data/claim-index';
import { finishedSummaryOf, summaryOf } from '../../../data/claim-projection';
import { parseClaim } from '../../../data/claims';
import type { ClaimDoc, ClaimSummary } from '../../../data/schemas/claim';
import { deviceDocSchema, inventoryUnitDocSchema, type DeviceDoc, type InventoryUnitDoc } from '../../../data/schemas/registry';
import { parseOrThrow } from '../../../data/validation';
import { utcDateOf } from '../../../domain/dates';
import { receiveReturnDueAt, returnSchedule, slaDueAt } from '../../../domain/deadlines';
import { decideEligibility, supervisorDecision } from '../../../domain/eligibility';
import { claimWorkflowId } from '../../../domain/ids';
import { DEFAULT_CLAIM_POLICY, policySummary } from '../../../domain/policy';
import type { AcquisitionChannel, DeviceRecord, EligibilityDecision, LabelRecord, LegKind } from '../../../domain/types';
import type { OutboxRecord } from '../../../notifications/outbox';
import type { Customer } from './customers';
import { emailOf } from './emails';
import type { ClaimTiming } from './plan';
import { randomSource, seedOf, type Random } from './random';
import { ClaimStory } from './story';

/** The documents of one seeded claim, by the collection they go to. */
export interface ClaimDocuments {
  claim: ClaimDoc;
  /** Its line in the opening, MAC, email and extension lists (as filed when it opened). */
  openedLine: ClaimSummary;
  /** Its line in the terminal-status and closing-day lists (what the rollups fold). */
  finishedLine: ClaimSummary & { closedAt: string };
  devices: Array<DeviceDoc & { _id: string }>;
  unit?: InventoryUnitDoc & { _id: string };
  reservation?: { _id: string; unitId: string; claimId: string; model: string; state: 'shipped'; reservedAt: string; shippedAt: string };
  lookup: { _id: string; claimId: string };
  emails: OutboxRecord[];
}

/** What every claim of one history shares. */
export interface HistoryContext {
  seed: number;
  /** The seed models, most common first. */
  models: readonly string[];
  /** The history's account `index`. */
  customer(index: number): Customer;
  accounts: number;
  /** The domain of the deterministic Message-IDs (the mailer's). */
  messageIdDomain: string;
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const DAY = 86_400_000;
const iso = (at: number) => new Date(at).toISOString();
const byte = (n: number) => (n & 0xff).toString(16).toUpperCase().padStart(2, '0');

/** The MAC of history claim `index` (`kind` keeps the defective devices and their replacements apart): locally administered. */
export function historyMac(kind: 'original' | 'replacement', index: number): string {
  return ['02', '5E', kind === 'original' ? 'A0' : 'B0', byte(index >> 16), byte(index >> 8), byte(index)].join(':');
}

/** The claim id of claim `index` opened at `openedAt`, shaped like `newClaimId`'s and unique (an odd multiplier mod 32⁶ is a bijection). */
export function historyClaimId(index: number, openedAt: number): string {
  let code = (index * 0x2f5a9 + 0x1234567) % 2 ** 30;
  let random = '';
  for (let i = 0; i < 6; i++, code = Math.floor(code / 32)) random += ALPHABET[code % 32];
  return `RC-${utcDateOf(openedAt).replace(/-/g, '')}-${random}`;
}

/** Every document claim `timing.index` leaves behind. */
export function claimDocuments(timing: ClaimTiming, context: HistoryContext): ClaimDocuments {
  const random = randomSource(seedOf(context.seed, timing.index, 2));
  const customer = context.customer(random.int(0, context.accounts - 1));
  const contact = random.pick(customer.contacts);
  const extension = String(1000 + random.int(1, customer.phones));
  const model = context.models[Math.min(Math.floor(random.next() ** 1.6 * context.models.length), context.models.length - 1)]!;
  const mac = historyMac('original', timing.index);
  const claimId = historyClaimId(timing.index, timing.openedAt);
  const device = registryDevice(timing, random, { mac, extension, accountId: customer.accountId, model });
  const fault = timing.denial === 'physical-damage' ? 'physical-damage' as const : 'defect' as const;
  const shipTo = { ...customer.shipTo, name: contact.name };
  const request = {
    mac, extension, accountId: customer.accountId, contact, shipTo, fault,
    description: random.pick(fault === 'defect' ? DEFECTS : DAMAGE), triggeredBy: random.pick(AGENTS),
    troubleshooting: { remoteSession: random.chance(0.7), cablingChecked: true, photoRefs: fault === 'defect' ? [] : [`photo-${timing.index}.jpg`] },
  };
  const story = new ClaimStory(claimId);
  story.record('opened', timing.openedAt, 'Replacement claim opened', { status: 'received', actor: request.triggeredBy });
  const decision = decide(timing, story, { mac, extension, device, fault, random });
  const labels = timing.awaitingShipmentAt === undefined ? {} : { outbound: label('outbound', timing.index, random), return: label('return', timing.index, random) };
  const unitId = `RF-${model.split('-').slice(1).join('').toUpperCase()}-H${String(timing.index).padStart(6, '0')}`;
  const replacementMac = historyMac('replacement', timing.index);
  if (labels.outbound && labels.return) tellFulfilment(timing, story, { extension, mac, unitId, model, replacementMac, outbound: labels.outbound, back: labels.return, random });
  const shipped = timing.handedOverAt !== undefined;
  const unreturned = timing.status === 'closed-unreturned';
  const claim = parseClaim({
    claimId, workflowId: claimWorkflowId(mac), status: timing.status, trackingToken: tokenOf(random), openedAt: iso(timing.openedAt),
    updatedAt: iso(Math.max(timing.closedAt, story.last)), request, mac, extension, accountId: customer.accountId, email: contact.email.toLowerCase(),
    contact, shipTo, model, decision, legs: labels,
    ...(labels.outbound ? { unit: { unitId, model, sameModel: true } } : {}),
    ...(shipped ? { replacementMac, handedOverAt: iso(timing.handedOverAt!) } : {}),
    closedAt: iso(timing.closedAt), nextDeadline: null, flags: { billing: unreturned, escalated: unreturned }, policy: policySummary(DEFAULT_CLAIM_POLICY),
    timelineByKey: story.timelineByKey, tasks: story.tasks,
  });
  return {
    claim,
    openedLine: summaryOf({ ...claim, status: 'received', closedAt: undefined }),
    finishedLine: finishedSummaryOf(claim, claim.closedAt!),
    devices: devicesOf(claim, device, shipped ? { replacementMac, serial: serialOf(unitId) } : undefined),
    ...unitOf(claim, unitId, model, timing),
    lookup: trackingTokenLookup(claim.trackingToken, claimId),
    emails: story.emails.map((email) => emailOf(claim, email, context.messageIdDomain)),
  };
}

const AGENTS = ['agent.morgan', 'agent.riley', 'agent.casey', 'agent.jamie'];
const SHIPPERS = ['shipping.alex', 'shipping.sam', 'shipping.kim'];
const SUPERVISORS = ['supervisor.jordan', 'supervisor.taylor'];
const DEFECTS = [
  'Handset audio cuts out; reboots every few minutes.', 'Display stays dark after a firmware update.',
  'No dial tone on any line; PoE port tested fine.', 'Speakerphone crackles and the mute key does not respond.',
  'Phone does not register; factory reset did not help.', 'Keypad keys 4-6 do not register presses.',
];
const DAMAGE = ['Handset dropped; display cracked.', 'Water spilled on the base; no power.'];
const CANCEL_REASONS = ['Customer found a loose cable; the phone works again', 'Duplicate request for the same phone', 'Customer no longer needs a replacement'];

/** The registry record of the claim's device (null for a device the registry does not know), fitting the planned decision. */
function registryDevice(timing: ClaimTiming, random: Random, base: Pick<DeviceRecord, 'mac' | 'extension' | 'accountId' | 'model'>): DeviceRecord | null {
  if (timing.reviewed) return null;
  const ageDays = timing.denial === 'warranty-expired' ? random.int(380, 1_400) : random.int(10, 350);
  const channel: AcquisitionChannel = timing.denial === 'third-party' ? 'third-party' : random.pick(['installation', 'shipping-department', 'web-store'] as const);
  return { ...base, channel, purchasedOn: utcDateOf(timing.openedAt - ageDays * DAY) };
}

/** Tells the eligibility step (a review first for an unknown device) and returns the decision the claim keeps. */
function decide(timing: ClaimTiming, story: ClaimStory, facts: { mac: string; extension: string; device: DeviceRecord | null; fault: 'defect' | 'physical-damage'; random: Random }): EligibilityDecision {
  const reportedOn = utcDateOf(timing.openedAt);
  let decision = decideEligibility({ mac: facts.mac, device: facts.device, fault: facts.fault, reportedOn });
  if (decision.outcome === 'review') {
    const at = timing.openedAt + 1_500;
    story.openTask('review-device', at, slaDueAt(at, DEFAULT_CLAIM_POLICY.reviewTaskSla, DEFAULT_CLAIM_POLICY), `Unknown device ${facts.mac} (ext. ${facts.extension}): approve (with its model) or deny, with a written reason`);
    story.status('under-review', at, decision.explanation);
    story.email('claim-under-review', at + 200);
    const approve = timing.status !== 'denied';
    decision = supervisorDecision({
      approve, supervisor: facts.random.pick(SUPERVISORS), decidedOn: utcDateOf(timing.decidedAt),
      reason: approve ? 'Proof of purchase from our web store attached to the ticket' : 'Serial number belongs to a phone sold by another provider',
    });
    story.closeTask('review-device', timing.decidedAt, decision.outcome);
  }
  const expected = timing.status === 'denied' ? 'denied' : 'approved';
  if (decision.outcome !== expected) throw new Error(`history claim ${timing.index}: planned ${expected}, the policy decided ${decision.outcome} (${decision.rule})`);
  story.status(decision.outcome, timing.decidedAt, decision.explanation, decision.decidedBy);
  story.email(decision.outcome === 'approved' ? 'claim-received' : 'claim-denied', timing.decidedAt + 200);
  return decision;
}

/** Tells what follows an approval: reservation, labels, the shipping task, then a cancel or the hand-over, delivery and return. */
function tellFulfilment(timing: ClaimTiming, story: ClaimStory, facts: {
  extension: string; mac: string; unitId: string; model: string; replacementMac: string; outbound: LabelRecord; back: LabelRecord; random: Random;
}): void {
  const { outbound, back } = facts;
  const awaiting = timing.awaitingShipmentAt!;
  story.record('unit-reserved', timing.decidedAt + 400, `Reserved unit ${facts.unitId} (${facts.model})`);
  story.record('label-outbound', awaiting - 500, `Bought the outbound label: ${outbound.carrier} ${outbound.trackingNumber}`);
  story.record('label-return', awaiting, `Bought the return label: ${back.carrier} ${back.trackingNumber}`);
  const shippingDue = slaDueAt(awaiting, DEFAULT_CLAIM_POLICY.shippingSla, DEFAULT_CLAIM_POLICY);
  story.openTask('pick-pack-ship', awaiting, shippingDue, `Print both labels, pick unit ${facts.unitId} (${facts.model}), record its MAC/serial, pack it with the return label, hand it to ${outbound.carrier}`);
  story.status('awaiting-shipment', awaiting, `Shipping task opened for ext. ${facts.extension}, due ${iso(shippingDue)}`);
  if (timing.cancelledAt !== undefined) {
    const at = timing.cancelledAt;
    story.record('cancel-release-unit', at + 300, `Released unit ${facts.unitId}`);
    story.record('cancel-void-outbound', at + 600, `Voided the outbound label ${outbound.trackingNumber}`);
    story.record('cancel-void-return', at + 900, `Voided the return label ${back.trackingNumber}`);
    story.closeTask('pick-pack-ship', at + 1_000, 'cancelled');
    story.record('cancel-close-pick-pack-ship', at + 1_000, 'Closed the pick-pack-ship task');
    story.status('cancelled', timing.closedAt, `Claim cancelled: ${facts.random.pick(CANCEL_REASONS)}`, facts.random.pick(AGENTS));
    story.email('claim-cancelled', timing.closedAt + 200);
    return;
  }
  const handedOver = timing.handedOverAt!;
  story.closeTask('pick-pack-ship', handedOver + 200, 'shipped');
  story.status('shipped', handedOver + 300, `Replacement ${facts.replacementMac} handed to ${outbound.carrier} (${outbound.trackingNumber})`, facts.random.pick(SHIPPERS));
  story.email('replacement-shipped', handedOver + 500);
  const delivered = timing.deliveredAt!;
  const schedule = returnSchedule(delivered, DEFAULT_CLAIM_POLICY);
  story.status('delivered', delivered, `Replacement delivered; return due by ${iso(schedule.overdueAt)}`);
  story.openTask('receive-return', delivered, receiveReturnDueAt(delivered, DEFAULT_CLAIM_POLICY), `Receive and inspect the defective ${facts.mac} (MAC matches? condition)`);
  story.email('replacement-delivered', delivered + 200);
  for (const reminder of schedule.reminders.filter((due) => due.at < (timing.returnScannedAt ?? Infinity))) {
    story.record(`reminder-${reminder.sequence}`, reminder.at, `Return reminder ${reminder.sequence} sent (no return scan yet)`);
    story.email('return-reminder', reminder.at + 200, reminder.sequence);
  }
  if (timing.status === 'closed') {
    story.status('return-in-transit', timing.returnScannedAt!, `Return parcel scanned by the carrier (${back.trackingNumber}); reminders stopped`);
    story.status('return-received', timing.receivedAt!, `Defective device received: MAC matches, condition: ${facts.random.pick(['defect confirmed', 'no fault found', 'defect confirmed, scuffed case'])}`, facts.random.pick(SHIPPERS));
    story.closeTask('receive-return', timing.receivedAt!, 'received');
    story.status('closed', timing.closedAt, 'Claim closed: defective device returned');
    story.email('claim-closed-returned', timing.closedAt + 100);
    return;
  }
  story.status('return-overdue', schedule.overdueAt, `Return overdue since ${iso(schedule.overdueAt)}; support told, closes unreturned at ${iso(schedule.unreturnedAt)}`);
  story.email('return-overdue', schedule.overdueAt + 200);
  story.status('closed-unreturned', timing.closedAt, 'Defective device not returned; claim closed and flagged for billing');
  story.closeTask('receive-return', timing.closedAt, 'unreturned');
  story.record('return-label-voided', timing.closedAt + 500, 'Unused return label voided');
  story.email('claim-closed-unreturned', timing.closedAt + 700);
}

/** A bought label of claim `index`, shaped like the Shippo sandbox's (tracking numbers unique by claim and leg). */
function label(leg: LegKind, index: number, random: Random): LabelRecord {
  const ups = random.chance(0.6);
  const serial = `${leg === 'outbound' ? 1 : 2}${String(index).padStart(ups ? 9 : 13, '0')}`;
  const trackingNumber = ups ? `1Z999AA1${serial}` : `92055901${serial}`;
  return {
    leg, transactionId: random.hex(32), rateId: random.hex(32), carrier: ups ? 'UPS' : 'USPS', serviceLevel: ups ? 'ups_ground' : 'usps_priority',
    trackingNumber, trackingUrl: ups ? `https://www.ups.com/track?tracknum=${trackingNumber}` : `https://tools.usps.com/go/TrackConfirmAction?tLabels=${trackingNumber}`,
    labelUrl: `https://shippo-delivery.s3.amazonaws.com/${random.hex(32)}.pdf`,
  };
}

/** The serial number of a refurbished unit. */
const serialOf = (unitId: string) => `SN${unitId.replace(/\W/g, '')}`;

/** A customer-page token of the older form (18 bytes, base64url, found through its lookup document), from the claim's stream. */
function tokenOf(random: Random): string {
  return Buffer.from(random.hex(36), 'hex').toString('base64url');
}

/** The original device (when the registry knew it) and the replacement shipped for it, `_id` = MAC. */
function devicesOf(claim: ClaimDoc, original: DeviceRecord | null, replacement?: { replacementMac: string; serial: string }): Array<DeviceDoc & { _id: string }> {
  const docs: Array<DeviceDoc & { _id: string }> = [];
  const add = (doc: object) => {
    const parsed = parseOrThrow(deviceDocSchema, doc, `history device of ${claim.claimId}`);
    docs.push({ _id: parsed.mac, ...parsed });
  };
  if (original) add({ ...original, ...(replacement ? { replacedByMac: replacement.replacementMac } : {}) });
  if (replacement) {
    add({
      mac: replacement.replacementMac, extension: claim.extension, accountId: claim.accountId, model: claim.unit?.model ?? claim.model,
      channel: original?.channel ?? 'shipping-department', purchasedOn: original?.purchasedOn ?? claim.openedAt.slice(0, 10),
      replacesMac: claim.mac, registeredByClaim: claim.claimId, serial: replacement.serial,
    });
  }
  return docs;
}

/**
 * The refurbished unit the claim shipped, with its reservation. A cancelled claim's unit went back to stock and
 * soon out again with a later claim, so the history holds no unit for it: after a year, stock is what arrived lately.
 */
function unitOf(claim: ClaimDoc, unitId: string, model: string, timing: ClaimTiming): Pick<ClaimDocuments, 'unit' | 'reservation'> {
  const reservedAt = iso(timing.decidedAt + 400);
  if (timing.handedOverAt === undefined) return {};
  const unit = parseOrThrow(inventoryUnitDocSchema, {
    unitId, model, grade: 'A', serial: serialOf(unitId),
  }, `history unit ${unitId}`);
  const shippedAt = iso(timing.handedOverAt + 250);
  return { unit: { _id: unitId, ...unit }, reservation: { _id: claim.claimId, unitId, claimId: claim.claimId, model, state: 'shipped', reservedAt, shippedAt } };
}
