// README's configuration table, .env.example, docker-compose.yml and config.ts must name the same variables.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** `| \`NAME\` | default | meaning |` rows of the table under "## Configuration". */
function readmeVariables(readme: string): string[] {
  const section = readme.split(/^## Configuration\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
}

/** `NAME=` and `#NAME=` lines. */
function envExampleVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!))];
}

/** Names config.ts reads: `env.NAME` and the helpers' `(env, 'NAME'[, 'NAME2'])`. */
function configVariables(source: string): string[] {
  const direct = [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!);
  const viaHelpers = [...source.matchAll(/\(\s*env,\s*'([A-Z][A-Z0-9_]+)'(?:,\s*'([A-Z][A-Z0-9_]+)')?/g)].flatMap(
    (m) => m.slice(1).filter(Boolean) as string[],
  );
  return [...new Set([...direct, ...viaHelpers])].sort();
}

/** `NAME: value` lines of the `x-pigeon-env` block (what compose passes to Pigeon). */
function composeEnvironment(compose: string): Record<string, string> {
  const block = compose.split(/^x-pigeon-env: &pigeon-env\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  return Object.fromEntries([...block.matchAll(/^ {2}([A-Z][A-Z0-9_]+): (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

const readme = readmeVariables(read('README.md'));
const example = envExampleVariables(read('.env.example'));
const config = configVariables(read('apps/server/src/config.ts'));
const compose = composeEnvironment(read('docker-compose.yml'));
/** set by the image (Dockerfile ENV) rather than by compose */
const IMAGE_SET = ['HOST', 'PORT', 'DATA_DIR', 'WEB_DIST_DIR'];
const COMPOSE_ONLY = ['PIGEON_PUBLISH', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD'];
/** switches for the test harness, refused in production: compose (a deployment) never passes them */
const TEST_ONLY = ['TEST_UNSANITIZED_BODIES', 'TEST_SORT_HERE_PAUSE_MS'];

describe('configuration documentation', () => {
  it('finds the variables it compares (the parsers still match the files)', () => {
    expect(readme.length).toBeGreaterThan(30);
    expect(config).toContain('PORT');
    expect(config).toContain('MAIL_DOMAINS');
    expect(config).toContain('SIGNIN_LIMIT_PER_IP');
    expect(config).toContain('SIGNIN_ALLOWED_DOMAINS'); // a call that prettier wraps over several lines
  });

  it('README table and .env.example list exactly the same variables, each once in the table', () => {
    expect([...example].sort()).toEqual([...new Set(readme)].sort());
    expect(readme.length).toBe(new Set(readme).size);
  });

  it('every variable config.ts reads is in both', () => {
    expect(config.filter((v) => !readme.includes(v))).toEqual([]);
    expect(config.filter((v) => !example.includes(v))).toEqual([]);
  });

  it('docker-compose passes every variable to Pigeon, except the ones the image sets', () => {
    const expected = config.filter((v) => !IMAGE_SET.includes(v) && !TEST_ONLY.includes(v));
    expect(Object.keys(compose).sort()).toEqual(expected);
    expect(readme.filter((v) => !config.includes(v))).toEqual(COMPOSE_ONLY);
  });

  it("compose's Redis requires a password, and .env never enters the Docker build context", () => {
    const compose = read('docker-compose.yml');
    const redis = compose.split(/^ {2}redis:\s*$/m)[1]?.split(/^ {2}\S/m)[0] ?? '';
    expect(redis).toMatch(/--requirepass "\$\$REDIS_PASSWORD"/);
    expect(redis).toMatch(/test -n "\$\$REDIS_PASSWORD" \|\| \{[^}]*exit 1; \}/);
    expect(redis).toMatch(/REDISCLI_AUTH: \$\{REDIS_PASSWORD:-\}/);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toContain('.env');
    expect(ignored).toContain('.env.*');
  });

  it('the reverse-proxy examples set X-Forwarded-For from the real peer and never ask for TRUST_PROXY=true', () => {
    const nginx = read('deploy/proxy/nginx.conf');
    expect(nginx).toMatch(/^\s*proxy_set_header X-Forwarded-For \$remote_addr;/m);
    expect(nginx).not.toContain('$proxy_add_x_forwarded_for');
    const caddy = read('deploy/proxy/Caddyfile');
    expect(caddy).toMatch(/^\s*header_up X-Forwarded-For \{remote_host\}/m);
    for (const text of [nginx, caddy, read('README.md'), read('.env.example')])
      expect(text).not.toMatch(/TRUST_PROXY=true/);
  });

  it("compose's unset values mean the defaults: an empty .env gives the same config as an empty environment", () => {
    // `${X:-}` becomes '' when .env does not set X; `${X-default}` becomes the default
    const env = Object.fromEntries(
      Object.entries(compose)
        .filter(([k]) => k !== 'DATABASE_URL')
        .map(([k, v]) => [k, /^\$\{[A-Z0-9_]+:-\}$/.test(v) ? '' : (/^\$\{[A-Z0-9_]+-(.*)\}$/.exec(v)?.[1] ?? v)]),
    );
    expect(loadConfig(env, '/srv')).toEqual(loadConfig({}, '/srv'));
  });
});
