/** Shippo `track_updated` webhook handler, framework-agnostic: authenticate, parse, route, de-duplicate, order, deliver. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from 'mongodb';
import { WebhookPayloadTrack$inboundSchema } from 'shippo/models/components/webhookpayloadtrack';
import { toTrackingSnapshot } from './shippo-mapping';
import { createTrackingIngest, silentLogger, type CarrierLogger, type DeliverTrackingEvent } from './tracking-ingest';
import { jsonShapeProblem } from '../schemas/json-shape';
import { formatIssues } from '../schemas/issues';
import { stripNulls } from './validation';

/** The request parts the handler reads. */
export interface WebhookRequest {
  query: Record<string, string | undefined>;
  rawBody: string;
}

/** What to answer. 200 processed, 202 accepted but ignored, 400 malformed, 401 forged, 500 retry later. */
export interface WebhookResponse {
  status: number;
  body: unknown;
}

/** Constant-time comparison of a presented token with the secret (digests, so lengths never leak). */
export function tokensMatch(presented: string | undefined, secret: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented ?? ''), digest(secret)) && presented !== undefined;
}

/**
 * Creates the handler. `secret` is the `?token=` value in the webhook URL registered with Shippo. The routes'
 * progress is written behind (`progressFlushMs`, see progress-writer.ts): call the handler's `close()` on shutdown.
 */
export function createTrackingWebhookHandler(deps: { db: Db; secret: string; deliver: DeliverTrackingEvent; log?: CarrierLogger; progressFlushMs?: number }) {
  if (deps.secret.length < 16) throw new Error('webhook secret: must be at least 16 characters');
  const log = deps.log ?? silentLogger;
  const ingest = createTrackingIngest({ db: deps.db, deliver: deps.deliver, log, ...(deps.progressFlushMs !== undefined ? { progressFlushMs: deps.progressFlushMs } : {}) });

  /** Handles one delivery. Idempotent: Shippo's retries and duplicate deliveries change nothing after the first. */
  async function handleTrackingWebhook(request: WebhookRequest): Promise<WebhookResponse> {
    if (!tokensMatch(request.query.token, deps.secret)) {
      log.warn({ hasToken: request.query.token !== undefined }, 'tracking webhook with a missing or wrong token refused');
      return { status: 401, body: { error: 'token: missing or wrong' } };
    }
    let json: unknown;
    try {
      json = JSON.parse(request.rawBody);
    } catch (error) {
      return { status: 400, body: { error: `body: not valid JSON (${(error as Error).message})` } };
    }
    const shape = jsonShapeProblem(json);
    if (shape) return { status: 400, body: { error: `${shape.field}: ${shape.message}` } };
    // Shippo sends nulls for absent values; the SDK's schemas reject them, so they are dropped first.
    const cleaned = stripNulls(json);
    if (!cleaned || typeof cleaned !== 'object' || Array.isArray(cleaned)) return { status: 400, body: { error: 'body: must be a JSON object' } };
    const event = (cleaned as { event?: unknown }).event;
    if (event !== 'track_updated') {
      if (typeof event !== 'string') return { status: 400, body: { error: 'event: required string' } };
      log.info({ event }, 'webhook event other than track_updated ignored');
      return { status: 202, body: { ignored: `event ${event}` } };
    }
    const parsed = WebhookPayloadTrack$inboundSchema.safeParse(cleaned);
    if (!parsed.success) return { status: 400, body: { error: formatIssues(parsed.error.issues, '(root)').join('; ') } };
    if (!parsed.data.data) return { status: 400, body: { error: 'data: required for track_updated' } };
    const snapshot = toTrackingSnapshot(parsed.data.data);
    try {
      const outcome = await ingest(snapshot);
      if (!outcome.routed) return { status: 202, body: { ignored: `unknown tracking number ${snapshot.trackingNumber}` } };
      return { status: 200, body: outcome };
    } catch (error) {
      log.warn({ trackingNumber: snapshot.trackingNumber, error: (error as Error).message }, 'tracking webhook not processed; Shippo will retry');
      return { status: 500, body: { error: 'temporarily unable to process; retry' } };
    }
  }

  return Object.assign(handleTrackingWebhook, { flush: ingest.flush, close: ingest.close });
}
