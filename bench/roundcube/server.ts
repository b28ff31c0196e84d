// Roundcube against the project's mail fixture, for the same-run baseline of the browser benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mailFixture } from '@pigeon/mail-fixture';
import { freePort } from '@pigeon/e2e/pigeon-server';

const PUBLIC_HTML = '/var/lib/roundcube/public_html';
const DEBIAN_CONFIG = '/etc/roundcube';
const SCHEMA = '/usr/share/roundcube/SQL/sqlite.initial.sql';

export interface RoundcubeServer {
  url: string;
  stop(): Promise<void>;
}

/** Installed by bench/roundcube/setup.sh (Debian's roundcube-core 1.6.5, as in issue 9 and 12's tables). */
export function roundcubeInstalled(): boolean {
  return existsSync(path.join(PUBLIC_HTML, 'index.php')) && spawnSync('php', ['--version']).status === 0;
}

/** A PHP string literal. */
const php = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Roundcube's config for one run: its own SQLite database and temp dir, the fixture's IMAP (plain LOGIN on
 * loopback, as Pigeon's bench uses) and submission port, 50 rows a page like Pigeon.
 */
function configFile(dir: string): string {
  const tls = "['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]";
  return `<?php
$config = [];
$config['db_dsnw'] = ${php(`sqlite:///${path.join(dir, 'roundcube.db')}?mode=0600`)};
$config['imap_host'] = ${php(`${mailFixture.host}:${mailFixture.ports.imap}`)};
$config['smtp_host'] = ${php(`tls://${mailFixture.host}:${mailFixture.ports.submission}`)};
$config['smtp_user'] = '%u';
$config['smtp_pass'] = '%p';
$config['imap_conn_options'] = ${tls};
$config['smtp_conn_options'] = ${tls};
$config['des_key'] = ${php(Math.random().toString(36).slice(2).padEnd(24, 'x').slice(0, 24))};
$config['plugins'] = [];
$config['skin'] = 'elastic';
$config['temp_dir'] = ${php(path.join(dir, 'temp') + '/')};
$config['log_dir'] = ${php(path.join(dir, 'logs') + '/')};
$config['enable_installer'] = false;
$config['mail_pagesize'] = 50;
$config['support_url'] = '';
`;
}

async function waitForHttp(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Roundcube did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts Roundcube under PHP's built-in server on 127.0.0.1 (a fresh config and database each time). */
export async function startRoundcube(): Promise<RoundcubeServer> {
  if (!roundcubeInstalled()) throw new Error('Roundcube is not installed: run bash bench/roundcube/setup.sh');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-roundcube-'));
  const config = path.join(dir, 'config');
  for (const sub of [config, path.join(dir, 'temp'), path.join(dir, 'logs')]) mkdirSync(sub, { recursive: true });
  for (const file of ['defaults.inc.php', 'mimetypes.php'])
    copyFileSync(path.join(DEBIAN_CONFIG, file), path.join(config, file));
  writeFileSync(path.join(config, 'config.inc.php'), configFile(dir));
  const schema = spawnSync('sqlite3', [path.join(dir, 'roundcube.db')], { input: readFileSync(SCHEMA) });
  if (schema.status !== 0) throw new Error(`sqlite3 could not create Roundcube's database: ${String(schema.stderr)}`);

  const port = await freePort();
  const child = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', PUBLIC_HTML], {
    cwd: PUBLIC_HTML,
    env: { ...process.env, ROUNDCUBE_CONFIG_DIR: config },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/`, Date.now() + 20_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
