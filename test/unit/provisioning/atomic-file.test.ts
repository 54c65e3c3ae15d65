/** Atomic writes of the provisioning directory: same content writes nothing, older versions never replace newer, leftovers go. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeFile, TEMP_DIR, writeFileAtomically } from '../../../provisioning/atomic-file';
import { credentialVersionOf } from '../../../provisioning/templates/files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-atomic-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (version: number) => ({ name: 'a.cfg', content: `## rf-credential-version: ${version}\npassword = v${version}\n`, version, versionOf: credentialVersionOf });

test('writes the file, then finds it there with the right content and writes nothing', async () => {
  expect(await writeFileAtomically(dir, file(1))).toBe('written');
  const inode = fs.statSync(path.join(dir, 'a.cfg')).ino;
  expect(await writeFileAtomically(dir, file(1))).toBe('unchanged');
  expect(fs.statSync(path.join(dir, 'a.cfg')).ino).toBe(inode);
  expect(fs.readFileSync(path.join(dir, 'a.cfg'), 'utf8')).toBe(file(1).content);
});

test('a newer version replaces the file by rename; a late older one keeps the newer', async () => {
  await writeFileAtomically(dir, file(1));
  const before = fs.statSync(path.join(dir, 'a.cfg')).ino;
  expect(await writeFileAtomically(dir, file(2))).toBe('written');
  expect(fs.statSync(path.join(dir, 'a.cfg')).ino).not.toBe(before); // a new file renamed over the old one
  expect(await writeFileAtomically(dir, file(1))).toBe('kept-newer');
  expect(fs.readFileSync(path.join(dir, 'a.cfg'), 'utf8')).toBe(file(2).content);
});

test('a killed writer\'s temporary file is removed by the next write of that name, and never served beside it', async () => {
  fs.mkdirSync(path.join(dir, TEMP_DIR));
  fs.writeFileSync(path.join(dir, TEMP_DIR, 'a.cfg.4242.deadbeef'), '## rf-credential-version: 1\npass');
  fs.writeFileSync(path.join(dir, TEMP_DIR, 'b.cfg.4242.deadbeef'), 'another file in flight');
  await writeFileAtomically(dir, file(1));
  expect(fs.readdirSync(path.join(dir, TEMP_DIR))).toEqual(['b.cfg.4242.deadbeef']);
  expect(fs.readdirSync(dir).sort()).toEqual([TEMP_DIR, 'a.cfg']);
});

test('removing a file that is gone is nothing', async () => {
  await writeFileAtomically(dir, file(1));
  expect(await removeFile(dir, 'a.cfg')).toBe(true);
  expect(await removeFile(dir, 'a.cfg')).toBe(false);
  expect(fs.existsSync(path.join(dir, 'a.cfg'))).toBe(false);
});
