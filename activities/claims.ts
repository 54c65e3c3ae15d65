/** Claim read-model activities: the projection of the claim's state (`recordClaimOpened`, `projectClaim`) and the legacy writes. */
import type { Db } from 'mongodb';
import type { ClaimActivities } from './contract';
import { applyClaimUpdate } from '../data/claim-legacy';
import { applyClaimChange, openClaim } from '../data/claim-projection';
import { findDevice } from '../data/devices';
import { failingOnBadData } from '../data/failures';
import { markUnitsShipped } from '../data/inventory';
import { macAddress } from '../data/schemas/common';

/** What the claim activities need: the database and a clock (for `updatedAt`). */
export interface ClaimActivityDeps {
  db: Db;
  clock?: () => Date;
}

/** Builds `recordClaimOpened`, `projectClaim`, `markUnitShipped` and the legacy `updateClaim` on `deps.db`. */
export function createClaimActivities(deps: ClaimActivityDeps): Pick<ClaimActivities, 'recordClaimOpened' | 'projectClaim' | 'markUnitShipped' | 'updateClaim'> {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  return {
    // Idempotent: the claim document is inserted last with $setOnInsert; a retry returns the token stored the first time.
    async recordClaimOpened(input) {
      return failingOnBadData(async () => {
        // Claims started before the claim-projection patch do not send the model: read it from the registry.
        const mac = input?.model === undefined ? macAddress.safeParse(input?.request?.mac) : undefined;
        const model = mac?.success ? (await findDevice(db, mac.data))?.model : undefined;
        const claim = await openClaim(db, { ...input, ...(model ? { model } : {}) }, now());
        return { trackingToken: claim.trackingToken };
      });
    },
    // Idempotent: every field and timeline entry is set under a fixed path, so a retry writes the same values again.
    async projectClaim(input) {
      return failingOnBadData(() => applyClaimChange(db, input, now()));
    },
    // Idempotent: sets the claim's reservation `shipped` by `_id`; a retry writes the same state again.
    async markUnitShipped(input) {
      return failingOnBadData(() => markUnitsShipped(db, input.claimId, now()));
    },
    // Idempotent: the change is applied by the projection writer (fixed paths); a retry writes the same values.
    async updateClaim(input) {
      return failingOnBadData(async () => {
        const at = now();
        await applyClaimUpdate(db, input, at);
        // Claims started before the claim-projection patch mark their unit shipped here (now `markUnitShipped`).
        if (input.status === 'shipped') await markUnitsShipped(db, input.claimId, at);
      });
    },
  };
}
