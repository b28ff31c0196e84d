import path from 'node:path';
import { parseServerUrl, type ServerEndpoint } from './features/autoconfig/server-url.ts';

/** A bad or missing environment value; the message names the variable and what is expected. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string | undefined,
  ) {
    super(`${variable}: expected ${expected}${got === undefined ? '' : `, got ${JSON.stringify(got)}`}`);
  }
}

export interface DomainServers {
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  /** server half of the session key; null = generate once and keep in DATA_DIR */
  sessionSecret: string | null;
  sessionMaxAgeDays: number;
  cookieSecure: 'auto' | 'always' | 'never';
  trustProxy: boolean;
  logLevel: string;
  webDistDir: string;
  /** mail servers per address domain (lower-case) */
  mailDomains: Record<string, DomainServers>;
  /** servers for every other domain, or null (sign-in then answers mail.no_server_for_domain) */
  mailDefault: DomainServers | null;
  mailTlsCaFile: string | null;
  mailTlsRejectUnauthorized: boolean;
  mailConnectTimeoutMs: number;
  signInLimitPerIp: number;
  signInLimitPerAccount: number;
  signInLimitWindowSeconds: number;
  attachmentMaxBytes: number;
}

type Env = Record<string, string | undefined>;

const int = (env: Env, name: string, def: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  return n;
};

const bool = (env: Env, name: string, def: boolean): boolean => {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, 'true or false', raw);
};

const oneOf = <T extends string>(env: Env, name: string, def: T, values: readonly T[]): T => {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(name, `one of ${values.join(', ')}`, raw);
  return raw as T;
};

const endpoint = (name: string, raw: string, kind: 'imap' | 'smtp'): ServerEndpoint => {
  const parsed = parseServerUrl(raw, kind);
  if (!parsed) {
    const ex = kind === 'imap' ? 'imaps://host:993, imap://host:143 (STARTTLS) or imap+plain://host:143' : 'smtps://host:465, smtp://host:587 (STARTTLS) or smtp+plain://host:25';
    throw new ConfigError(name, `a ${kind} server URL like ${ex}`, raw);
  }
  return parsed;
};

const pair = (env: Env, imapVar: string, smtpVar: string): DomainServers | null => {
  const imap = env[imapVar];
  const smtp = env[smtpVar];
  if (!imap && !smtp) return null;
  if (!imap) throw new ConfigError(imapVar, `an IMAP server URL (set together with ${smtpVar})`, imap);
  if (!smtp) throw new ConfigError(smtpVar, `an SMTP server URL (set together with ${imapVar})`, smtp);
  return { imap: endpoint(imapVar, imap, 'imap'), smtp: endpoint(smtpVar, smtp, 'smtp') };
};

/** MAIL_DOMAINS = JSON {"school.example": {"imap": "imaps://...", "smtp": "smtps://..."}} */
const domains = (env: Env): Record<string, DomainServers> => {
  const raw = env.MAIL_DOMAINS;
  if (!raw) return {};
  const expected = 'JSON like {"school.example":{"imap":"imaps://imap.school.example:993","smtp":"smtps://smtp.school.example:465"}}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('MAIL_DOMAINS', expected, raw);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('MAIL_DOMAINS', expected, raw);
  const out: Record<string, DomainServers> = {};
  for (const [domain, v] of Object.entries(parsed as Record<string, unknown>)) {
    const entry = v as { imap?: unknown; smtp?: unknown } | null;
    if (!entry || typeof entry.imap !== 'string' || typeof entry.smtp !== 'string') throw new ConfigError('MAIL_DOMAINS', expected, raw);
    out[domain.toLowerCase()] = {
      imap: endpoint(`MAIL_DOMAINS[${domain}].imap`, entry.imap, 'imap'),
      smtp: endpoint(`MAIL_DOMAINS[${domain}].smtp`, entry.smtp, 'smtp'),
    };
  }
  return out;
};

/** Reads and validates the whole configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const secret = env.SESSION_SECRET;
  if (secret !== undefined && secret !== '' && secret.length < 32) throw new ConfigError('SESSION_SECRET', 'at least 32 characters', '<hidden>');
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL', 'a postgresql:// URL', '<hidden>');
  const caFile = env.MAIL_TLS_CA_FILE || null;
  return {
    host: env.HOST || '0.0.0.0',
    port: int(env, 'PORT', 8080, 0, 65535),
    dataDir: path.resolve(cwd, env.DATA_DIR || './data'),
    databaseUrl,
    sessionSecret: secret || null,
    sessionMaxAgeDays: int(env, 'SESSION_MAX_AGE_DAYS', 30, 1, 3650),
    cookieSecure: oneOf(env, 'COOKIE_SECURE', 'auto', ['auto', 'always', 'never'] as const),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    webDistDir: path.resolve(cwd, env.WEB_DIST_DIR || defaultWebDist()),
    mailDomains: domains(env),
    mailDefault: pair(env, 'MAIL_IMAP_URL', 'MAIL_SMTP_URL'),
    mailTlsCaFile: caFile ? path.resolve(cwd, caFile) : null,
    mailTlsRejectUnauthorized: bool(env, 'MAIL_TLS_REJECT_UNAUTHORIZED', true),
    mailConnectTimeoutMs: int(env, 'MAIL_CONNECT_TIMEOUT_MS', 10_000, 100, 120_000),
    signInLimitPerIp: int(env, 'SIGNIN_LIMIT_PER_IP', 20, 1, 100_000),
    signInLimitPerAccount: int(env, 'SIGNIN_LIMIT_PER_ACCOUNT', 5, 1, 100_000),
    signInLimitWindowSeconds: int(env, 'SIGNIN_LIMIT_WINDOW_SECONDS', 900, 1, 86_400),
    attachmentMaxBytes: int(env, 'ATTACHMENT_MAX_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  };
}

// apps/server/src -> apps/web/dist, independent of the working directory
function defaultWebDist(): string {
  return path.resolve(import.meta.dirname, '../../web/dist');
}
