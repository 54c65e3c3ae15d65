/**
 * Read-your-writes for the claims this API process has just opened. `POST /claims` answers at the claim's start,
 * before its read model exists (the claim's first task creates it a moment later), so a read of the new claim sent
 * straight after the answer waits for it here instead of answering 404. Bounded: the last few seconds' openings, at
 * most MAX_REMEMBERED of them; another API process may still answer 404 for that moment.
 */
import type { MacAddress } from '../../domain/types';

/** How long after its opening a claim missing from the read model is waited for. */
export const RECENT_OPENING_MS = 10_000;
/** Openings remembered at most (the oldest are forgotten first). */
const MAX_REMEMBERED = 5_000;
/** How often a wait reads the read model again. */
const POLL_MS = 50;

const openedAt = new Map<string, number>();
const claimOfDevice = new Map<MacAddress, string>();

/** Remembers a claim this process opened now (and the device it is for). */
export function rememberOpening(claimId: string, mac: MacAddress, now = Date.now()): void {
  openedAt.set(claimId, now);
  claimOfDevice.set(mac, claimId);
  for (const [id, at] of openedAt) {
    if (openedAt.size <= MAX_REMEMBERED && now - at < RECENT_OPENING_MS) break; // insertion order: the oldest first
    openedAt.delete(id);
  }
  while (claimOfDevice.size > MAX_REMEMBERED) claimOfDevice.delete(claimOfDevice.keys().next().value!);
}

/** The claim this process opened for the device in the last few seconds, if any. */
export function recentClaimOfDevice(mac: MacAddress, now = Date.now()): string | undefined {
  const claimId = claimOfDevice.get(mac);
  return claimId !== undefined && now - (openedAt.get(claimId) ?? 0) < RECENT_OPENING_MS ? claimId : undefined;
}

/**
 * `read()` (a read-model read) once it finds something, waiting for a claim this process opened in the last few
 * seconds; any other miss answers at once.
 */
export async function afterRecentOpening<T>(claimId: string, read: () => Promise<T | null>): Promise<T | null> {
  for (;;) {
    const found = await read();
    const at = openedAt.get(claimId);
    if (found !== null || at === undefined || Date.now() - at >= RECENT_OPENING_MS) return found;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
