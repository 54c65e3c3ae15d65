/**
 * Files of the provisioning directory, written so a phone never reads half a file: the content goes to a temporary
 * file in `.rf-tmp/` on the same file system, is flushed to disk, and is renamed over the target (an atomic
 * replace); then the directory is flushed. A write that finds the right content already there writes nothing, and
 * one that would put an older credential version over a newer one keeps the newer (a late, stale retry).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Where temporary files are written: a dot-directory the provisioning server does not serve. */
export const TEMP_DIR = '.rf-tmp';

/** What a write did. */
export type WriteOutcome = 'written' | 'unchanged' | 'kept-newer';

/** A file to write, with the version it carries and how to read that version from a file already there. */
export interface VersionedContent {
  name: string;
  content: string;
  version?: number;
  versionOf?: (content: string) => number | undefined;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** The file's content, or undefined when there is none. */
async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temporary files a killed writer left for `name` (a live writer that loses its file retries). */
async function removeLeftovers(tempDir: string, name: string): Promise<void> {
  for (const entry of await readdir(tempDir)) {
    if (entry.startsWith(`${name}.`)) await unlink(path.join(tempDir, entry)).catch((error: unknown) => { if (!isMissing(error)) throw error; });
  }
}

/** Writes `file` into `dir` atomically (see the module comment). */
export async function writeFileAtomically(dir: string, file: VersionedContent): Promise<WriteOutcome> {
  const target = path.join(dir, file.name);
  const existing = await readIfPresent(target);
  if (existing === file.content) return 'unchanged';
  const existingVersion = existing !== undefined && file.versionOf ? file.versionOf(existing) : undefined;
  if (file.version !== undefined && existingVersion !== undefined && existingVersion > file.version) return 'kept-newer';
  const tempDir = path.join(dir, TEMP_DIR);
  await mkdir(tempDir, { recursive: true });
  await removeLeftovers(tempDir, file.name);
  const temp = path.join(tempDir, `${file.name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(file.content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  await syncDirectory(dir);
  return 'written';
}

/** Removes `name` from `dir`; false when it was not there. */
export async function removeFile(dir: string, name: string): Promise<boolean> {
  try {
    await unlink(path.join(dir, name));
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  await syncDirectory(dir);
  return true;
}
