import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TlsMode } from './server-url.ts';

/** One server from a config-v1.1 file; templates are expanded per address by `expandTemplate`. */
export interface ConfigServer {
  protocol: 'imap' | 'pop3' | 'smtp';
  /** may still hold %EMAILDOMAIN% etc.; expand before use */
  hostTemplate: string;
  port: number;
  tls: TlsMode;
  usernameTemplate: string;
  /** authentication methods as written (password-cleartext, OAuth2, ...), in document order */
  authentication: string[];
}

export interface ThunderbirdConfig {
  providerId: string | null;
  domains: string[];
  /** imap and pop3, in the file's preference order */
  incoming: ConfigServer[];
  /** smtp, in the file's preference order */
  outgoing: ConfigServer[];
}

export type ParseResult = { ok: true; config: ThunderbirdConfig; skipped: string[] } | { ok: false; reason: string };

const SOCKET: Record<string, TlsMode> = { ssl: 'tls', tls: 'tls', starttls: 'starttls', plain: 'none' };
const DEFAULT_PORT: Record<ConfigServer['protocol'], Record<TlsMode, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  pop3: { tls: 995, starttls: 110, none: 110 },
  smtp: { tls: 465, starttls: 587, none: 587 },
};
/** methods that carry the account password (imapflow speaks LOGIN/PLAIN; encrypted means CRAM-MD5, still the password) */
const PASSWORD_METHODS = new Set(['password-cleartext', 'plain', 'password-encrypted', 'secure']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (name) => ['emailProvider', 'incomingServer', 'outgoingServer', 'authentication', 'domain'].includes(name),
});

/** Parses Thunderbird's config-v1.1 XML; never throws: malformed input answers `{ ok: false, reason }`. */
export function parseThunderbirdConfig(xml: string): ParseResult {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, reason: `malformed XML: ${valid.err.msg} (line ${valid.err.line})` };
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, reason: `malformed XML: ${(err as Error).message}` };
  }
  const root = doc.clientConfig as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') return { ok: false, reason: 'not a clientConfig document' };
  const providers =
    (root.emailProvider as Record<string, unknown>[] | undefined)?.filter((p) => p && typeof p === 'object') ?? [];
  if (providers.length === 0) return { ok: false, reason: 'no emailProvider element' };

  const skipped: string[] = [];
  const config: ThunderbirdConfig = {
    providerId: text(providers[0]!['@id']) || null,
    domains: [],
    incoming: [],
    outgoing: [],
  };
  for (const p of providers) {
    config.domains.push(
      ...list(p.domain)
        .map(text)
        .filter(Boolean)
        .map((d) => d.toLowerCase()),
    );
    for (const s of list(p.incomingServer)) pushServer(config.incoming, s, ['imap', 'pop3'], skipped);
    for (const s of list(p.outgoingServer)) pushServer(config.outgoing, s, ['smtp'], skipped);
  }
  if (config.incoming.length === 0 && config.outgoing.length === 0)
    return { ok: false, reason: `no usable server${skipped.length ? ` (${skipped.join('; ')})` : ''}` };
  return { ok: true, config, skipped };
}

function pushServer(
  into: ConfigServer[],
  node: unknown,
  protocols: ConfigServer['protocol'][],
  skipped: string[],
): void {
  if (!node || typeof node !== 'object') return;
  const s = node as Record<string, unknown>;
  const protocol = text(s['@type']).toLowerCase() as ConfigServer['protocol'];
  const host = text(s.hostname);
  if (!protocols.includes(protocol))
    return void skipped.push(`server type ${JSON.stringify(text(s['@type']))} not supported`);
  if (!host) return void skipped.push(`${protocol} server without hostname`);
  const tls = SOCKET[text(s.socketType).toLowerCase()];
  if (!tls) return void skipped.push(`${host}: unknown socketType ${JSON.stringify(text(s.socketType))}`);
  const rawPort = text(s.port);
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT[protocol][tls];
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return void skipped.push(`${host}: bad port ${JSON.stringify(rawPort)}`);
  const authentication = list(s.authentication).map(text).filter(Boolean);
  into.push({
    protocol,
    hostTemplate: host,
    port,
    tls,
    usernameTemplate: text(s.username) || '%EMAILADDRESS%',
    authentication: authentication.length ? authentication : ['password-cleartext'],
  });
}

/** Can the account password sign in to this server (as opposed to OAuth2 only, client certificates, ...)? */
export const acceptsPassword = (s: Pick<ConfigServer, 'authentication'>): boolean =>
  s.authentication.some((a) => PASSWORD_METHODS.has(a.toLowerCase()));

/** Expands %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% (case-insensitive; a missing closing % is tolerated). */
export function expandTemplate(template: string, email: string): string {
  const at = email.lastIndexOf('@');
  const values: Record<string, string> = {
    EMAILADDRESS: email,
    EMAILLOCALPART: email.slice(0, at),
    EMAILDOMAIN: email.slice(at + 1).toLowerCase(),
  };
  return template
    .trim()
    .replace(/%(EMAILADDRESS|EMAILLOCALPART|EMAILDOMAIN)%?/gi, (_, key: string) => values[key.toUpperCase()]!);
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

// an element with attributes parses as { '#text': ..., '@x': ... }; collapse inner whitespace runs too
function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return text((v as Record<string, unknown>)['#text']);
  return String(v).replace(/\s+/g, ' ').trim();
}
