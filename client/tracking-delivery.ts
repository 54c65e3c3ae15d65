/** Routes a carrier tracking event to its claim's workflow as a Signal (the webhook's and the poller's `deliver`). */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import type { DeliverTrackingEvent } from '../carrier/tracking-ingest';
import { findClaim } from '../data/claims';
import { trackingEventSignal } from '../workflows/messages';

/** Builds `deliver`: claim id → workflow id (from the read model) → `trackingEvent` signal. */
export function createTrackingDelivery(deps: { client: Client; db: Db }): DeliverTrackingEvent {
  return async ({ claimId, event }) => {
    const claim = await findClaim(deps.db, claimId);
    if (!claim) throw new Error(`tracking event ${event.eventId} names claim ${claimId}, which is not in the read model`);
    // The workflow deduplicates by eventId, so a redelivered signal changes nothing.
    await deps.client.workflow.getHandle(claim.workflowId).signal(trackingEventSignal, event);
  };
}
