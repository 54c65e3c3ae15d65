/** The public routes: the customer's tracking page (by its token) and the carrier's tracking webhook (by its secret). */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from 'mongodb';
import { createTrackingWebhookHandler } from '../../../carrier/webhook';
import type { DeliverTrackingEvent } from '../../../carrier/tracking-ingest';
import { claimFactsOf } from '../../../activities/customer-facts';
import { findClaimByTrackingToken } from '../../../data/claims';
import type { Branding } from '../../../notifications/branding';
import { contentSecurityPolicy } from '../../web/html';
import { renderTrackingPage } from '../../web/track-page';
import { notFound, HttpError } from '../errors';
import { defineRoute, type RouteSpec } from '../route';
import { trackParams, trackingResponse } from '../schemas';
import { trackingViewOf } from '../tracking-view';
import { z } from 'zod';
import { TRACKING_TOKEN_PATTERN } from '../../../domain/ids';

/** What the tracking page needs. */
export interface TrackRouteDeps {
  db: Db;
  branding: Branding;
  reprintsPerDay: number;
}

/** The tracking page route (HTML, or JSON with `Accept: application/json` or a `.json` suffix). */
export function trackRoutes(deps: TrackRouteDeps): RouteSpec[] {
  const logoOrigin = deps.branding.logoUrl ? [new URL(deps.branding.logoUrl).origin] : [];
  return [defineRoute({
    method: 'GET', url: '/track/:token', operationId: 'trackClaim', summary: 'Follow a replacement (customer)', tag: 'customer', access: 'public',
    params: trackParams,
    responses: {
      200: { description: 'The customer page (HTML), or its data with `Accept: application/json` or `/track/{token}.json`', schema: trackingResponse },
      404: { description: 'No claim has this token' },
    },
    handler: async ({ params, request, reply }) => {
      const wantsJson = params.token.endsWith('.json') || /application\/json/.test(request.headers.accept ?? '');
      const token = params.token.replace(/\.json$/, '');
      const claim = TRACKING_TOKEN_PATTERN.test(token) ? await findClaimByTrackingToken(deps.db, token) : null;
      if (!claim) throw notFound('tracking page');
      const view = trackingViewOf(claim, await claimFactsOf(deps.db, claim, deps.branding.publicBaseUrl));
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
      if (wantsJson) return view;
      const html = renderTrackingPage(view, { brand: deps.branding, reprintPath: `/track/${token}/return-label`, reprintsPerDay: deps.reprintsPerDay });
      return reply.type('text/html; charset=utf-8').header('content-security-policy', contentSecurityPolicy(undefined, logoOrigin)).send(html);
    },
  })];
}

/**
 * Shippo's `track_updated` webhook, `POST /webhooks/shippo?token=<secret>`; needs the raw body (see server). `close`
 * writes the routes' progress notes still queued (written behind, carrier/progress-writer.ts): call it on shutdown.
 */
export function webhookRoutes(deps: { db: Db; secret: string; deliver: DeliverTrackingEvent; log: FastifyBaseLogger }): { routes: RouteSpec[]; close(): Promise<void> } {
  const handle = createTrackingWebhookHandler({
    db: deps.db, secret: deps.secret, deliver: deps.deliver,
    log: { info: (fields, message) => deps.log.info(fields, message), warn: (fields, message) => deps.log.warn(fields, message) },
  });
  const routes = [defineRoute({
    method: 'POST', url: '/webhooks/shippo', operationId: 'shippoWebhook', summary: 'Receive a carrier tracking update', tag: 'carrier', access: 'webhook',
    query: z.looseObject({ token: z.string().optional().describe('the webhook secret') }),
    body: z.string().describe('Shippo track_updated payload (JSON)'),
    responses: {
      200: { description: 'Processed', schema: z.looseObject({}) },
      202: { description: 'Accepted but ignored (unknown parcel, other event)', schema: z.looseObject({}) },
      500: { description: 'Temporarily unable to process; Shippo retries' },
    },
    handler: async ({ query, body, reply }) => {
      const result = await handle({ query: { token: query.token }, rawBody: body });
      if (result.status === 401 || result.status === 400) {
        const message = (result.body as { error?: unknown }).error;
        throw new HttpError(result.status, typeof message === 'string' ? message : JSON.stringify(message));
      }
      return reply.code(result.status).send(result.body);
    },
  })];
  return { routes, close: handle.close };
}
