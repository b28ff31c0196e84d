// Debian packages the test tiers need (the mail fixture installs Dovecot and Postfix itself).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

const installed = (pkg) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed');

/** apt-installs what is missing (as root); returns false with a message when it cannot. */
export function ensureDebPackages(pkgs) {
  const missing = pkgs.filter((p) => !installed(p));
  if (missing.length === 0) return true;
  if (process.getuid?.() !== 0) {
    console.error(
      `[pigeon] missing Debian packages: ${missing.join(' ')} (run as root, or: sudo apt-get install ${missing.join(' ')})`,
    );
    return false;
  }
  console.error(`[pigeon] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { stdio: ['ignore', 'ignore', 'inherit'], env };
  // never let package scripts start system-wide daemons (redis on :6379, dovecot on :143, ...)
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    return aptInstall(missing, opts);
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
}

function aptInstall(missing, opts) {
  const lists = spawnSync('sh', ['-c', 'ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1']).status === 0;
  if (!lists) spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'update'], opts);
  let r = spawnSync(
    'apt-get',
    ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '--no-install-recommends', ...missing],
    opts,
  );
  if (r.status !== 0) {
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'update'], opts);
    r = spawnSync(
      'apt-get',
      ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '--no-install-recommends', ...missing],
      opts,
    );
  }
  return r.status === 0;
}

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = () => existsSync(chromiumPath);
