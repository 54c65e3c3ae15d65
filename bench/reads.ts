/**
 * The read paths timed over HTTP against a product's API: the shipping queue and board, claim searches, a claim by
 * id, the customer page by token, the reports and a metrics scrape. Each sample reads another stored claim; the
 * reads take turns, one request at a time, so every path sees the same load; the first request of each is reported
 * apart (cold: nothing remembered yet), the percentiles are over the rest.
 */
import type { Db } from 'mongodb';
import { DEV_API_KEYS, type Role } from '../client/api/api-keys';
import { claimListKeys } from '../data/claim-index';
import { findClaimDoc } from '../data/claims';
import { collection, collectionNames } from '../data/collections';
import { slotId } from '../storage/numbered-list';
import { pageVisitor } from '../scripts/lib/page-visitor';
import { percentile } from './report';
import type { BenchProduct } from './world';

/** One stored claim a sample reads. */
interface SampleClaim {
  claimId: string;
  mac: string;
  trackingToken: string;
}

/** How long one read path took. */
export interface ReadTiming {
  name: string;
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
  samples: number;
  /** Size of the last answer (bytes). */
  bytes: number;
}

/** `count` claims spread over the whole `opened` list (oldest to newest), read by `_id`. */
export async function sampleClaims(db: Db, count: number, top: number): Promise<SampleClaim[]> {
  const index = collection(db, collectionNames.claimIndex);
  const numbers = Array.from({ length: count }, (_, i) => Math.max(1, Math.round(((i + 0.5) * top) / count)));
  const found = await Promise.all(numbers.map(async (n) => {
    const slot = await index.findOne({ _id: slotId(claimListKeys.opened, n) });
    const claim = slot ? await findClaimDoc(db, String(slot.itemId)) : null;
    return claim ? [{ claimId: claim.claimId, mac: claim.mac, trackingToken: claim.trackingToken }] : [];
  }));
  return found.flat();
}

/** The board's session cookies for the shipping dev key (the login form with its CSRF token and Origin). */
async function boardCookie(apiUrl: string): Promise<string> {
  const visitor = pageVisitor(apiUrl);
  const status = await visitor.logIn(DEV_API_KEYS.shipping);
  if (status !== 303) throw new Error(`board login answered ${status}`);
  return visitor.cookies();
}

/** Times each read path `samples` times (after one cold request each); `progress` hears after every round. */
export async function timeReads(product: BenchProduct, claims: SampleClaim[], samples: number, progress: (done: number) => void): Promise<ReadTiming[]> {
  if (claims.length === 0) throw new Error('no stored claim to read');
  const cookie = await boardCookie(product.apiUrl);
  const as = (role: Role) => ({ 'x-api-key': DEV_API_KEYS[role] });
  const claim = (i: number) => claims[i % claims.length]!;
  const reads: Array<{ name: string; path: (i: number) => string; headers: Record<string, string> }> = [
    { name: 'GET /tasks', path: () => '/tasks', headers: as('shipping') },
    { name: 'GET /board (session)', path: () => '/board', headers: { cookie } },
    { name: 'GET /claims?status=closed', path: () => '/claims?status=closed', headers: as('support') },
    { name: 'GET /claims?status=awaiting-shipment', path: () => '/claims?status=awaiting-shipment', headers: as('support') },
    { name: 'GET /claims?mac=', path: (i) => `/claims?mac=${encodeURIComponent(claim(i).mac)}`, headers: as('support') },
    { name: 'GET /claims/:id', path: (i) => `/claims/${claim(i).claimId}`, headers: as('support') },
    { name: 'GET /track/:token', path: (i) => `/track/${claim(i).trackingToken}`, headers: {} },
    { name: 'GET /reports', path: () => '/reports', headers: as('supervisor') },
    { name: 'GET /metrics (scrape)', path: () => '/metrics', headers: {} },
  ];
  const times = reads.map(() => [] as number[]);
  const bytes = reads.map(() => 0);
  for (let round = 0; round <= samples; round++) {
    for (const [r, read] of reads.entries()) {
      const started = performance.now();
      const response = await fetch(`${product.apiUrl}${read.path(round)}`, { headers: read.headers });
      const body = await response.arrayBuffer();
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`${read.name} answered ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
      times[r]!.push(ms);
      bytes[r] = body.byteLength;
    }
    progress(round);
  }
  return reads.map((read, r) => {
    const [first, ...rest] = times[r]!;
    return { name: read.name, firstMs: first!, p50Ms: percentile(rest, 0.5), p95Ms: percentile(rest, 0.95), samples: rest.length, bytes: bytes[r]! };
  });
}
