/** Tracking timelines of the sandbox: labels it sold, numbers registered with it, and the `shippo` test carrier. */
import { isoNow, newObjectId, type Wire } from './objects';

/** Shippo's closed tracking status enum. */
export const TRACKING_STATUSES = ['UNKNOWN', 'PRE_TRANSIT', 'TRANSIT', 'DELIVERED', 'RETURNED', 'FAILURE'] as const;
/** One of Shippo's tracking statuses. */
export type SandboxTrackingStatus = (typeof TRACKING_STATUSES)[number];

const DETAILS: Record<SandboxTrackingStatus, string> = {
  UNKNOWN: 'The carrier has not received tracking information yet.',
  PRE_TRANSIT: 'Shipping label created; the carrier is awaiting the item.',
  TRANSIT: 'Your shipment is in transit.',
  DELIVERED: 'Your shipment has been delivered.',
  RETURNED: 'Your shipment is being returned to the sender.',
  FAILURE: 'The carrier could not deliver your shipment.',
};

/** The `shippo` test carrier's tracking numbers and the timelines they report. */
export const SHIPPO_TEST_NUMBERS: Record<string, SandboxTrackingStatus[]> = {
  SHIPPO_PRE_TRANSIT: ['PRE_TRANSIT'],
  SHIPPO_TRANSIT: ['PRE_TRANSIT', 'TRANSIT'],
  SHIPPO_DELIVERED: ['PRE_TRANSIT', 'TRANSIT', 'DELIVERED'],
  SHIPPO_RETURNED: ['PRE_TRANSIT', 'TRANSIT', 'RETURNED'],
  SHIPPO_FAILURE: ['PRE_TRANSIT', 'TRANSIT', 'FAILURE'],
  SHIPPO_UNKNOWN: ['UNKNOWN'],
};

interface TimelineEntry {
  objectId: string;
  status: SandboxTrackingStatus;
  at: string;
}

interface Timeline {
  carrier: string;
  trackingNumber: string;
  serviceLevel?: { token: string; name: string };
  transactionId?: string;
  metadata?: string;
  registered: boolean;
  entries: TimelineEntry[];
}

function statusObject(entry: TimelineEntry): Wire {
  return {
    object_id: entry.objectId, object_created: entry.at, object_updated: entry.at, status: entry.status,
    status_details: DETAILS[entry.status], status_date: entry.at, substatus: null,
    location: { city: 'San Francisco', state: 'CA', zip: '94117', country: 'US' },
  };
}

/** Holds every tracked shipment and renders Shippo `Track` objects (with the `null`s the real API sends). */
export class TrackingBook {
  private readonly timelines = new Map<string, Timeline>();

  /** Starts the timeline of a label the sandbox sold (status UNKNOWN until played). */
  addLabel(carrier: string, trackingNumber: string, transactionId: string, serviceLevel: { token: string; name: string }): void {
    this.timelines.set(trackingNumber, { carrier, trackingNumber, transactionId, serviceLevel, registered: true, entries: [] });
  }

  /** Registers a number for webhooks (`POST /tracks`); re-registering keeps the history. */
  register(carrier: string, trackingNumber: string, metadata?: string): Timeline {
    const timeline = this.timeline(carrier, trackingNumber);
    timeline.registered = true;
    if (metadata !== undefined) timeline.metadata = metadata;
    return timeline;
  }

  /** Appends one status (dated now, or `at`) and returns the updated timeline. */
  append(trackingNumber: string, status: SandboxTrackingStatus, at: string = isoNow()): Timeline {
    const timeline = this.timeline('usps', trackingNumber);
    timeline.entries.push({ objectId: newObjectId(), status, at });
    return timeline;
  }

  /** The `Track` object of a number, as `GET /tracks/{carrier}/{number}` returns it. */
  track(carrier: string, trackingNumber: string): Wire {
    return this.render(this.timeline(carrier, trackingNumber));
  }

  /** The known timeline of a number, if any. */
  find(trackingNumber: string): Timeline | undefined {
    return this.timelines.get(trackingNumber);
  }

  private timeline(carrier: string, trackingNumber: string): Timeline {
    const existing = this.timelines.get(trackingNumber);
    if (existing) return existing;
    const created: Timeline = { carrier, trackingNumber, registered: false, entries: [] };
    const canned = carrier === 'shippo' ? SHIPPO_TEST_NUMBERS[trackingNumber] : undefined;
    const start = Date.now() - (canned?.length ?? 0) * 3_600_000;
    (canned ?? []).forEach((status, index) => {
      created.entries.push({ objectId: newObjectId(), status, at: new Date(start + index * 3_600_000).toISOString() });
    });
    this.timelines.set(trackingNumber, created);
    return created;
  }

  /** Renders a `Track` with the `null` fields real Shippo sends. */
  render(timeline: Timeline): Wire {
    const history = timeline.entries.map(statusObject);
    const current = history[history.length - 1] ?? statusObject({ objectId: newObjectId(), status: 'UNKNOWN', at: isoNow() });
    return {
      carrier: timeline.carrier, tracking_number: timeline.trackingNumber, eta: null, original_eta: null,
      servicelevel: timeline.serviceLevel ?? { token: null, name: null }, metadata: timeline.metadata ?? null,
      address_from: { city: 'San Francisco', state: 'CA', zip: '94117', country: 'US' }, address_to: null,
      transaction: timeline.transactionId ?? null, messages: [], tracking_status: current, tracking_history: history,
    };
  }
}
