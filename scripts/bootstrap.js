#!/usr/bin/env node
// Makes `npm start` and `npm test` work on a fresh clone: installs the npm packages when they are missing or
// older than package-lock.json, then runs scripts/<name>.ts with tsx, forwarding signals and the exit code.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [name, ...args] = process.argv.slice(2);
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`✖ Node.js 20.19 or newer is needed (this is ${process.version}). Install it from https://nodejs.org or your package manager.`);
  process.exit(1);
}
if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs) {
  console.log('… installing npm packages (npm ci)');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) {
    console.error(`✖ npm ci failed (exit ${install.status}); see the output above.`);
    process.exit(1);
  }
}
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const child = spawn(tsx, [path.join(root, 'scripts', `${name}.ts`), ...args], { cwd: root, stdio: 'inherit' });
// A terminal's Ctrl-C reaches the child directly (same process group); a SIGTERM sent to us is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
