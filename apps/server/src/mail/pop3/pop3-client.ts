import net from 'node:net';
import tls from 'node:tls';
import { AppError } from '../../core/app-error.ts';
import { describeEndpoint, type ServerEndpoint } from '../../core/net/server-endpoint.ts';
import { tlsOptions, type TlsSettings } from '../../imap/connect.ts';
import {
  parseCapabilities,
  parseSizeListing,
  parseStat,
  parseUidlListing,
  type Listing,
  type UidlEntry,
} from './pop3-listing.ts';
import { DEFAULT_POP3_LIMITS, Pop3ProtocolError, Pop3Reader, type Pop3Limits, type Pop3Reply } from './pop3-reader.ts';
import { isPop3CredentialRefusal } from './pop3-refusal.ts';

export interface Pop3Login {
  login: string;
  password: string;
  server: ServerEndpoint;
}

export interface Pop3Options {
  limits?: Partial<Pop3Limits>;
  /** largest message RETR/TOP keeps (a larger one is read and dropped); listings keep `limits.maxMultilineBytes` */
  maxMessageBytes?: number;
  /** most messages one UIDL/LIST listing may name */
  maxMessages?: number;
  /** one command (including a whole RETR) must finish within this; the server cannot trickle forever */
  commandTimeoutMs?: number;
}

/** The server answered -ERR to a command (not a broken connection). */
export class Pop3CommandError extends Error {
  constructor(
    readonly command: string,
    readonly status: string,
  ) {
    super(`POP3 ${command} refused: ${status.slice(0, 200)}`);
    this.name = 'Pop3CommandError';
  }
}

interface Pending {
  command: string;
  resolve(r: Pop3Reply): void;
  reject(e: Error): void;
}

/**
 * One POP3 connection (RFC 1939, STLS RFC 2595). Commands may be issued without awaiting the previous one
 * (pipelining): replies resolve in order. Any protocol error, timeout or close fails every pending command
 * and ends the connection.
 */
export class Pop3Client {
  capabilities = new Set<string>();
  private socket: net.Socket | tls.TLSSocket;
  private reader: Pop3Reader;
  private pending: Pending[] = [];
  private closedWith: Error | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly maxMessages: number;
  private readonly maxMessageBytes: number;
  private readonly commandTimeoutMs: number;

  private constructor(socket: net.Socket, o: Pop3Options) {
    this.reader = new Pop3Reader({ ...DEFAULT_POP3_LIMITS, ...o.limits });
    this.maxMessages = o.maxMessages ?? 200_000;
    this.maxMessageBytes = o.maxMessageBytes ?? DEFAULT_POP3_LIMITS.maxMultilineBytes;
    this.commandTimeoutMs = o.commandTimeoutMs ?? 120_000;
    this.socket = socket;
    this.attach(socket);
  }

  /** Connects, upgrades with STLS when asked, logs in with USER/PASS. Errors are AppErrors (401 / 502). */
  static async connect(l: Pop3Login, t: TlsSettings, o: Pop3Options = {}): Promise<Pop3Client> {
    if (/[\r\n\0]/.test(l.login) || /[\r\n\0]/.test(l.password))
      throw new AppError(401, 'auth.invalid_credentials', 'The email address or password is not correct.');
    let client: Pop3Client | null = null;
    try {
      const socket = await open(l.server, t);
      client = new Pop3Client(socket, o);
      const greeting = await client.expectReply('greeting', 'single');
      if (!greeting.ok) throw new Pop3CommandError('greeting', greeting.status);
      client.capabilities = await client.capa();
      if (l.server.tls === 'starttls') {
        if (!client.capabilities.has('STLS')) throw new Pop3CommandError('STLS', 'not offered');
        await client.command('STLS', 'single');
        await client.upgrade(l.server, t);
        client.capabilities = await client.capa();
      }
      await client.command(`USER ${l.login}`, 'single', 'USER');
      try {
        await client.command(`PASS ${l.password}`, 'single', 'PASS');
      } catch (err) {
        if (err instanceof Pop3CommandError && isPop3CredentialRefusal(err.status))
          throw new AppError(401, 'auth.invalid_credentials', 'The email address or password is not correct.');
        throw err;
      }
      return client;
    } catch (err) {
      client?.close();
      if (err instanceof AppError) throw err;
      const e = err as { code?: string };
      const where = describeEndpoint(l.server);
      throw new AppError(
        502,
        'mail.server_unreachable',
        `Could not reach the mail server ${where}${e?.code ? ` (${e.code})` : ''}.`,
        { details: { server: where } },
      );
    }
  }

  async stat(): Promise<{ count: number; size: number }> {
    const r = await this.command('STAT', 'single');
    const s = parseStat(r.status);
    if (!s) throw new Pop3ProtocolError('STAT answer not understood');
    return s;
  }

  async uidl(): Promise<Listing<UidlEntry>> {
    const r = await this.command('UIDL', 'multi');
    return parseUidlListing(r.body ?? Buffer.alloc(0), this.maxMessages);
  }

  async list(): Promise<Listing<{ n: number; size: number }>> {
    const r = await this.command('LIST', 'multi');
    return parseSizeListing(r.body ?? Buffer.alloc(0), this.maxMessages);
  }

  /** The whole message, or null when it is larger than the bound (the server's bytes were read and dropped). */
  async retr(n: number): Promise<{ raw: Buffer | null; bytes: number }> {
    const r = await this.command(`RETR ${msgNumber(n)}`, 'multi', 'RETR', this.maxMessageBytes);
    return { raw: r.body ?? null, bytes: r.bytes ?? 0 };
  }

  /** Headers plus the first `lines` body lines (TOP is optional in RFC 1939: check `capabilities.has('TOP')`). */
  async top(n: number, lines: number): Promise<Buffer | null> {
    const r = await this.command(
      `TOP ${msgNumber(n)} ${Math.max(0, Math.floor(lines))}`,
      'multi',
      'TOP',
      this.maxMessageBytes,
    );
    return r.body ?? null;
  }

  async dele(n: number): Promise<void> {
    await this.command(`DELE ${msgNumber(n)}`, 'single');
  }

  /** QUIT commits DELE marks (RFC 1939 UPDATE state); a connection closed without it deletes nothing. */
  async quit(): Promise<void> {
    try {
      await this.command('QUIT', 'single');
    } finally {
      this.close();
    }
  }

  close(): void {
    this.fail(new Error('POP3 connection closed'));
    this.socket.destroy();
  }

  private async capa(): Promise<Set<string>> {
    const r = await this.send('CAPA', 'multi', 'CAPA');
    return r.ok && r.body ? parseCapabilities(r.body) : new Set();
  }

  private async command(
    line: string,
    kind: 'single' | 'multi',
    name = line,
    maxBytes?: number,
  ): Promise<Pop3Reply & { ok: true }> {
    const r = await this.send(line, kind, name, maxBytes);
    if (!r.ok) throw new Pop3CommandError(name, r.status);
    return r;
  }

  private send(line: string, kind: 'single' | 'multi', name: string, maxBytes?: number): Promise<Pop3Reply> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const p = this.expectReply(name, kind, maxBytes);
    this.socket.write(`${line}\r\n`);
    return p;
  }

  private expectReply(command: string, kind: 'single' | 'multi', maxBytes?: number): Promise<Pop3Reply> {
    return new Promise((resolve, reject) => {
      this.reader.expect(kind, maxBytes);
      this.pending.push({ command, resolve, reject });
      if (!this.timer) this.arm();
    });
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.pending.length
      ? setTimeout(() => this.destroy(new Error(`POP3 ${this.pending[0]?.command} timed out`)), this.commandTimeoutMs)
      : null;
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      let replies: Pop3Reply[];
      try {
        replies = this.reader.push(chunk);
      } catch (err) {
        return this.destroy(err as Error);
      }
      for (const r of replies) this.pending.shift()?.resolve(r);
      if (replies.length) this.arm();
    });
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.fail(new Error('POP3 connection closed by the server')));
  }

  private async upgrade(server: ServerEndpoint, t: TlsSettings): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    plain.on('error', () => {}); // surfaced by the TLS socket wrapping it
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, ...tlsOptions(t, server.host) }, () => resolve(s));
      s.once('error', reject);
    });
    secure.removeAllListeners('error');
    this.socket = secure;
    this.attach(secure);
  }

  private destroy(err: Error): void {
    this.fail(err);
    this.socket.destroy();
  }

  private fail(err: Error): void {
    if (!this.closedWith) this.closedWith = err;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}

function msgNumber(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bad POP3 message number ${n}`);
  return n;
}

function open(server: ServerEndpoint, t: TlsSettings): Promise<net.Socket> {
  const host = server.address ?? server.host;
  return new Promise((resolve, reject) => {
    const socket =
      server.tls === 'tls'
        ? tls.connect({ host, port: server.port, ...tlsOptions(t, server.host) })
        : net.connect({ host, port: server.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
    }, t.connectTimeoutMs);
    socket.once(server.tls === 'tls' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
