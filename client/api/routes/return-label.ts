/**
 * `POST /track/:token/return-label`: the customer prints the claim's prepaid return label again from the tracking
 * page. Only by the page's token, only while the return is due (delivered or overdue), at most `reprintsPerDay` per
 * claim and UTC day (a unique-`_id` insert per reprint, see data/label-reprints.ts), on top of the public per-client
 * rate limit. Each reprint is logged on the claim's timeline by the claim workflow (signal `returnLabelReprinted`):
 * the workflow owns the read model, and it writes the claim document one update at a time. A browser form post gets
 * an HTML page for a refusal; other clients get the usual JSON error.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { findClaimByTrackingToken } from '../../../data/claims';
import { takeLabelReprint } from '../../../data/label-reprints';
import type { ClaimView } from '../../../data/schemas/claim';
import type { Branding } from '../../../notifications/branding';
import { returnLabelReprintedSignal } from '../../../workflows/messages';
import { renderCustomerNotice } from '../../web/track-page';
import { HttpError, notFound } from '../errors';
import { defineRoute, type RouteSpec } from '../route';
import { RETURN_DUE_STATUSES } from '../tracking-view';
import { TRACKING_TOKEN_PATTERN } from '../../../domain/ids';

/** Largest label PDF passed on to the customer. */
const MAX_LABEL_BYTES = 5 * 1024 * 1024;
const LABEL_FETCH_TIMEOUT_MS = 10_000;

/** What the reprint route needs. */
export interface ReturnLabelDeps {
  db: Db;
  temporal: Client;
  branding: Branding;
  reprintsPerDay: number;
  clock: () => Date;
  /** Fetches the label from the carrier's URL (default: global fetch). */
  fetchLabel?: (url: string) => Promise<Response>;
}

/** The reprint route. */
export function returnLabelRoutes(deps: ReturnLabelDeps): RouteSpec[] {
  const fetchLabel = deps.fetchLabel ?? ((url: string) => fetch(url, { signal: AbortSignal.timeout(LABEL_FETCH_TIMEOUT_MS), redirect: 'follow' }));
  return [defineRoute({
    method: 'POST', url: '/track/:token/return-label', operationId: 'reprintReturnLabel', tag: 'customer', access: 'public',
    summary: 'Download the claim’s prepaid return label again (customer, while the return is due)',
    params: z.object({ token: z.string().max(64, 'is not a tracking token') }),
    bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: {
      200: { description: 'The return label (PDF, as an attachment)', contentType: 'application/pdf' },
      404: { description: 'No claim has this token' },
      409: { description: 'The return is not due (not delivered yet, on its way, or the claim is closed)' },
      429: { description: 'This claim’s reprints for today are used up (`Retry-After`), or too many requests' },
      502: { description: 'The carrier’s label could not be fetched; try again later' },
      503: { description: 'The reprint could not be logged on the claim; try again later' },
    },
    handler: async ({ params, request, reply }) => {
      const claim = TRACKING_TOKEN_PATTERN.test(params.token) ? await findClaimByTrackingToken(deps.db, params.token) : null;
      try {
        if (!claim) throw notFound('tracking page');
        const pdf = await reprint(deps, claim, fetchLabel);
        return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('application/pdf')
          .header('content-disposition', `attachment; filename="return-label-${claim.claimId.replace(/[^A-Za-z0-9_-]/g, '')}.pdf"`).send(pdf);
      } catch (error) {
        if (error instanceof RetryLater) reply.header('retry-after', String(error.retryAfterSeconds));
        if (error instanceof HttpError && wantsHtml(request)) return refusalPage(reply, error, deps.branding, claim ? params.token : undefined);
        throw error;
      }
    },
  })];
}

/** Checks the claim, takes a reprint, fetches the PDF and logs the reprint with the workflow. */
async function reprint(deps: ReturnLabelDeps, claim: ClaimView, fetchLabel: (url: string) => Promise<Response>): Promise<Buffer> {
  if (!RETURN_DUE_STATUSES.includes(claim.status)) throw new HttpError(409, refusalFor(claim.status));
  const label = claim.legs.return;
  if (!label) throw new HttpError(409, 'this claim has no return label to print');
  const now = deps.clock();
  const taken = await takeLabelReprint(deps.db, claim.claimId, now, deps.reprintsPerDay);
  if (!taken) throw new RetryLater(`the return label was printed ${deps.reprintsPerDay} times today; try again tomorrow or call us`, secondsToNextUtcDay(now));
  const pdf = await downloadPdf(label.labelUrl, fetchLabel);
  try {
    await deps.temporal.workflow.getHandle(claim.workflowId).signal(returnLabelReprintedSignal, {
      reprintId: `${taken.day}-${taken.number}`, at: taken.at, dailyLimit: deps.reprintsPerDay,
    });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new HttpError(409, 'the claim is closed: its return label can no longer be printed');
    throw new HttpError(503, 'the reprint could not be recorded on your claim; please try again in a minute');
  }
  return pdf;
}

function refusalFor(status: ClaimView['status']): string {
  if (status === 'return-in-transit' || status === 'return-received') return 'the return is already on its way: the label was used';
  if (['closed', 'closed-unreturned', 'cancelled', 'denied'].includes(status)) return 'the claim is closed: its return label can no longer be printed';
  return 'the return label can be printed again once the replacement is delivered';
}

/** The PDF at the carrier's label URL; 502 when it does not answer with a PDF of sane size. */
async function downloadPdf(url: string, fetchLabel: (url: string) => Promise<Response>): Promise<Buffer> {
  let bytes: Buffer;
  try {
    const response = await fetchLabel(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    if (Number(response.headers.get('content-length') ?? 0) > MAX_LABEL_BYTES) throw new Error('too large');
    bytes = Buffer.from(await response.arrayBuffer());
  } catch {
    throw new HttpError(502, 'the carrier’s label could not be fetched; please try again in a few minutes');
  }
  if (bytes.length > MAX_LABEL_BYTES || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new HttpError(502, 'the carrier did not send a PDF label; please try again later or call us');
  }
  return bytes;
}

/** 429 with `Retry-After`. */
class RetryLater extends HttpError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(429, message);
  }
}

function secondsToNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

function wantsHtml(request: FastifyRequest): boolean {
  return /text\/html/.test(request.headers.accept ?? '');
}

/** The refusal as a page the customer can read, with the way back to the tracking page. */
function refusalPage(reply: FastifyReply, error: HttpError, brand: Branding, token?: string) {
  const notice = renderCustomerNotice({
    brand, title: 'The return label could not be printed', message: `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`,
    ...(token ? { backPath: `/track/${token}` } : {}),
  });
  return reply.code(error.statusCode).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notice);
}
