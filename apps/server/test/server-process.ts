// A real Pigeon server process (the image's start command: `node --import tsx apps/server/src/server.ts`,
// which migrates, then serves), with its output captured, plus a small cookie-keeping HTTP client.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { CSRF_HEADER, apiRoutes, type SessionInfo } from '@pigeon/shared';
import { waitFor } from './compose-helpers.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** everything the process wrote to stdout and stderr so far */
  output(): string;
  /** JSON log lines so far (non-JSON lines skipped) */
  logs(): Record<string, unknown>[];
  /** resolves with the exit code (or signal) once the process has exited */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/**
 * Starts the server with `env` on top of a minimal environment and waits until /readyz answers 200. `entry`: another
 * start file (relative to the repository), e.g. one that pauses the outbox at a step.
 */
export async function startServer(
  env: Record<string, string>,
  entry = 'apps/server/src/server.ts',
): Promise<ServerProcess> {
  const port = Number(env.PORT) || (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let dead = false;
  void exited.then(() => (dead = true));
  const base = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    port,
    base,
    output: () => out,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    exited,
  };
  try {
    await waitFor(
      async () => {
        if (dead) throw new Error(`server exited during start:\n${out}`);
        const res = await fetch(`${base}/readyz`).catch(() => null);
        return res?.status === 200;
      },
      `${base}/readyz`,
      60_000,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- server output ---\n${out}`);
  }
  return server;
}

/** A browser-like client: keeps cookies, sends the CSRF header on writes. */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  csrfToken = '';
  /** the primary account of the last sign-in (the `:accountId` of its routes) */
  accountId = '';

  constructor(public base: string) {}

  async request(method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (method !== 'GET') headers[CSRF_HEADER] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }

  async json<T>(
    method: string,
    url: string,
    body?: unknown,
    status = method === 'POST' ? [200, 201] : [200],
  ): Promise<T> {
    const res = await this.request(method, url, body);
    const text = await res.text();
    if (!status.includes(res.status)) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** signs in (CSRF token first); resolves to the primary account's id (the `:accountId` of its mail routes) */
  async signIn(email: string, password: string): Promise<string> {
    this.csrfToken = (await this.json<{ csrfToken: string }>('GET', apiRoutes.csrf)).csrfToken;
    const session = await this.json<SessionInfo>('POST', apiRoutes.signIn, { email, password });
    this.csrfToken = session.csrfToken;
    this.accountId = session.accountId;
    return session.accountId;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
