import path from 'node:path';
import { parseServerUrl, type ServerEndpoint } from './features/autoconfig/server-url.ts';
import { isHostListEntry } from './core/net/host-list.ts';
import { parseProxyTrust, type ProxyTrust } from './core/net/proxy-trust.ts';
import { isHighEntropySecret } from './core/crypto/secret-format.ts';

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

/** Where and how long discovery looks for an address domain's mail servers (docs/decisions/005-discovery.md). */
export interface DiscoveryConfig {
  enabled: boolean;
  /** resolvers for SRV/MX/A lookups, `ip` or `ip:port`; empty = the system's */
  dnsServers: string[];
  /** ISPDB base URL, the domain is appended; null = skip the ISPDB */
  ispdbUrl: string | null;
  /** https in production; tests serve autoconfig over http on a loopback port */
  autoconfigScheme: 'https' | 'http';
  autoconfigPort: number | null;
  sourceTimeoutMs: number;
  loginTimeoutMs: number;
  cacheTtlHours: number;
  /** ports probed when guessing imap./mail./smtp. hosts */
  guessPorts: { imaps: number; imap: number; smtps: number; smtp: number; pop3s: number; pop3: number };
}

/** Live IMAP sessions: IDLE + NOTIFY watcher, lifetime, and the per-user connection budget. */
export interface LiveConfig {
  /** how long a user's IMAP session stays open after their last device disconnected */
  lingerMs: number;
  /** IDLE is restarted this often, well before servers drop it (RFC 2177: 29 minutes) */
  idleRestartMs: number;
  /** IMAP connections Pigeon opens per user: 1 command + 1 watcher; 1 = no watcher, changes are polled */
  maxConnectionsPerUser: number;
  /** poll interval for servers without NOTIFY (or without a watcher) */
  pollMs: number;
  /** downloads (attachment, .eml) one user may run at once, each on its own short IMAP connection; 0 = on the command connection */
  downloadsPerUser: number;
  /** with REDIS_URL: the per-user lease on the live session expires after this unless its holder renews it */
  leaseMs: number;
}

/** Bounds of reading a message (docs/decisions/010-reading-pipeline.md): what is fetched, parsed, kept and for how long. */
export interface ReadingConfig {
  /** bytes of text, HTML and inline images fetched and parsed to display one message; beyond it, "too large to show" */
  displayMaxBytes: number;
  /** bytes of a message's (or a part's) header that are read; the rest of an oversized header is not shown */
  headerMaxBytes: number;
  /** MIME parts of one message that are read and listed */
  maxParts: number;
  /** worker threads that parse and sanitize messages */
  workers: number;
  /** how long parsing and sanitizing one message may take before the reader falls back to its plain text */
  timeBudgetMs: number;
  /** bytes of parsed messages kept for the body frame, attachments and replies */
  cacheMaxBytes: number;
  /** imapflow: largest literal and largest response accepted from an IMAP server */
  imapMaxLiteralBytes: number;
  imapMaxResponseBytes: number;
  /** TESTS ONLY (e2e layer test, decision 011): the body frame gets the message's HTML unsanitized */
  unsanitizedBodiesForTests: boolean;
}

export interface Pop3Config {
  /** minutes between checks of a POP3 account (POP3 has no push); "check now" does not wait for it */
  checkIntervalMinutes: number;
}

/** Web push for new mail (docs/decisions/027-web-push-and-offline.md). */
export interface WebPushConfig {
  enabled: boolean;
  /** both set, or both null: then a pair is generated once into DATA_DIR/vapid.json */
  vapidPublicKey: string | null;
  vapidPrivateKey: string | null;
  /** the contact push services see in the VAPID token: `mailto:` or `https:` */
  subject: string;
  /** hosts a subscription's endpoint may point at (names, `*.suffix`, IPs, CIDRs): the browsers' push services */
  services: string[];
  /** an extra CA certificate (PEM file) trusted for push endpoints (tests; a private push relay) */
  caFile: string | null;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  /** server half of the session key; null = generate once and keep in DATA_DIR */
  sessionSecret: string | null;
  sessionMaxAgeDays: number;
  /** checked sessions kept in memory while the revocation channel listens (decision 049); 0 bytes: off */
  sessionCheckCache: { maxBytes: number; ttlMs: number };
  cookieSecure: 'auto' | 'always' | 'never';
  /** which peers may set X-Forwarded-*: off, a hop count, or the proxies' addresses/CIDRs */
  trustProxy: ProxyTrust;
  logLevel: string;
  /** the sign-in answer names how long each of its steps took (`Server-Timing`, decision 036), and so do the reader's detail and body answers (decision 044) */
  serverTiming: boolean;
  /**
   * how long the sign-in answer waits for the first rows once the session is saved; later, the device's first
   * requests take them (decision 036); 0: it never waits
   */
  signInFirstRowsWaitMs: number;
  /** the most messages the first folder may hold for the answer to wait for its page (larger: handed over at once) */
  signInFirstRowsCarryMax: number;
  webDistDir: string;
  /** mail servers per address domain (lower-case) */
  mailDomains: Record<string, DomainServers>;
  /** servers for every other domain, or null (sign-in then answers mail.no_server_for_domain) */
  mailDefault: DomainServers | null;
  mailTlsCaFile: string | null;
  mailTlsRejectUnauthorized: boolean;
  mailConnectTimeoutMs: number;
  /** send the browser's address in IMAP ID (x-originating-ip) at sign-in and when an account is added */
  imapForwardClientIp: boolean;
  signInLimitPerIp: number;
  signInLimitPerAccount: number;
  signInLimitWindowSeconds: number;
  /** sign-in requests (successful or not) per client per minute */
  signInRatePerMinute: number;
  /** GET /api/autoconfig requests per client per minute */
  autoconfigRatePerMinute: number;
  /** signed-in sessions one user may hold at once; a further sign-in is refused */
  sessionsMaxPerUser: number;
  /** mail accounts one user may have (the primary one and those added in settings); each holds its own connections */
  accountsMaxPerUser: number;
  /** users with a live IMAP session on this instance at once; a further sign-in is refused */
  liveSessionsMax: number;
  attachmentMaxBytes: number;
  /** bytes of uploads (attachments of messages being written) one user may keep at once */
  uploadQuotaBytes: number;
  /** days a message that failed to send stays in the outbox (to be edited and sent again) before it is purged */
  outboxFailedRetentionDays: number;
  reading: ReadingConfig;
  /**
   * TESTS ONLY (TEST_SORT_HERE_PAUSE_MS): Pigeon sorts folders itself as without the server's SORT, pausing this long
   * between batches, so the e2e suite can see and cancel a first sort (decision 048 part 4); null in production
   */
  sortHereForTests: { pauseMs: number } | null;
  /** address domains that may sign in (exact or `*.suffix`); null = all */
  signInAllowedDomains: string[] | null;
  /** mail-server hosts that may be contacted (names, `*.suffix`, IPs, CIDRs); null = any public host */
  mailAllowedHosts: string[] | null;
  discovery: DiscoveryConfig;
  /** POP3 accounts (docs/decisions/019-pop3-and-local-store.md) */
  pop3: Pop3Config;
  /** seconds a sent message waits in the outbox so "Undo" can bring it back; 0 = off */
  sendUndoSeconds: number;
  /** From addresses a user may send as: only their own, any on their domain, or any */
  sendAs: 'own' | 'domain' | 'any';
  /** SMTP hosts that file a copy in Sent themselves (Pigeon then does not APPEND one) */
  smtpSavesSentHosts: string[];
  /** live IMAP sessions (docs/decisions/007-live-sessions.md) */
  live: LiveConfig;
  /** how long SIGTERM may take (requests in flight, IMAP LOGOUT, outbox, database) before the process exits anyway */
  shutdownTimeoutMs: number;
  /** `/metrics`: bearer token on the main port, and/or a separate listener (port null = none) */
  metrics: { token: string | null; host: string; port: number | null };
  /** shared state of several instances (validated; the scale-out work that reads it is not done yet) */
  redisUrl: string | null;
  webPush: WebPushConfig;
}

type Env = Record<string, string | undefined>;

const int = (env: Env, name: string, def: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max)
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
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
    const ex =
      kind === 'imap'
        ? 'imaps://host:993, imap://host:143 (STARTTLS) or imap+plain://host:143'
        : 'smtps://host:465, smtp://host:587 (STARTTLS) or smtp+plain://host:25';
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
  const expected =
    'JSON like {"school.example":{"imap":"imaps://imap.school.example:993","smtp":"smtps://smtp.school.example:465"}}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('MAIL_DOMAINS', expected, raw);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigError('MAIL_DOMAINS', expected, raw);
  const out: Record<string, DomainServers> = {};
  for (const [domain, v] of Object.entries(parsed as Record<string, unknown>)) {
    const entry = v as { imap?: unknown; smtp?: unknown } | null;
    if (!entry || typeof entry.imap !== 'string' || typeof entry.smtp !== 'string')
      throw new ConfigError('MAIL_DOMAINS', expected, raw);
    out[domain.toLowerCase()] = {
      imap: endpoint(`MAIL_DOMAINS[${domain}].imap`, entry.imap, 'imap'),
      smtp: endpoint(`MAIL_DOMAINS[${domain}].smtp`, entry.smtp, 'smtp'),
    };
  }
  return out;
};

/** `*` (or unset) = null (no restriction), else a comma-separated list of entries that each pass `valid`. */
const list = (env: Env, name: string, expected: string, valid: (entry: string) => boolean): string[] | null => {
  const raw = env[name]?.trim();
  if (!raw || raw === '*') return null;
  const entries = raw
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length === 0 || !entries.every(valid)) throw new ConfigError(name, expected, raw);
  return entries;
};

/** DISCOVERY_GUESS_PORTS = imaps:993,imap:143,smtps:465,smtp:587,pop3s:995,pop3:110 (any subset; the rest keep their default) */
const guessPorts = (env: Env): DiscoveryConfig['guessPorts'] => {
  const ports = { imaps: 993, imap: 143, smtps: 465, smtp: 587, pop3s: 995, pop3: 110 };
  const raw = env.DISCOVERY_GUESS_PORTS?.trim();
  if (!raw) return ports;
  for (const part of raw.split(',')) {
    const m = /^(imaps|imap|smtps|smtp|pop3s|pop3):(\d{1,5})$/.exec(part.trim());
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
      throw new ConfigError(
        'DISCOVERY_GUESS_PORTS',
        'a list like imaps:993,imap:143,smtps:465,smtp:587,pop3s:995,pop3:110',
        raw,
      );
    ports[m[1] as keyof typeof ports] = Number(m[2]);
  }
  return ports;
};

const discovery = (env: Env): DiscoveryConfig => {
  const ispdb = env.DISCOVERY_ISPDB_URL ?? 'https://autoconfig.thunderbird.net/v1.1/';
  if (ispdb && !/^https?:\/\/[^/]+\/(.*\/)?$/.test(ispdb))
    throw new ConfigError('DISCOVERY_ISPDB_URL', 'an http(s) URL ending in / (or empty to skip the ISPDB)', ispdb);
  const dnsServers = (env.DISCOVERY_DNS_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const d of dnsServers) {
    if (!/^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-f:]+\](:\d{1,5})?|[0-9a-f:]+)$/i.test(d))
      throw new ConfigError(
        'DISCOVERY_DNS_SERVERS',
        'IP addresses, optionally with :port, comma-separated',
        env.DISCOVERY_DNS_SERVERS,
      );
  }
  const port = int(env, 'DISCOVERY_AUTOCONFIG_PORT', 0, 0, 65535);
  return {
    enabled: bool(env, 'DISCOVERY_ENABLED', true),
    dnsServers,
    ispdbUrl: ispdb || null,
    autoconfigScheme: oneOf(env, 'DISCOVERY_AUTOCONFIG_SCHEME', 'https', ['https', 'http'] as const),
    autoconfigPort: port || null,
    sourceTimeoutMs: int(env, 'DISCOVERY_TIMEOUT_MS', 4000, 50, 60_000),
    loginTimeoutMs: int(env, 'DISCOVERY_LOGIN_TIMEOUT_MS', 8000, 50, 120_000),
    cacheTtlHours: int(env, 'DISCOVERY_CACHE_TTL_HOURS', 168, 0, 87_600),
    guessPorts: guessPorts(env),
  };
};

const MiB = 1024 * 1024;

const reading = (env: Env): ReadingConfig => {
  const literal = int(env, 'IMAP_MAX_LITERAL_BYTES', 64 * MiB, MiB, 1024 * MiB);
  const response = int(env, 'IMAP_MAX_RESPONSE_BYTES', 96 * MiB, MiB, 2048 * MiB);
  if (response <= literal)
    throw new ConfigError('IMAP_MAX_RESPONSE_BYTES', `more than IMAP_MAX_LITERAL_BYTES (${literal})`, String(response));
  const display = int(env, 'MESSAGE_DISPLAY_MAX_BYTES', 8 * MiB, 64 * 1024, 512 * MiB);
  if (display >= literal)
    throw new ConfigError(
      'MESSAGE_DISPLAY_MAX_BYTES',
      `less than IMAP_MAX_LITERAL_BYTES (${literal})`,
      String(display),
    );
  return {
    displayMaxBytes: display,
    headerMaxBytes: int(env, 'MESSAGE_HEADER_MAX_BYTES', 256 * 1024, 4096, 16 * MiB),
    // mailparser's splitter refuses a message of more than 1,000 nodes (the 502 of issue 9)
    maxParts: int(env, 'MESSAGE_MAX_PARTS', 500, 10, 990),
    workers: int(env, 'READ_WORKERS', 2, 1, 64),
    timeBudgetMs: int(env, 'READ_TIME_BUDGET_MS', 3000, 50, 60_000),
    cacheMaxBytes: int(env, 'READ_CACHE_MAX_BYTES', 64 * MiB, MiB, 8192 * MiB),
    imapMaxLiteralBytes: literal,
    imapMaxResponseBytes: response,
    unsanitizedBodiesForTests: unsanitizedBodies(env),
  };
};

/** The e2e harness sets it on its own instance to test the sandbox and CSP alone; never in production. */
const unsanitizedBodies = (env: Env): boolean => {
  const on = bool(env, 'TEST_UNSANITIZED_BODIES', false);
  const { NODE_ENV: nodeEnv } = env; // Node's own convention, set by the Docker image; not a Pigeon setting
  if (on && nodeEnv === 'production')
    throw new ConfigError(
      'TEST_UNSANITIZED_BODIES',
      'unset in production (a test-only switch)',
      env.TEST_UNSANITIZED_BODIES,
    );
  return on;
};

/** The e2e harness sets it on its own instance to show and cancel a first sort without SORT; never in production. */
const sortHereForTests = (env: Env): { pauseMs: number } | null => {
  const pauseMs = int(env, 'TEST_SORT_HERE_PAUSE_MS', 0, 0, 60_000);
  const { NODE_ENV: nodeEnv } = env; // Node's own convention, not a Pigeon setting
  if (pauseMs > 0 && nodeEnv === 'production')
    throw new ConfigError(
      'TEST_SORT_HERE_PAUSE_MS',
      'unset in production (a test-only switch)',
      env.TEST_SORT_HERE_PAUSE_MS,
    );
  return pauseMs > 0 ? { pauseMs } : null;
};

/** The push services of Chromium/Edge (FCM), Firefox (Mozilla autopush), Windows (WNS) and Safari (Apple). */
export const DEFAULT_PUSH_SERVICES =
  'fcm.googleapis.com,*.push.services.mozilla.com,*.notify.windows.com,web.push.apple.com,*.push.apple.com';

// a VAPID key as web-push writes it: base64url of a P-256 point (65 bytes) or scalar (32 bytes)
const VAPID_PUBLIC = /^[A-Za-z0-9_-]{86,88}$/;
const VAPID_PRIVATE = /^[A-Za-z0-9_-]{42,44}$/;

const webPush = (env: Env, cwd: string): WebPushConfig => {
  const pub = env.WEB_PUSH_VAPID_PUBLIC_KEY || null;
  const priv = env.WEB_PUSH_VAPID_PRIVATE_KEY || null;
  if (pub && !VAPID_PUBLIC.test(pub))
    throw new ConfigError(
      'WEB_PUSH_VAPID_PUBLIC_KEY',
      'a VAPID public key in base64url (`npx web-push generate-vapid-keys`)',
      pub,
    );
  if (priv && !VAPID_PRIVATE.test(priv))
    throw new ConfigError('WEB_PUSH_VAPID_PRIVATE_KEY', 'a VAPID private key in base64url', '<hidden>');
  if (pub && !priv)
    throw new ConfigError('WEB_PUSH_VAPID_PRIVATE_KEY', 'set together with WEB_PUSH_VAPID_PUBLIC_KEY', undefined);
  if (priv && !pub)
    throw new ConfigError('WEB_PUSH_VAPID_PUBLIC_KEY', 'set together with WEB_PUSH_VAPID_PRIVATE_KEY', undefined);
  const subject = env.WEB_PUSH_SUBJECT || 'mailto:postmaster@localhost';
  if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s/]+(\/\S*)?)$/.test(subject))
    throw new ConfigError(
      'WEB_PUSH_SUBJECT',
      'a mailto: address or an https: URL where push services can reach you',
      subject,
    );
  // `*` would let a device make the server POST to any address, internal ones included
  const services = env.WEB_PUSH_SERVICES?.trim() || DEFAULT_PUSH_SERVICES;
  const expected = 'comma-separated push service hosts (names, *.suffix, IPs, CIDRs), not *';
  const serviceList =
    services === '*' ? null : list({ WEB_PUSH_SERVICES: services }, 'WEB_PUSH_SERVICES', expected, isHostListEntry);
  if (!serviceList) throw new ConfigError('WEB_PUSH_SERVICES', expected, services);
  const caFile = env.WEB_PUSH_CA_FILE || null;
  return {
    enabled: bool(env, 'WEB_PUSH_ENABLED', true),
    vapidPublicKey: pub,
    vapidPrivateKey: priv,
    subject,
    services: serviceList,
    caFile: caFile ? path.resolve(cwd, caFile) : null,
  };
};

/** Reads and validates the whole configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const secret = env.SESSION_SECRET;
  if (secret !== undefined && secret !== '' && !isHighEntropySecret(secret))
    throw new ConfigError(
      'SESSION_SECRET',
      '32 random bytes in base64 (`openssl rand -base64 32`), not a passphrase; or unset it to use DATA_DIR/session-secret (a new value signs everyone out)',
      '<hidden>',
    );
  const trustProxy = parseProxyTrust(env.TRUST_PROXY);
  if (trustProxy === null)
    throw new ConfigError(
      'TRUST_PROXY',
      'false, the number of proxies in front of Pigeon (1 for one reverse proxy), or their addresses/CIDR ranges (10.0.0.5,172.16.0.0/12); `true` would let any client choose its IP',
      env.TRUST_PROXY,
    );
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('DATABASE_URL', 'a postgresql:// URL', '<hidden>');
  const caFile = env.MAIL_TLS_CA_FILE || null;
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken && metricsToken.length < 16)
    throw new ConfigError('METRICS_TOKEN', 'at least 16 characters', '<hidden>');
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\/[^/]/.test(redisUrl))
    throw new ConfigError('REDIS_URL', 'a redis:// or rediss:// URL', '<hidden>');
  return {
    host: env.HOST || '0.0.0.0',
    port: int(env, 'PORT', 8080, 0, 65535),
    dataDir: path.resolve(cwd, env.DATA_DIR || './data'),
    databaseUrl,
    sessionSecret: secret || null,
    sessionMaxAgeDays: int(env, 'SESSION_MAX_AGE_DAYS', 30, 1, 3650),
    sessionCheckCache: {
      maxBytes: int(env, 'SESSION_CHECK_CACHE_BYTES', 4 * MiB, 0, 1024 * MiB),
      ttlMs: int(env, 'SESSION_CHECK_CACHE_SECONDS', 60, 1, 3600) * 1000,
    },
    cookieSecure: oneOf(env, 'COOKIE_SECURE', 'auto', ['auto', 'always', 'never'] as const),
    trustProxy,
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    serverTiming: bool(env, 'SERVER_TIMING', false),
    signInFirstRowsWaitMs: int(env, 'SIGN_IN_FIRST_ROWS_WAIT_MS', 1500, 0, 60_000),
    signInFirstRowsCarryMax: int(env, 'SIGN_IN_FIRST_ROWS_CARRY_MAX', 10_000, 0, 100_000_000),
    webDistDir: path.resolve(cwd, env.WEB_DIST_DIR || defaultWebDist()),
    mailDomains: domains(env),
    mailDefault: pair(env, 'MAIL_IMAP_URL', 'MAIL_SMTP_URL'),
    mailTlsCaFile: caFile ? path.resolve(cwd, caFile) : null,
    mailTlsRejectUnauthorized: bool(env, 'MAIL_TLS_REJECT_UNAUTHORIZED', true),
    mailConnectTimeoutMs: int(env, 'MAIL_CONNECT_TIMEOUT_MS', 10_000, 100, 120_000),
    imapForwardClientIp: bool(env, 'IMAP_FORWARD_CLIENT_IP', false),
    signInLimitPerIp: int(env, 'SIGNIN_LIMIT_PER_IP', 20, 1, 100_000),
    signInLimitPerAccount: int(env, 'SIGNIN_LIMIT_PER_ACCOUNT', 5, 1, 100_000),
    signInLimitWindowSeconds: int(env, 'SIGNIN_LIMIT_WINDOW_SECONDS', 900, 1, 86_400),
    signInRatePerMinute: int(env, 'SIGNIN_RATE_PER_MINUTE', 30, 1, 100_000),
    autoconfigRatePerMinute: int(env, 'AUTOCONFIG_RATE_PER_MINUTE', 30, 1, 100_000),
    sessionsMaxPerUser: int(env, 'SESSIONS_MAX_PER_USER', 50, 1, 10_000),
    accountsMaxPerUser: int(env, 'ACCOUNTS_MAX_PER_USER', 5, 1, 50),
    liveSessionsMax: int(env, 'LIVE_SESSIONS_MAX', 1000, 1, 1_000_000),
    attachmentMaxBytes: int(env, 'ATTACHMENT_MAX_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    uploadQuotaBytes: int(env, 'UPLOAD_QUOTA_BYTES', 200 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024),
    outboxFailedRetentionDays: int(env, 'OUTBOX_FAILED_RETENTION_DAYS', 30, 1, 3650),
    reading: reading(env),
    sortHereForTests: sortHereForTests(env),
    signInAllowedDomains: list(
      env,
      'SIGNIN_ALLOWED_DOMAINS',
      '* or comma-separated domains (school.example, *.school.example)',
      (e) => /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(e),
    ),
    mailAllowedHosts: list(
      env,
      'MAIL_ALLOWED_HOSTS',
      '* or comma-separated host names, *.suffix, IP addresses or CIDR ranges',
      isHostListEntry,
    ),
    discovery: discovery(env),
    pop3: { checkIntervalMinutes: int(env, 'POP3_CHECK_INTERVAL_MINUTES', 5, 1, 1440) },
    sendUndoSeconds: int(env, 'SEND_UNDO_SECONDS', 5, 0, 60),
    sendAs: oneOf(env, 'SEND_AS', 'own', ['own', 'domain', 'any'] as const),
    smtpSavesSentHosts: (env.SMTP_SAVES_SENT ?? 'smtp.gmail.com')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    live: {
      lingerMs: int(env, 'IMAP_SESSION_LINGER_SECONDS', 600, 0, 86_400) * 1000,
      idleRestartMs: int(env, 'IMAP_IDLE_RESTART_SECONDS', 240, 10, 1740) * 1000,
      maxConnectionsPerUser: int(env, 'IMAP_MAX_CONNECTIONS_PER_USER', 2, 1, 20),
      pollMs: int(env, 'IMAP_POLL_SECONDS', 30, 2, 3600) * 1000,
      downloadsPerUser: int(env, 'IMAP_DOWNLOADS_PER_USER', 2, 0, 10),
      leaseMs: int(env, 'IMAP_LEASE_MS', 15_000, 1_000, 600_000),
    },
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 15_000, 1_000, 600_000),
    metrics: {
      token: metricsToken,
      host: env.METRICS_HOST || '127.0.0.1',
      port: int(env, 'METRICS_PORT', 0, 0, 65535) || null,
    },
    redisUrl,
    webPush: webPush(env, cwd),
  };
}

// apps/server/src -> apps/web/dist, independent of the working directory
function defaultWebDist(): string {
  return path.resolve(import.meta.dirname, '../../web/dist');
}
