/** Refurbished inventory activities: `reserveUnit` and `releaseUnit`, built from their dependencies. */
import type { Db } from 'mongodb';
import { isFirstAttempt } from './attempt';
import type { ClaimActivities } from './contract';
import { failingOnBadData } from '../data/failures';
import { releaseUnitsOfClaim, reserveUnitForClaim } from '../data/inventory';
import { text } from '../data/schemas/common';
import { parseOrThrow } from '../data/validation';
import { z } from 'zod';

/** What the inventory activities need: the database and a clock (for `reservedAt`). */
export interface InventoryActivityDeps {
  db: Db;
  clock?: () => Date;
}

const reserveInput = z.object({ claimId: text, model: text, neverWaited: z.boolean().optional() });
const releaseInput = z.object({ claimId: text });

/** Builds `reserveUnit` and `releaseUnit` on `deps.db`. */
export function createInventoryActivities(deps: InventoryActivityDeps): Pick<ClaimActivities, 'reserveUnit' | 'releaseUnit'> {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  return {
    // Idempotent: a retry returns the unit the claim already holds (unique reservation per claim) instead of another.
    async reserveUnit(input) {
      return failingOnBadData(async () => {
        const valid = parseOrThrow(reserveInput, input, 'reserveUnit input');
        // Only a first attempt can be sure: a retried one may have put the claim on the waiting list itself.
        return reserveUnitForClaim(db, valid.claimId, valid.model, now(), { neverWaited: valid.neverWaited === true && isFirstAttempt() });
      });
    },
    // Idempotent: only a unit the claim still holds goes back to stock (and off the waiting list); a retry finds none.
    async releaseUnit(input) {
      return failingOnBadData(async () => {
        await releaseUnitsOfClaim(db, parseOrThrow(releaseInput, input, 'releaseUnit input').claimId);
      });
    },
  };
}
