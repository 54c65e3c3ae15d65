/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers and the OpenAPI document */
/**
 * The product on real parts (test/support/app.ts: Temporal dev server, FerretDB, Shippo sandbox, SMTP sink, worker)
 * plus the API server on a real port, with the sandbox's tracking webhooks pointed at the API's webhook route,
 * and registry fixtures (through the data layer's import and restock): an in-warranty device per test, grade-A stock.
 */
import { createClaimActivities } from '../../../activities/claims';
import { openTaskForClaim } from '../../../data/claim-legacy';
import type { TaskKind } from '../../../domain/types';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DEV_API_KEYS, type Role } from '../../../client/api/api-keys';
import { createApiServer } from '../../../client/api/server';
import { loadConfig, type AppConfig } from '../../../config/env';
import { brandingFromConfig } from '../../../notifications/branding';
import { importFile } from '../../../data/import/run';
import type { ImportKind } from '../../../data/import/rows';
import { restockUnits } from '../../../data/inventory';
import { findFreePort } from '../../../scripts/lib/ports';
export { pageVisitor, type PageVisitor } from '../../../scripts/lib/page-visitor';
import { startTestApp, type TestApp } from '../../support/app';

/** The model every fixture device is. */
export const MODEL = 'yealink-t54w';
const WEBHOOK_SECRET = 'surfaces-webhook-secret-0123456789';

/** A running product with its API. */
export interface SurfaceApp {
  product: TestApp;
  db: Db;
  api: FastifyInstance;
  baseUrl: string;
  config: AppConfig;
  /** Everything the API logged. */
  logs(): string;
  /** `fetch` against the API with a role's dev key (or none). */
  call(role: Role | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  stop(): Promise<void>;
}

/** Imports rows through the data layer's registry import (the product's own path for registry data). */
export async function importRows(db: Db, kind: ImportKind, rows: object[]): Promise<void> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rf-import-')), `${kind}.json`);
  fs.writeFileSync(file, JSON.stringify(rows));
  const report = await importFile(db, kind, file);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (report.rejectedRows > 0) throw new Error(`fixture ${kind} rejected: ${JSON.stringify(report.rejected)}`);
}

/** Registers an in-warranty device (bought 30 days ago, installation channel) with that MAC. */
export async function registerDevice(db: Db, mac: string, extension = '2101'): Promise<void> {
  const purchasedOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await importRows(db, 'devices', [{ mac, extension, accountId: 'ACME-1001', model: MODEL, channel: 'installation', purchasedOn }]);
}

/** A valid trigger for `mac` (any notation). */
export function claimRequest(mac: string, extension = '2101', email = 'dana.whitfield@acme.example') {
  return {
    mac, extension, accountId: 'ACME-1001',
    contact: { name: 'Dana Whitfield', phone: '+1 214 555 0101', email, locale: 'en-US', timeZone: 'America/Chicago' },
    shipTo: { name: 'Dana Whitfield', company: 'Acme Dental', street1: '1401 Elm St', city: 'Dallas', state: 'TX', postalCode: '75202', country: 'US' },
    fault: 'defect', description: 'Handset audio cuts out; reboots every few minutes.',
    troubleshooting: { remoteSession: true, cablingChecked: true, photoRefs: [] }, triggeredBy: 'agent.morgan',
  };
}

/** A claim in the read model with one open task (for page tests that need a task without running a workflow). */
export async function claimWithTask(db: Db, claimId: string, task: { kind: TaskKind; slaDueAt: string; summary: string }, mac = '00:15:65:AB:CD:99'): Promise<void> {
  await createClaimActivities({ db }).recordClaimOpened({ claimId, workflowId: `claim-${claimId}`, openedAt: new Date().toISOString(), request: claimRequest(mac) as never });
  await openTaskForClaim(db, { claimId, ...task }, new Date());
}

/** Starts everything; `env` overrides settings (e.g. a low public rate limit). */
export async function startSurfaceApp(env: Record<string, string> = {}): Promise<SurfaceApp> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ SHIPPO_WEBHOOK_SECRET: WEBHOOK_SECRET, PUBLIC_BASE_URL: baseUrl, LOG_LEVEL: 'info', ...env });
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const product = await startTestApp({ branding: brandingFromConfig(config) });
  const db = product.database.db;
  const api = await createApiServer({ config, db, temporal: product.client, taskQueue: product.taskQueue, logStream: stream });
  try {
    await importRows(db, 'models', [{ model: MODEL, manufacturer: 'Yealink', name: 'T54W', similarModels: [] }]);
    await restockUnits(db, Array.from({ length: 20 }, (_, i) => ({ unitId: `U-${MODEL}-${i + 1}`, model: MODEL, grade: 'A' as const })));
    await api.listen({ port, host: '127.0.0.1' });
    product.sandbox.setWebhookUrl(`${baseUrl}/webhooks/shippo?token=${WEBHOOK_SECRET}`);
  } catch (error) {
    // Without this, a failed fixture would leave the worker polling and the test run hanging.
    await api.close().catch(() => undefined);
    await product.stop();
    throw error;
  }

  return {
    product, db, api, baseUrl, config,
    logs: () => lines.join(''),
    async call(role, method, path, body, headers = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(role ? { 'x-api-key': DEV_API_KEYS[role] } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
        redirect: 'manual',
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text, headers: response.headers };
    },
    async stop() {
      await api.close();
      await product.stop();
    },
  };
}

/** Opens a claim for `mac` through the API, waits for its shipment and records it; the claim's id and outbound tracking number. */
export async function openAndShipClaim(s: SurfaceApp, mac: string, extension: string, shipment: { replacementMac: string; serial: string }): Promise<{ claimId: string; outboundTrackingNumber: string }> {
  const opened = await s.call('support', 'POST', '/claims', claimRequest(mac, extension));
  expect(opened.status).toBe(201);
  const claimId: string = opened.json.claimId;
  await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json.status === 'awaiting-shipment');
  expect((await s.call('shipping', 'POST', `/claims/${claimId}/shipment`, shipment)).status).toBe(200);
  const shipped = await s.call('support', 'GET', `/claims/${claimId}`);
  return { claimId, outboundTrackingNumber: shipped.json.legs.outbound.trackingNumber };
}

/** Polls until `accept` holds (or times out), returning the last value. */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

