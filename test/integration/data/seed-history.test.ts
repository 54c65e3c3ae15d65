/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers */
/**
 * The history seeding command (scripts/lib/history) on the real FerretDB, read back through the product's own
 * surfaces: the API's claim search (by status, MAC and email, newest first, paged), a claim by id with its tasks,
 * the customer page by token, GET /reports (all-time counts, the window's figures day by day) and the rf_claims
 * gauge. What they answer is compared with the seeded claim documents themselves.
 */
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { DEV_API_KEYS, type Role } from '../../../client/api/api-keys';
import { createApiServer } from '../../../client/api/server';
import { loadConfig } from '../../../config/env';
import { collection, collectionNames } from '../../../data/collections';
import { parseClaim } from '../../../data/claims';
import type { ClaimDoc } from '../../../data/schemas/claim';
import { seedHistory, type HistoryReport } from '../../../scripts/lib/history/seed-history';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

const CLAIMS = 300;
const DAYS = 60;
let database: TestDatabase;
let connection: Connection;
let api: FastifyInstance;
let baseUrl: string;
let report: HistoryReport;
let seeded: ClaimDoc[];

async function call(role: Role | null, path: string): Promise<{ status: number; json: any; text: string }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: role ? { 'x-api-key': DEV_API_KEYS[role] } : {} });
  const text = await response.text();
  return { status: response.status, text, json: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
}

const newestClosedFirst = (a: ClaimDoc, b: ClaimDoc) => b.closedAt!.localeCompare(a.closedAt!) || b.claimId.localeCompare(a.claimId);
const newestOpenedFirst = (a: ClaimDoc, b: ClaimDoc) => b.openedAt.localeCompare(a.openedAt) || b.claimId.localeCompare(a.claimId);
const countBy = <T>(items: T[], key: (item: T) => string) => items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

beforeAll(async () => {
  database = await openTestDatabase();
  report = await seedHistory(database.db, { claims: CLAIMS, days: DAYS, seed: 7, messageIdDomain: 'test.example' });
  seeded = (await collection(database.db, collectionNames.claims).find({}).toArray()).map(parseClaim);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const config = loadConfig({ LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' });
  api = await createApiServer({ config, db: database.db, temporal: new Client({ connection }), taskQueue: 'unused', logStream: new PassThrough() });
  await api.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await api?.close();
  await connection?.close();
  await database?.close();
});

describe('a seeded history', () => {
  it('holds the claims it reports, in a realistic mix, every one finished within the window', () => {
    expect(seeded).toHaveLength(CLAIMS);
    expect(countBy(seeded, (claim) => claim.status)).toEqual(Object.fromEntries(Object.entries(report.byStatus).filter(([, n]) => n > 0)));
    expect(report.byStatus.closed).toBeGreaterThan(CLAIMS * 0.7);
    expect(report.byStatus['closed-unreturned'] + report.byStatus.denied + report.byStatus.cancelled).toBeGreaterThan(0);
    expect(report.tasks).toBe(seeded.reduce((sum, claim) => sum + Object.keys(claim.tasks).length, 0));
    const earliest = Date.now() - DAYS * 86_400_000 - 60_000;
    expect(seeded.every((claim) => Date.parse(claim.closedAt!) > earliest && Date.parse(claim.closedAt!) <= Date.now())).toBe(true);
    expect(countBy(seeded, (claim) => claim.request.fault).defect).toBeGreaterThan(CLAIMS * 0.9);
  });

  it('stores the rollup of every past day and month, each day folded from the claims that closed on it', async () => {
    const rollups = collection(database.db, collectionNames.claimRollups);
    expect(await rollups.countDocuments({})).toBe(report.rollups.days + report.rollups.months);
    const today = new Date().toISOString().slice(0, 10);
    const byDay = countBy(seeded.filter((claim) => claim.closedAt!.slice(0, 10) < today), (claim) => claim.closedAt!.slice(0, 10));
    const [day, count] = Object.entries(byDay).sort((a, b) => b[1] - a[1])[0]!;
    expect(await rollups.findOne({ _id: `day:${day}` })).toMatchObject({ figures: { claims: count } });
    expect(await rollups.findOne({ _id: `day:${today}` })).toBeNull(); // today's figures are folded live
  });

  it('is found by terminal status, newest first, a page at a time', async () => {
    const closed = seeded.filter((claim) => claim.status === 'closed').sort(newestClosedFirst);
    const first = await call('support', '/claims?status=closed&limit=25');
    expect(first.json.claims.map((claim: any) => claim.claimId)).toEqual(closed.slice(0, 25).map((claim) => claim.claimId));
    const second = await call('support', `/claims?status=closed&limit=25&cursor=${encodeURIComponent(first.json.next)}`);
    expect(second.json.claims.map((claim: any) => claim.claimId)).toEqual(closed.slice(25, 50).map((claim) => claim.claimId));
    const denied = await call('support', '/claims?status=denied&limit=200');
    expect(denied.json.claims.map((claim: any) => claim.claimId).sort()).toEqual(seeded.filter((claim) => claim.status === 'denied').map((claim) => claim.claimId).sort());
  });

  it('is found by MAC and by email, newest opened first, and all claims by opening', async () => {
    const claim = seeded[42]!;
    const byMac = await call('support', `/claims?mac=${claim.mac.replace(/:/g, '-')}`);
    expect(byMac.json.claims).toEqual([expect.objectContaining({ claimId: claim.claimId, status: claim.status, closedAt: claim.closedAt })]);
    const counts = countBy(seeded, (candidate) => candidate.email);
    const email = Object.keys(counts).find((candidate) => counts[candidate]! >= 3)!;
    const ofEmail = seeded.filter((candidate) => candidate.email === email).sort(newestOpenedFirst).map((candidate) => candidate.claimId);
    const page = await call('support', `/claims?email=${encodeURIComponent(email.toUpperCase())}&limit=2`);
    const rest = await call('support', `/claims?email=${encodeURIComponent(email)}&limit=200&cursor=${encodeURIComponent(page.json.next)}`);
    expect([...page.json.claims, ...rest.json.claims].map((found: any) => found.claimId)).toEqual(ofEmail);
    const newest = await call('support', '/claims?limit=10');
    expect(newest.json.claims.map((found: any) => found.claimId)).toEqual([...seeded].sort(newestOpenedFirst).slice(0, 10).map((found) => found.claimId));
  });

  it('opens a claim by id with its tasks, and the customer page by its token', async () => {
    const returned = seeded.find((claim) => claim.status === 'closed')!;
    const read = await call('support', `/claims/${returned.claimId}`);
    expect(read.json).toMatchObject({ claimId: returned.claimId, status: 'closed', handedOverAt: returned.handedOverAt, trackingUrl: expect.stringContaining(returned.trackingToken) });
    expect(read.json.timeline.map((entry: any) => entry.key)).toEqual(expect.arrayContaining(['opened', 'status-approved', 'status-shipped', 'status-delivered', 'status-closed']));
    expect(read.json.tasks.map((task: any) => [task.kind, task.status, task.outcome])).toEqual([['pick-pack-ship', 'done', 'shipped'], ['receive-return', 'done', 'received']]);
    const page = await call(null, `/track/${returned.trackingToken}.json`);
    expect(page.json).toMatchObject({ claimId: returned.claimId, status: 'closed', shipments: [expect.objectContaining({ leg: 'outbound' }), expect.objectContaining({ leg: 'return' })] });
    const cancelled = seeded.find((claim) => claim.status === 'cancelled');
    if (cancelled) expect((await call('support', `/claims/${cancelled.claimId}`)).json.tasks.map((task: any) => task.status)).toEqual(['cancelled']);
  });

  it('adds up in GET /reports: all-time counts, the window, and each day of it', async () => {
    const reportNow = await call('supervisor', '/reports');
    expect(reportNow.json.total).toBe(CLAIMS);
    expect(Object.fromEntries(Object.entries(reportNow.json.byStatus).filter(([, n]) => n !== 0))).toEqual(countBy(seeded, (claim) => claim.status));
    const { from, to } = reportNow.json.window;
    const inWindow = seeded.filter((claim) => claim.closedAt!.slice(0, 10) >= from && claim.closedAt!.slice(0, 10) <= to);
    expect(reportNow.json.window.finished).toBe(inWindow.length);
    expect(reportNow.json.window.byStatus).toEqual(countBy(inWindow, (claim) => claim.status));
    expect(reportNow.json.window.byFault.defect).toEqual(countBy(inWindow.filter((claim) => claim.request.fault === 'defect'), (claim) => claim.status));
    const byDay = countBy(inWindow, (claim) => claim.closedAt!.slice(0, 10));
    expect(Object.fromEntries(reportNow.json.daily.filter((day: any) => day.finished > 0).map((day: any) => [day.day, day.finished]))).toEqual(byDay);
    const hours = inWindow.filter((claim) => claim.handedOverAt).map((claim) => (Date.parse(claim.handedOverAt!) - Date.parse(claim.openedAt)) / 3_600_000).sort((a, b) => a - b);
    expect(reportNow.json.medianHoursToHandOver).toBeCloseTo(hours[Math.ceil(hours.length / 2) - 1]!, 1);
    expect((await call('supervisor', '/reports')).json.window).toEqual(reportNow.json.window); // the stored rollups read back the same
  });

  it('is counted by the rf_claims gauge', async () => {
    const metrics = (await call(null, '/metrics')).text;
    for (const [status, count] of Object.entries(countBy(seeded, (claim) => claim.status))) {
      expect(metrics).toMatch(new RegExp(`^rf_claims\\{status="${status}",service="api"\\} ${count}$`, 'm'));
    }
  });

  it('refuses to seed a database that already holds claims', async () => {
    await expect(seedHistory(database.db, { claims: 1, days: 1, messageIdDomain: 'test.example' })).rejects.toThrow(/already holds claims/);
  });
});
