#!/usr/bin/env node
// The npm registry this project's machines reach serves only the Linux builds of @biomejs/biome's and @swc/core's
// platform binaries, so an `npm install` here writes a package-lock.json without the other platforms' optional
// entries, and `npm ci` then refuses the lock file ("Missing: @biomejs/cli-darwin-arm64@ from lock file").
// This adds the missing entries (version, os, cpu, libc; nothing to download on a platform that skips them).
// Run it after any `npm install` on such a machine: node tools/npm/add-platform-optionals.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const lockPath = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'package-lock.json');
const PARENTS = ['node_modules/@biomejs/biome', 'node_modules/@swc/core'];
const PLATFORM = /-(android|darwin|linux|win32)-(arm64|x64|arm|ppc64|s390x|ia32)(?:-(gnueabihf|gnu|musl|msvc))?$/;

const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const added = [];
for (const parentKey of PARENTS) {
  const parent = lock.packages[parentKey];
  if (!parent) continue;
  for (const [name, version] of Object.entries(parent.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const match = PLATFORM.exec(name);
    if (!match) throw new Error(`cannot tell the platform of ${name}; add its entry by hand`);
    const [, os, cpu, abi] = match;
    lock.packages[key] = {
      version,
      os: [os],
      cpu: [cpu],
      ...(os === 'linux' ? { libc: [abi === 'musl' ? 'musl' : 'glibc'] } : {}),
      dev: parent.dev ?? false,
      optional: true,
      license: parent.license ?? 'MIT',
      ...(parent.engines ? { engines: parent.engines } : {}),
    };
    added.push(name);
  }
}
const sorted = Object.fromEntries(
  Object.keys(lock.packages)
    .sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en')))
    .map((key) => [key, lock.packages[key]]),
);
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(added.length ? `added ${added.join(', ')}\n` : 'package-lock.json already lists every platform\n');
