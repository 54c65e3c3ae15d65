/**
 * The signed-webhook adapter, for providers whose PBX owns provisioning: each step is one POST telling the PBX what
 * to do with the extension ("move extension E from MAC A to MAC B" in three events: `device.assigned`,
 * `credentials.rotate`, `device.released`). The body is the same on every retry and carries its id, also sent as
 * `Idempotency-Key`, which the receiver de-duplicates on (its exactly-once side). Each try is signed: header
 * `X-RF-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>" with the shared secret>`; the receiver
 * recomputes it and refuses a stale timestamp (replay).
 */
import { createHmac } from 'node:crypto';
import { callWithRetries } from './http-call';
import type { IdentityMove, ProvisioningPort } from './port';

/** Where to send, the shared secret, and how long a try may take. */
export interface WebhookProvisioningOptions {
  url: string;
  secret: string;
  now?: () => Date;
  timeoutMs?: number;
  /** First wait between tries within one attempt (doubles). */
  backoffMs?: number;
}

/** The header value signing `body` at `timestamp` (unix seconds). */
function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The event types the PBX receives. */
type ProvisioningEvent = 'device.assigned' | 'credentials.rotate' | 'device.released';

/** Builds the adapter. */
export function createWebhookProvisioning(options: WebhookProvisioningOptions): ProvisioningPort {
  const now = options.now ?? (() => new Date());

  async function send(type: ProvisioningEvent, move: IdentityMove): Promise<string> {
    const id = `${move.moveId}:${type}`;
    const { accountId, extension, sipUser } = move.profile;
    const body = JSON.stringify({
      id, type, accountId, extension, sipUser,
      ...(type === 'device.assigned' ? { mac: move.to.mac, vendor: move.to.vendor, replacesMac: move.from.mac } : {}),
      ...(type === 'device.released' ? { mac: move.from.mac, replacedByMac: move.to.mac } : {}),
    });
    await callWithRetries({
      what: `the ${type} webhook for extension ${extension}`, url: options.url, method: 'POST', body,
      headers: () => ({
        'content-type': 'application/json', 'idempotency-key': id,
        'x-rf-signature': webhookSignature(options.secret, Math.floor(now().getTime() / 1000), body),
      }),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    });
    return `the provider's system accepted ${type} (${id})`;
  }

  return {
    // Idempotent: the receiver de-duplicates by the event id (Idempotency-Key); the body never changes.
    assign: (move) => send('device.assigned', move),
    // Idempotent: one event id per move, so the PBX rotates once however often it is delivered.
    rotateCredentials: (move) => send('credentials.rotate', move),
    // Idempotent: as above.
    release: (move) => send('device.released', move),
  };
}
