/** Claim read-model activities: `recordClaimOpened` and `updateClaim`, built from their dependencies. */
import type { Db } from 'mongodb';
import type { ClaimActivities } from './contract';
import { applyClaimUpdate, openClaim } from '../data/claims';
import { findDevice } from '../data/devices';
import { failingOnBadData } from '../data/failures';
import { markUnitsShipped } from '../data/inventory';
import { macAddress } from '../data/schemas/common';

/** What the claim activities need: the database and a clock (for `updatedAt`). */
export interface ClaimActivityDeps {
  db: Db;
  clock?: () => Date;
}

/** Builds `recordClaimOpened` and `updateClaim` on `deps.db`. */
export function createClaimActivities(deps: ClaimActivityDeps): Pick<ClaimActivities, 'recordClaimOpened' | 'updateClaim'> {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  return {
    // Idempotent: upsert by claimId with $setOnInsert only; a retry returns the token generated the first time.
    async recordClaimOpened(input) {
      return failingOnBadData(async () => {
        const mac = macAddress.safeParse(input?.request?.mac);
        const device = mac.success ? await findDevice(db, mac.data) : null;
        const claim = await openClaim(db, input, device?.model ?? null);
        return { trackingToken: claim.trackingToken };
      });
    },
    // Idempotent: one update by claimId setting the fields and the timeline entry under its key; a retry writes the same values again.
    async updateClaim(input) {
      return failingOnBadData(async () => {
        const at = now();
        await applyClaimUpdate(db, input, at);
        // Second single-document write, itself idempotent (only units still `reserved` change); a retry redoes it.
        if (input.status === 'shipped') await markUnitsShipped(db, input.claimId, at);
      });
    },
  };
}
