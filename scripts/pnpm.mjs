#!/usr/bin/env node
// Runs the pinned pnpm (package.json "packageManager"), installing it under .tools/ on first use,
// so a machine with only Node and npm needs nothing global.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const prefix = path.join(root, '.tools', `pnpm-${version}`);
const bin = path.join(prefix, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs');

export function ensurePnpm() {
  if (existsSync(bin)) return bin;
  console.error(`[pigeon] installing pnpm ${version} into .tools/`);
  const r = spawnSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${version}`],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error(`could not install pnpm ${version}`);
  return bin;
}

export function pnpm(args, opts = {}) {
  const r = spawnSync(process.execPath, [ensurePnpm(), ...args], { stdio: 'inherit', cwd: root, ...opts });
  return r.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(pnpm(process.argv.slice(2)));
