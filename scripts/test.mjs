#!/usr/bin/env node
// `npm test`: set up everything on a fresh Debian machine (pinned pnpm, packages, Chromium, Dovecot +
// Postfix via the mail fixture) and run every tier: lint, format, typecheck, unit, integration, e2e.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpm } from './pnpm.mjs';
import { ensureDebPackages } from './system-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const results = [];

function step(name, fn) {
  if (only.length && !only.includes(name)) return;
  const t0 = Date.now();
  console.log(`\n[pigeon] ── ${name}`);
  const status = fn();
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push({ name, ok: status === 0, secs });
  console.log(`[pigeon] ${name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${secs}s`);
  if (status !== 0) finish(1);
}

function finish(code) {
  const passed = results.filter((r) => r.ok).length;
  console.log(
    '\n[pigeon] summary: ' + results.map((r) => `${r.name} ${r.ok ? 'ok' : 'FAILED'} (${r.secs}s)`).join(', '),
  );
  console.log(`tiers: ${passed} passed, ${results.length - passed} failed`);
  process.exit(code);
}

const sh = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } }).status ?? 1;

step('install', () => pnpm(['install', '--frozen-lockfile']));
step('system', () => (ensureDebPackages(['chromium', 'fonts-noto-cjk', 'docker-compose', 'redis-server']) ? 0 : 1));
step('mail-fixture', () => sh('bash', ['scripts/mail/start.sh']));
step('build', () => pnpm(['-r', 'build']));
step('lint', () => pnpm(['exec', 'eslint', '.']));
step('format', () => pnpm(['exec', 'prettier', '--check', '.']));
step('typecheck', () => pnpm(['-r', 'typecheck']));
step('unit', () => pnpm(['exec', 'vitest', 'run', '--project', 'unit']));
step('int', () => pnpm(['exec', 'vitest', 'run', '--project', 'int']));
step('e2e', () => pnpm(['--filter', '@pigeon/e2e', 'test:e2e']));
finish(0);
