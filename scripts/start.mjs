#!/usr/bin/env node
// `npm start`: pinned pnpm -> dependencies -> build -> server, skipping what is already up to date.
// `--prepare` stops before the server (image builds). Needs only Node and npm. Relative paths in the environment (DATA_DIR, ...) are relative to where you run it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensurePnpm, pnpm } from './pnpm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampDir = path.join(root, 'node_modules', '.cache', 'pigeon-start');
const t0 = performance.now();
const log = (msg) => console.error(`[pigeon] ${msg} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
const fail = (msg) => {
  console.error(`[pigeon] ${msg}`);
  process.exit(1);
};

// Build inputs per workspace package; any other package with a build script is keyed on its own directory.
const buildInputs = {
  '@pigeon/server': ['prisma/schema.prisma', 'apps/server/prisma.config.ts', 'apps/server/package.json'],
  '@pigeon/web': ['apps/web', 'packages/shared'],
};
const buildOutputs = {
  '@pigeon/server': 'apps/server/src/generated/prisma/client.ts',
  '@pigeon/web': 'apps/web/dist/index.html',
};
const SKIP_DIRS = new Set(['node_modules', 'dist', 'generated', 'coverage', 'test-results', 'playwright-report']);

ensurePnpm();
log('pnpm ready');

// 1. dependencies: keyed on the lockfile and every manifest, recorded after a successful install
const packages = workspacePackages();
const installKey = hash([
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'package.json',
  ...packages.map((p) => path.join(p.dir, 'package.json')),
]);
if (stamp('install') === installKey && packages.every((p) => existsSync(path.join(root, p.dir, 'node_modules')))) {
  log('dependencies up to date, install skipped');
} else {
  if (pnpm(['install', '--frozen-lockfile', '--config.confirm-modules-purge=false']) !== 0) fail('pnpm install failed');
  writeStamp('install', installKey);
  log('dependencies installed');
}

// 2. build: only the packages whose inputs changed since their last successful build (or whose output is gone)
const stale = [];
const keys = {};
for (const p of packages.filter((p) => p.build)) {
  keys[p.name] = hash(buildInputs[p.name] ?? [p.dir], installKey);
  const output = buildOutputs[p.name];
  if (stamp(`build-${p.name}`) !== keys[p.name] || (output && !existsSync(path.join(root, output)))) stale.push(p.name);
}
if (stale.length) {
  if (pnpm(['-r', ...stale.flatMap((n) => ['--filter', n]), 'run', 'build']) !== 0)
    fail(`build failed (${stale.join(', ')})`);
  for (const name of stale) writeStamp(`build-${name}`, keys[name]);
  log(`built ${stale.join(', ')}`);
} else {
  log('build up to date, skipped');
}

if (process.argv.includes('--prepare')) {
  log('prepared');
  process.exit(0);
}

// 3. serve: one node process with tsx's loader (no tsx CLI in between, which SIGKILLs a child that is slow
// to acknowledge a signal), from the caller's directory so relative paths mean what the user typed
const server = path.join(root, 'apps', 'server');
const tsx = realpathSync(createRequire(path.join(server, 'package.json')).resolve('tsx/package.json'));
const loader = pathToFileURL(path.join(path.dirname(tsx), 'dist', 'loader.mjs')).href;
log(`starting server (DATA_DIR ${path.resolve(process.env.DATA_DIR || './data')})`);
const child = spawn(process.execPath, ['--import', loader, path.join(server, 'src', 'server.ts')], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
});

function workspacePackages() {
  const yaml = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.split(/^packages:\s*$/m)[1].matchAll(/^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/gm)].map((m) => m[1]);
  const dirs = globs.flatMap((g) =>
    g.endsWith('/*')
      ? readdirSync(path.join(root, g.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => path.join(g.slice(0, -2), d.name))
      : [g],
  );
  return dirs
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
      return { dir, name: pkg.name, build: Boolean(pkg.scripts?.build) };
    });
}

/** sha256 over the relative path and content of every file under `inputs` (files or directories). */
function hash(inputs, extra = '') {
  const h = createHash('sha256').update(extra);
  const add = (rel) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return void h.update(`missing:${rel}\0`);
    if (!statSync(abs).isDirectory()) return void h.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
    for (const name of readdirSync(abs).sort())
      if (!name.startsWith('.') && !SKIP_DIRS.has(name)) add(path.join(rel, name));
  };
  inputs.forEach(add);
  return h.digest('hex');
}

function stamp(name) {
  try {
    return readFileSync(path.join(stampDir, name.replace('/', '+')), 'utf8');
  } catch {
    return null;
  }
}

function writeStamp(name, value) {
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(path.join(stampDir, name.replace('/', '+')), value);
}
