/** Routes a carrier tracking event to its claim's workflow as a Signal (the webhook's and the poller's `deliver`). */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import type { DeliverTrackingEvent } from '../carrier/tracking-ingest';
import { findClaimDoc } from '../data/claims';
import { trackingEventSignal } from '../workflows/messages';

/** Builds `deliver`: the route's workflow id (else the claim's, from the read model) → `trackingEvent` signal. */
export function createTrackingDelivery(deps: { client: Client; db: Db }): DeliverTrackingEvent {
  return async ({ claimId, event, workflowId }) => {
    const target = workflowId ?? (await findClaimDoc(deps.db, claimId))?.workflowId;
    if (!target) throw new Error(`tracking event ${event.eventId} names claim ${claimId}, which is not in the read model`);
    // The workflow deduplicates by eventId, so a redelivered signal changes nothing.
    await deps.client.workflow.getHandle(target).signal(trackingEventSignal, event);
  };
}
