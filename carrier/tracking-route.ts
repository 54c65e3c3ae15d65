/** A tracking route's document, its two shapes in the poller's working set, and the updates the store writes to it. */
import type { LegKind, TrackingStatus } from '../domain/types';

/** The other leg of a claim whose labels were bought together. */
export interface PairedLeg {
  trackingNumber: string;
  leg: LegKind;
  carrier: string;
}

/** Who a tracking number's route belongs to, as the label purchase knows it. */
export interface RouteOwner extends PairedLeg {
  claimId: string;
  /** The claim's workflow (stored by the label purchase; older routes lack it and are looked up in the read model). */
  workflowId?: string;
  /** The claim's other leg, when both labels were bought together (a reader of one remembers the other). */
  pairedLeg?: PairedLeg;
}

/** Where a tracking number's events go, and how far the leg has come. `_id` is the tracking number. */
export interface TrackingRoute extends RouteOwner {
  _id: string;
  /** False once the leg reached a final status or its label was voided (the route then lives in `tracking_numbers`). */
  active: boolean;
  /**
   * Set on a route that reached a final status in `tracking_active`: it stays there, inactive, until the poller's
   * round moves it to `tracking_numbers` with others in one batch (see `moveFinishedRoutes`); never stored there.
   */
  awaitingMove?: boolean;
  registered: boolean;
  lastRank?: number;
  lastOccurredAt?: string;
  lastStatus?: TrackingStatus;
  /** The keys of the events signalled for this leg (a repeat of one is a duplicate, not a stale event). */
  deliveredKeys?: string[];
  /** Last time an event arrived or the carrier was polled. */
  lastUpdateAt: Date;
  createdAt: Date;
}

/** What an ingest learnt about a leg (see `noteProgress`). */
export interface RouteProgress {
  position?: { rank: number; occurredAt: string; status?: TrackingStatus };
  deliveredKeys: string[];
  final: boolean;
  heardAt?: Date;
  /** The poller's own rounds: also move a legacy route's stub (a whole route carries its own `lastUpdateAt`). */
  touchWorkingSet?: boolean;
  /** The route as the ingest read it (saves a read when a final status moves it). */
  route?: TrackingRoute;
}

/** A `tracking_active` document: an active leg's whole route (it has `claimId`), or an older version's stub. */
export type WorkingSetEntry = Partial<TrackingRoute> & { _id: string; lastUpdateAt: Date };

/** True when a `tracking_active` document is a whole route, not a legacy stub. */
export function isWholeRoute(entry: WorkingSetEntry | null): entry is TrackingRoute {
  return typeof entry?.claimId === 'string';
}

/** The routes in `tracking_active` that reached a final status and wait for the poller's round to move them. */
export const finishedInWorkingSet = { awaitingMove: true } as const;
/** The routes in `tracking_active` the poller polls: active ones, and older versions' stubs (which have no `active`). */
export const pollable = { active: { $ne: false } } as const;

/** The whole route of `trackingNumber` in `tracking_active` (a legacy stub does not match). */
export const wholeRoute = (trackingNumber: string) => ({ _id: trackingNumber, claimId: { $exists: true } });
/** The legacy stub of `trackingNumber` in `tracking_active` (a whole route does not match). */
export const legacyStub = (trackingNumber: string) => ({ _id: trackingNumber, claimId: { $exists: false } });

/** A new number's route, active. */
export function newRoute(owner: RouteOwner, registered: boolean, now: Date): TrackingRoute {
  return { _id: owner.trackingNumber, ...owner, active: true, registered, lastUpdateAt: now, createdAt: now };
}

/**
 * The route of `route`'s paired leg as the label purchase inserted it (owner fields, no progress): what a reader of
 * one leg may remember of the other. Its progress may have moved on since, which only means an event is signalled
 * again (the workflow drops it by eventId).
 */
export function pairedRouteAsInserted(route: TrackingRoute): TrackingRoute | undefined {
  const paired = route.pairedLeg;
  if (!paired) return undefined;
  const owner: RouteOwner = {
    trackingNumber: paired.trackingNumber, claimId: route.claimId, leg: paired.leg, carrier: paired.carrier,
    ...(route.workflowId ? { workflowId: route.workflowId } : {}), pairedLeg: { trackingNumber: route.trackingNumber, leg: route.leg, carrier: route.carrier },
  };
  return newRoute(owner, route.registered, route.createdAt);
}

/** The update that records who a route belongs to (its progress untouched). */
export function ownerUpdate(owner: RouteOwner) {
  return { $set: { claimId: owner.claimId, leg: owner.leg, carrier: owner.carrier, ...(owner.workflowId ? { workflowId: owner.workflowId } : {}), ...(owner.pairedLeg ? { pairedLeg: owner.pairedLeg } : {}) } };
}

/** The route fields a progress note sets: the time the carrier was heard from and the leg's new position. */
export function progressFields({ position, heardAt }: RouteProgress): Partial<TrackingRoute> {
  const set: Partial<TrackingRoute> = heardAt ? { lastUpdateAt: heardAt } : {};
  if (position) Object.assign(set, { lastRank: position.rank, lastOccurredAt: position.occurredAt, ...(position.status ? { lastStatus: position.status } : {}) });
  return set;
}

/** The update that adds signalled events' keys to a route (none when there are none). */
export const addKeys = (keys: string[]) => (keys.length > 0 ? { $addToSet: { deliveredKeys: { $each: keys } } } : {});

/** A progress note's update of the route (a final status also marks a route in the working set finished). */
export function progressUpdate(progress: RouteProgress) {
  return { $set: { ...progressFields(progress), ...(progress.final ? { active: false, ...finishedInWorkingSet } : {}) }, ...addKeys(progress.deliveredKeys) };
}

/** True when a note's route may be in the working set: not read finished from `tracking_numbers`. */
export const mayBeInWorkingSet = ({ route }: RouteProgress): boolean => route?.active !== false || route.awaitingMove === true;
