/**
 * The sandbox's admin route, on in the embedded stack only (`startShippoSandbox({ admin: true })`): read and set the
 * fault knobs, and play a carrier scan (the sandbox appends the status and POSTs its real `track_updated` webhook).
 *
 *   GET  /__admin/faults                     the knobs in force
 *   PUT  /__admin/faults   { rate500: 3, … }  replaces them ({} clears); `tokenRevoked: true` refuses every API call (401)
 *   POST /__admin/scans    { trackingNumber, status }   one scan → webhook; answers with the app's HTTP status
 */
import { z } from 'zod';
import { fieldErrors } from './requests';
import type { RouteResult } from './routes';
import type { SandboxFaults, WebhookDelivery } from './server';
import { TRACKING_STATUSES, type SandboxTrackingStatus } from './tracking';

/** Path prefix of the admin route (outside Shippo's API). */
export const ADMIN_PREFIX = '/__admin';

const fraction = z.number().min(0).max(1);
const count = z.number().int().min(0);
/** The fault knobs as the admin route accepts them (unknown fields refused). */
export const faultsInput: z.ZodType<SandboxFaults> = z.strictObject({
  rate429: count.optional(),
  retryAfterSeconds: count.optional(),
  rate500: count.optional(),
  latencyMs: count.optional(),
  dropAfterCommit: count.optional(),
  onlyPath: z.string().startsWith('/').optional(),
  chance: z.strictObject({ rate429: fraction.optional(), rate500: fraction.optional(), dropAfterCommit: fraction.optional() }).optional(),
  tokenRevoked: z.boolean().optional(),
});

const scanInput = z.strictObject({ trackingNumber: z.string().trim().min(1), status: z.enum(TRACKING_STATUSES) });

/** What the admin route drives. */
export interface AdminControls {
  faults(): SandboxFaults;
  setFaults(faults: SandboxFaults): void;
  playTracking(trackingNumber: string, statuses: SandboxTrackingStatus[]): Promise<WebhookDelivery[]>;
}

/** Routes one admin request (`path` without trailing slash). */
export async function adminRoute(controls: AdminControls, method: string, path: string, body: unknown): Promise<RouteResult> {
  if (path === `${ADMIN_PREFIX}/faults` && method === 'GET') return { status: 200, body: controls.faults() };
  if (path === `${ADMIN_PREFIX}/faults` && method === 'PUT') {
    const parsed = faultsInput.safeParse(body ?? {});
    if (!parsed.success) return { status: 400, body: fieldErrors(parsed.error) };
    controls.setFaults(parsed.data);
    return { status: 200, body: controls.faults() };
  }
  if (path === `${ADMIN_PREFIX}/scans` && method === 'POST') {
    const parsed = scanInput.safeParse(body);
    if (!parsed.success) return { status: 400, body: fieldErrors(parsed.error) };
    const [delivery] = await controls.playTracking(parsed.data.trackingNumber, [parsed.data.status]);
    return { status: 200, body: { trackingNumber: delivery!.trackingNumber, status: delivery!.status, webhookStatus: delivery!.responseStatus } };
  }
  return { status: 404, body: { detail: `no admin route ${method} ${path} (GET|PUT ${ADMIN_PREFIX}/faults, POST ${ADMIN_PREFIX}/scans)` } };
}
