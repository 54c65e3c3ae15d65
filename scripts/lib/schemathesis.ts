/** Provisions schemathesis (pinned, from PyPI) into a venv under .tools/schemathesis, cached by a stamp file. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../../entry/errors';
import { toolsDir } from './paths';

/** The pinned schemathesis release. */
export const SCHEMATHESIS = 'schemathesis==4.32.5';

/** Returns the `st` executable, installing it first when the cache is missing or holds another version. */
export function provisionSchemathesis(log: (line: string) => void): string {
  const venv = path.join(toolsDir, 'schemathesis');
  const st = path.join(venv, 'bin', 'st');
  const stamp = path.join(venv, '.provisioned');
  if (fs.existsSync(st) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === SCHEMATHESIS) {
    log(`✔ ${SCHEMATHESIS} cached`);
    return st;
  }
  log(`… installing ${SCHEMATHESIS} from PyPI into .tools/schemathesis`);
  fs.rmSync(venv, { recursive: true, force: true });
  const steps: Array<[string, string[]]> = [
    ['python3', ['-m', 'venv', venv]],
    [path.join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', SCHEMATHESIS]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) {
      throw new UserFacingError(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.error?.message}). API fuzzing needs python3 with venv and access to PyPI once.`);
    }
  }
  fs.writeFileSync(stamp, `${SCHEMATHESIS}\n`);
  return st;
}
