/** Provisioning activities: the E911 address read, and the two phases of the identity move over the provisioning setup. */
import type { Db } from 'mongodb';
import { z } from 'zod';
import { findModel } from '../data/devices';
import { findExtension } from '../data/extensions';
import { failingOnBadData } from '../data/failures';
import { macAddress, text } from '../data/schemas/common';
import { parseOrThrow } from '../data/validation';
import { provisioningRefusal } from '../provisioning/errors';
import { provisionReplacement, releaseDefective, type ProvisioningSetup } from '../provisioning/identity-mover';
import type { IdentityMove } from '../provisioning/port';
import { vendorOfManufacturer } from '../provisioning/templates';
import type { ClaimActivities, IdentityMoveInput } from './contract';

/** The database, and the provisioning the worker runs with (none: `PROVISIONING_MODE=off`). */
export interface ProvisioningActivityDeps {
  db: Db;
  provisioning?: ProvisioningSetup;
}

const extensionInput = z.object({ accountId: text, extension: text });
const moveInput = z.object({ claimId: text, accountId: text, extension: text, originalMac: macAddress, replacementMac: macAddress, model: text });

/** The move the input names: the extension's provisioning record and the replacement's phone family, or why not. */
async function moveOf(db: Db, input: IdentityMoveInput): Promise<IdentityMove> {
  const valid = parseOrThrow(moveInput, input, 'identity move input');
  const record = await findExtension(db, valid.accountId, valid.extension);
  if (!record) {
    throw provisioningRefusal(`extension ${valid.extension} of ${valid.accountId} has no provisioning record in the registry (import it: scripts/import.ts extensions <file>)`);
  }
  const model = await findModel(db, valid.model);
  const vendor = model ? vendorOfManufacturer(model.manufacturer) : undefined;
  if (!vendor) {
    throw provisioningRefusal(`no configuration template for ${model ? `${model.manufacturer} phones` : 'an unknown model'} (model ${valid.model}): provision ${valid.replacementMac} by hand`);
  }
  const { accountId, extension, sipUser, sipServer, displayName, lineKeys } = record;
  return {
    moveId: valid.claimId, profile: { accountId, extension, sipUser, sipServer, displayName, lineKeys },
    from: { mac: valid.originalMac }, to: { mac: valid.replacementMac, vendor },
  };
}

/** Builds the provisioning activities. */
export function createProvisioningActivities(deps: ProvisioningActivityDeps): Pick<ClaimActivities, 'lookupEmergencyAddress' | 'provisionReplacement' | 'releaseDefective'> {
  const { db, provisioning } = deps;
  return {
    // Idempotent: a pure read.
    async lookupEmergencyAddress(input) {
      return failingOnBadData(async () => {
        const { accountId, extension } = parseOrThrow(extensionInput, input, 'lookupEmergencyAddress input');
        return (await findExtension(db, accountId, extension))?.emergencyAddress ?? null;
      });
    },
    // Idempotent: every step of the phase is (files by content, redirect by PUT of the same entry, webhook by event id).
    async provisionReplacement(input) {
      if (!provisioning) return { configured: false, report: [] };
      const move = await failingOnBadData(() => moveOf(db, input));
      return { configured: true, report: await provisionReplacement(provisioning, move) };
    },
    // Idempotent: the rotation is one unique insert per claim; removals of what is gone are nothing.
    async releaseDefective(input) {
      if (!provisioning) return { configured: false, report: [] };
      const move = await failingOnBadData(() => moveOf(db, input));
      return { configured: true, report: await releaseDefective(provisioning, move) };
    },
  };
}
