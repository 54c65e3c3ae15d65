/**
 * When each seeded claim happened: its outcome and the instants of its steps, drawn from a seeded stream per claim
 * so a history is the same on every run. The closing instant is spread evenly over the window; the steps before it
 * take as long as they do in the product (seconds to decide, hours to ship, days to deliver and return).
 */
import { DEFAULT_CLAIM_POLICY } from '../../../domain/policy';
import { returnSchedule } from '../../../domain/deadlines';
import { randomSource, seedOf } from './random';

/** The terminal statuses a seeded claim ends in. */
export type FinishedStatus = 'closed' | 'closed-unreturned' | 'denied' | 'cancelled';

/** How often each outcome happens: most claims close with the device returned. */
export const OUTCOME_MIX: Readonly<Record<FinishedStatus, number>> = { closed: 84, 'closed-unreturned': 6, denied: 6, cancelled: 4 };

/** Why a denied claim was denied (the eligibility rule its device and fault lead to). */
export type DenialCause = 'warranty-expired' | 'third-party' | 'physical-damage' | 'supervisor';

/** Share of claims on a device the registry does not know, decided by a supervisor after review. */
const REVIEWED_SHARE = 0.04;

const SECOND = 1_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The outcome and step instants (epoch ms) of one seeded claim. */
export interface ClaimTiming {
  index: number;
  status: FinishedStatus;
  /** The device was unknown: a supervisor reviewed the claim before the decision. */
  reviewed: boolean;
  denial?: DenialCause;
  openedAt: number;
  decidedAt: number;
  /** Unit reserved, labels bought, pick-pack-ship task opened (approved claims). */
  awaitingShipmentAt?: number;
  handedOverAt?: number;
  deliveredAt?: number;
  /** First carrier scan of the return parcel, and its receipt at the warehouse (`closed`). */
  returnScannedAt?: number;
  receivedAt?: number;
  cancelledAt?: number;
  closedAt: number;
}

/** The timing of claim `index` of the history seeded with `seed`, closing in the `days` days before `now`. */
export function claimTiming(seed: number, index: number, days: number, now: number): ClaimTiming {
  const random = randomSource(seedOf(seed, index, 1));
  const status = random.weighted(OUTCOME_MIX);
  const reviewed = random.chance(REVIEWED_SHARE);
  const between = (from: number, to: number) => from + Math.floor(random.next() * (to - from));
  const decidedAt = reviewed ? between(2 * HOUR, 30 * HOUR) : between(1.5 * SECOND, 4 * SECOND);
  const timing: Omit<ClaimTiming, 'closedAt'> = { index, status, reviewed, openedAt: 0, decidedAt };
  let closedAt: number;
  if (status === 'denied') {
    timing.denial = reviewed ? 'supervisor' : random.weighted({ 'warranty-expired': 55, 'physical-damage': 35, 'third-party': 10 });
    closedAt = decidedAt + 100;
  } else {
    const awaitingShipmentAt = decidedAt + between(1.2 * SECOND, 3 * SECOND);
    timing.awaitingShipmentAt = awaitingShipmentAt;
    if (status === 'cancelled') {
      timing.cancelledAt = awaitingShipmentAt + between(1 * HOUR, 20 * HOUR);
      closedAt = timing.cancelledAt + between(1 * SECOND, 3 * SECOND);
    } else {
      const handedOverAt = awaitingShipmentAt + between(1 * HOUR, 28 * HOUR);
      const deliveredAt = handedOverAt + between(1 * DAY, 4 * DAY);
      Object.assign(timing, { handedOverAt, deliveredAt });
      if (status === 'closed') {
        timing.returnScannedAt = deliveredAt + between(1 * DAY, 25 * DAY);
        timing.receivedAt = timing.returnScannedAt + between(2 * DAY, 6 * DAY);
        closedAt = timing.receivedAt + 200;
      } else {
        closedAt = returnSchedule(deliveredAt, DEFAULT_CLAIM_POLICY).unreturnedAt + between(1 * SECOND, 3 * SECOND);
      }
    }
  }
  // Spread the closings evenly over the window, then move every step by the same amount.
  const shift = now - between(60 * SECOND, days * DAY) - closedAt;
  const moved = Object.fromEntries(Object.entries(timing).map(([key, value]) => [key, key.endsWith('At') ? (value as number) + shift : value]));
  return { ...(moved as Omit<ClaimTiming, 'closedAt'>), closedAt: closedAt + shift };
}
