/**
 * Credential versions of extensions, rotated once per identity move. Version 1 is an extension's first credentials
 * (no document); each rotation is the insert of `<extensionKey>#<n>` (first writer wins: FerretDB v1 applies
 * conditional updates non-atomically, a unique `_id` insert is atomic), naming the move that made it. The move's
 * own document (`_id` = move id) records the version it started from, so a retry finds the version it already
 * inserted among the few after that one and never rotates twice. Every read and write is by `_id`.
 */
import type { Collection, Db } from 'mongodb';
import { firstInsertWins } from '../storage/first-writer';
import { latestNumberedAttempt } from '../storage/numbered-attempts';

/** Collection names of the credential store. */
export const CredentialCollections = {
  versions: 'sip_credential_versions',
  rotations: 'sip_credential_rotations',
} as const;

/** One rotation's version (`_id` = `<extensionKey>#<version>`, from 2). */
interface VersionDoc {
  _id: string;
  extensionKey: string;
  version: number;
  moveId: string;
  createdAt: Date;
}

/** One move's rotation (`_id` = move id): the version it started from and, once known, the one it made. */
interface RotationDoc {
  _id: string;
  extensionKey: string;
  fromVersion: number;
  version?: number;
}

/** The store's operations. */
export function createCredentialStore(db: Db, now: () => Date = () => new Date()) {
  const versions: Collection<VersionDoc> = db.collection<VersionDoc>(CredentialCollections.versions);
  const rotations: Collection<RotationDoc> = db.collection<RotationDoc>(CredentialCollections.rotations);

  /** The extension's current credential version (1 until its first rotation). */
  async function currentVersion(extensionKey: string): Promise<number> {
    return (await latestNumberedAttempt(versions, extensionKey, 2))?.version ?? 1;
  }

  /** The move's rotation, begun (its starting version recorded) unless it was before. */
  async function rotationOf(moveId: string, extensionKey: string): Promise<RotationDoc> {
    const existing = await rotations.findOne({ _id: moveId });
    if (existing) return existing;
    const begun: RotationDoc = { _id: moveId, extensionKey, fromVersion: await currentVersion(extensionKey) };
    if (await firstInsertWins(rotations, begun)) return begun;
    const stored = await rotations.findOne({ _id: moveId });
    if (!stored) throw new Error(`credential rotation ${moveId} vanished`);
    return stored;
  }

  return {
    currentVersion,

    /** Rotates the extension's credentials for `moveId`, once: returns the version this move made (again on a retry). */
    async rotateOnce(moveId: string, extensionKey: string): Promise<number> {
      const rotation = await rotationOf(moveId, extensionKey);
      if (rotation.version !== undefined) return rotation.version;
      let version = rotation.fromVersion + 1;
      for (;;) {
        const id = `${extensionKey}#${version}`;
        const taken = await versions.findOne({ _id: id });
        if (taken?.moveId === moveId) break;
        if (!taken && await firstInsertWins(versions, { _id: id, extensionKey, version, moveId, createdAt: now() })) break;
        if (!taken && (await versions.findOne({ _id: id }))?.moveId === moveId) break; // a concurrent attempt of this move
        version += 1;
      }
      await rotations.updateOne({ _id: moveId }, { $set: { version } });
      return version;
    },
  };
}
