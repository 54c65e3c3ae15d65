/** Device registry activities: `lookupDevice` and `registerReplacement`, built from their dependencies. */
import type { Db } from 'mongodb';
import type { ClaimActivities } from './contract';
import { findClaim } from '../data/claims';
import { findDeviceRecord, registerReplacementDevice } from '../data/devices';
import { failingOnBadData } from '../data/failures';
import { reservationOf } from '../data/inventory';
import { macAddress, text } from '../data/schemas/common';
import { deviceRecordSchema } from '../data/schemas/registry';
import { DataValidationError, parseOrThrow } from '../data/validation';
import { z } from 'zod';

/** What the device activities need: the database. */
export interface DeviceActivityDeps {
  db: Db;
}

const lookupInput = z.object({ mac: macAddress });
const registerInput = z.object({
  claimId: text, originalMac: macAddress, replacementMac: macAddress, serial: text.optional(), model: text.optional(),
  fallback: z.object({ accountId: text, extension: text, purchasedOn: text }).optional(),
  original: deviceRecordSchema.nullable().optional(),
});

/** Builds `lookupDevice` and `registerReplacement` on `deps.db`. */
export function createDeviceActivities(deps: DeviceActivityDeps): Pick<ClaimActivities, 'lookupDevice' | 'registerReplacement'> {
  const { db } = deps;
  return {
    // Idempotent: a pure read.
    async lookupDevice(input) {
      return failingOnBadData(async () => findDeviceRecord(db, parseOrThrow(lookupInput, input, 'lookupDevice input').mac));
    },
    // Idempotent: upsert by MAC with $setOnInsert; a retry finds the device it registered and changes nothing.
    async registerReplacement(input) {
      return failingOnBadData(async () => {
        const valid = parseOrThrow(registerInput, input, 'registerReplacement input');
        if (valid.model && valid.fallback) {
          const { original, ...registration } = valid;
          await registerReplacementDevice(db, {
            ...registration, model: valid.model, fallback: { ...valid.fallback, model: valid.model }, ...(original !== undefined ? { original } : {}),
          });
          return;
        }
        // Claims started before the claim-projection patch send neither: read them from the claim and its reservation.
        const claim = await findClaim(db, valid.claimId);
        if (!claim) throw new DataValidationError('registerReplacement input', [{ field: 'claimId', reason: `no claim ${valid.claimId}` }]);
        const unitModel = (await reservationOf(db, valid.claimId))?.model ?? claim.unit?.model;
        const model = unitModel ?? claim.model;
        if (!model) throw new DataValidationError('registerReplacement input', [{ field: 'claimId', reason: 'the claim has no reserved unit or model' }]);
        await registerReplacementDevice(db, {
          ...valid,
          model: unitModel,
          // Only used when the original is not in the registry (a supervisor approved an unknown device).
          fallback: { accountId: claim.accountId, extension: claim.extension, purchasedOn: claim.openedAt.slice(0, 10), model },
        });
      });
    },
  };
}
