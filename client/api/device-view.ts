/**
 * What support sees of a device on a live call: the registry's record (model by its display name, channel, purchase
 * date, lease and its term), its coverage today (the sentence a claim would record, computed by the domain rules,
 * nothing opened), its open and past claims, the replacement chain both ways and the repeat flag. Every read is by
 * `_id` (the device, its lease and model, the claims through the MAC's list, each link of the chain).
 */
import type { Db } from 'mongodb';
import { modelDisplayName } from '../../activities/customer-facts';
import { findClaimDoc } from '../../data/claims';
import { searchClaims } from '../../data/claim-search';
import { findDevice, findDeviceRecord, findDevicesOfExtension } from '../../data/devices';
import type { ClaimSummary } from '../../data/schemas/claim';
import type { DeviceDoc } from '../../data/schemas/registry';
import { DataValidationError } from '../../data/validation';
import { coveragePreview } from '../../domain/coverage';
import { utcDateOf } from '../../domain/dates';
import { leaseActiveOn, warrantyLastDay } from '../../domain/eligibility';
import { repeatClaimFlag, repeatIfOpenedNow, type RepeatFlag } from '../../domain/repeat-claim';
import { isTerminalStatus } from '../../domain/status';
import type { DeviceRecord, EligibilityDecision, FaultKind, MacAddress } from '../../domain/types';

/** Claims of one device read for its page (newest first). */
const CLAIMS_SHOWN = 50;
/** Links of the replacement chain followed each way. */
const CHAIN_HOPS = 5;

/** One device of the chain: its MAC, model, and the claim that shipped the newer of the two (with when). */
export interface ChainLink {
  mac: MacAddress;
  modelName: string | null;
  /** The claim that replaced the older device of the link with the newer one. */
  claimId: string | null;
  shippedAt: string | null;
}

/** A device as support looks it up. */
export interface DeviceView {
  mac: MacAddress;
  /** False when the registry does not know the MAC (a claim would wait for a supervisor's review). */
  known: boolean;
  registryProblem: string | null;
  device: (DeviceRecord & { modelName: string | null; warrantyEndsOn: string; leaseActive: boolean; serial?: string; registeredByClaim?: string; replacedByMac?: string }) | null;
  coverage: { asOf: string } & Record<FaultKind, EligibilityDecision>;
  openClaim: ClaimSummary | null;
  pastClaims: ClaimSummary[];
  /** Older devices first: this phone replaced `replaced[0]`, which replaced `replaced[1]`… */
  replaced: ChainLink[];
  /** Newer devices: `replacedBy[0]` replaced this phone, `replacedBy[1]` replaced that one… */
  replacedBy: ChainLink[];
  repeat: RepeatFlag;
  /** Why a claim opened now would be flagged as a repeat, when it would be and the device is not flagged already. */
  repeatIfOpenedNow: RepeatFlag | null;
}

/** The claim that shipped a replacement, with when it was handed to the carrier (null: not a replacement, or unknown). */
async function shippingClaim(db: Db, device: DeviceDoc | null): Promise<{ claimId: string; shippedAt: string | null } | null> {
  if (!device?.registeredByClaim) return null;
  const claim = await findClaimDoc(db, device.registeredByClaim);
  return { claimId: device.registeredByClaim, shippedAt: claim?.handedOverAt ?? null };
}

/** Follows `replacesMac` (older) or `replacedByMac` (newer) from `start`, a few hops at most (each by `_id`). */
async function chain(db: Db, start: DeviceDoc, direction: 'older' | 'newer'): Promise<ChainLink[]> {
  const links: ChainLink[] = [];
  const seen = new Set([start.mac]);
  let current = start;
  for (let hop = 0; hop < CHAIN_HOPS; hop += 1) {
    const mac = direction === 'older' ? current.replacesMac : current.replacedByMac;
    if (!mac || seen.has(mac)) break;
    seen.add(mac);
    const next = await findDevice(db, mac);
    const shipped = await shippingClaim(db, direction === 'older' ? current : next);
    links.push({ mac, modelName: (await modelDisplayName(db, next?.model)) ?? next?.model ?? null, claimId: shipped?.claimId ?? null, shippedAt: shipped?.shippedAt ?? null });
    if (!next) break;
    current = next;
  }
  return links;
}

/** The registry's record as eligibility reads it, or why it could not be read. */
async function recordOf(db: Db, mac: MacAddress): Promise<{ record: DeviceRecord | null; problem: string | null }> {
  try {
    return { record: await findDeviceRecord(db, mac), problem: null };
  } catch (error) {
    if (error instanceof DataValidationError) return { record: null, problem: error.message };
    throw error;
  }
}

/** The device's page data at `now`. */
export async function deviceViewOf(db: Db, mac: MacAddress, now: Date): Promise<DeviceView> {
  const today = utcDateOf(now.getTime());
  const [{ record, problem }, stored, claims] = await Promise.all([
    recordOf(db, mac), findDevice(db, mac).catch(() => null), searchClaims(db, { mac }, { limit: CLAIMS_SHOWN }),
  ]);
  const [modelName, shipped, replaced, replacedBy] = await Promise.all([
    modelDisplayName(db, record?.model), shippingClaim(db, stored),
    stored ? chain(db, stored, 'older') : [], stored ? chain(db, stored, 'newer') : [],
  ]);
  const facts = { at: now.toISOString(), claimsOpenedAt: claims.claims.map((claim) => claim.openedAt), ...(shipped?.shippedAt ? { replacementShippedAt: shipped.shippedAt } : {}) };
  const repeat = repeatClaimFlag(facts);
  const openClaim = claims.claims.find((claim) => !isTerminalStatus(claim.status)) ?? null;
  return {
    mac,
    known: record !== null,
    registryProblem: problem,
    device: record ? {
      ...record, modelName: modelName ?? null, warrantyEndsOn: warrantyLastDay(record.purchasedOn), leaseActive: leaseActiveOn(record, today),
      ...(stored?.serial ? { serial: stored.serial } : {}), ...(stored?.registeredByClaim ? { registeredByClaim: stored.registeredByClaim } : {}),
      ...(stored?.replacedByMac ? { replacedByMac: stored.replacedByMac } : {}),
    } : null,
    coverage: { asOf: today, ...coveragePreview(mac, record, today, problem ?? undefined) },
    openClaim,
    pastClaims: claims.claims.filter((claim) => claim !== openClaim),
    replaced,
    replacedBy,
    repeat,
    repeatIfOpenedNow: repeat.repeat || openClaim ? null : repeatIfOpenedNow(facts),
  };
}

/** The repeat flag of a claim: the claims on its device up to its opening, and the device's age if it is a replacement. */
export async function claimRepeatFlag(db: Db, claim: { mac: MacAddress; openedAt: string }): Promise<RepeatFlag> {
  const [claims, device] = await Promise.all([searchClaims(db, { mac: claim.mac }, { limit: CLAIMS_SHOWN }), findDevice(db, claim.mac).catch(() => null)]);
  const shipped = await shippingClaim(db, device);
  return repeatClaimFlag({ at: claim.openedAt, claimsOpenedAt: claims.claims.map((c) => c.openedAt), ...(shipped?.shippedAt ? { replacementShippedAt: shipped.shippedAt } : {}) });
}

/** One line of a lookup's results: a device and its latest claim. */
export interface DeviceMatch {
  mac: MacAddress;
  known: boolean;
  accountId: string;
  extension: string | null;
  model: string | null;
  modelName: string | null;
  replacedByMac: MacAddress | null;
  latestClaim: Pick<ClaimSummary, 'claimId' | 'status' | 'openedAt'> | null;
}

async function matchOf(db: Db, device: DeviceDoc | null, fallback: ClaimSummary | null): Promise<DeviceMatch> {
  const mac = device?.mac ?? fallback!.mac;
  const latest = fallback ?? (await searchClaims(db, { mac }, { limit: 1 })).claims[0] ?? null;
  const model = device?.model ?? latest?.model ?? null;
  return {
    mac, known: device !== null, accountId: device?.accountId ?? fallback!.accountId, extension: device?.extension ?? fallback?.extension ?? null,
    model, modelName: (await modelDisplayName(db, model)) ?? null, replacedByMac: device?.replacedByMac ?? null,
    latestClaim: latest ? { claimId: latest.claimId, status: latest.status, openedAt: latest.openedAt } : null,
  };
}

/** The devices of an account's extension (current devices first, then those replaced since). */
export async function devicesByExtension(db: Db, accountId: string, extension: string): Promise<DeviceMatch[]> {
  const matches = await Promise.all((await findDevicesOfExtension(db, accountId, extension)).map((device) => matchOf(db, device, null)));
  return matches.sort((a, b) => Number(a.replacedByMac !== null) - Number(b.replacedByMac !== null));
}

/** The devices a customer email has claims on, newest claim first (devices the registry does not know included). */
export async function devicesByEmail(db: Db, email: string): Promise<DeviceMatch[]> {
  const latestByMac = new Map<MacAddress, ClaimSummary>();
  for (const claim of (await searchClaims(db, { email }, { limit: CLAIMS_SHOWN })).claims) if (!latestByMac.has(claim.mac)) latestByMac.set(claim.mac, claim);
  return Promise.all([...latestByMac.values()].map(async (claim) => matchOf(db, await findDevice(db, claim.mac).catch(() => null), claim)));
}
