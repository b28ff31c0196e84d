// The deployment path end to end: docker-compose.yml validates, and the image's start command (migrate, then
// serve) runs outside Docker on the embedded database: health, metrics, logs without secrets, graceful SIGTERM.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, deliver, mailFixture, mailLogs, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes, type MessagePage, type OutboxItem, type OutboxList } from '@pigeon/shared';
import { draftTo, findByMessageId, waitFor } from '../../test/compose-helpers.ts';
import { HttpClient, freePort, repoRoot, startServer, type ServerProcess } from '../../test/server-process.ts';

const SESSION_SECRET = randomBytes(32).toString('hex');
const METRICS_TOKEN = randomBytes(16).toString('hex');
const RECEIVED_BODY = `received-body-${randomBytes(8).toString('hex')}`;
const SENT_BODY = `sent-body-${randomBytes(8).toString('hex')}`;
const LATE_BODY = `late-body-${randomBytes(8).toString('hex')}`;

let dataDir: string;
let env: Record<string, string>;
let user: MailUser;
let server: ServerProcess;
let client: HttpClient;
const outputs: string[] = [];

/** 'Logged out' lines Dovecot wrote for this user (a LOGOUT, not a dropped connection). */
const logouts = (email: string): number =>
  readFileSync(mailLogs().dovecot, 'utf8')
    .split('\n')
    .filter((l) => l.includes(`imap(${email})`) && l.includes('Disconnected: Logged out')).length;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-ops-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
  user = await createUser('ops');
  await deliver({ to: user.email, subject: 'Ops test', text: `Hello, ${RECEIVED_BODY}` });
  env = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    SESSION_SECRET,
    METRICS_TOKEN,
    METRICS_PORT: String(await freePort()),
    SEND_UNDO_SECONDS: '0',
    MAIL_DOMAINS: JSON.stringify({
      [mailFixture.domain]: {
        imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
        smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
      },
    }),
    MAIL_TLS_CA_FILE: mailFixture.caPath,
  };
  server = await startServer(env);
  client = new HttpClient(server.base);
});

afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('docker-compose.yml', () => {
  it('is valid for docker-compose 1.29 (Debian), with and without the demo and scale profiles', () => {
    const ensured = spawnSync(
      process.execPath,
      [
        '-e',
        "import('./scripts/system-deps.mjs').then((m) => process.exit(m.ensureDebPackages(['docker-compose']) ? 0 : 1))",
      ],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    expect(ensured.status, 'docker-compose (Debian package) is installed').toBe(0);
    for (const args of [[], ['--profile', 'demo'], ['--profile', 'scale']]) {
      const r = spawnSync('docker-compose', ['-f', 'docker-compose.yml', ...args, 'config', '-q'], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      expect(r.stderr + r.stdout, `docker-compose ${args.join(' ')} config -q`).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

describe('the image start command outside Docker', () => {
  it('migrated the embedded database and answers /healthz and /readyz', async () => {
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('signs in, reads and sends; every request has an id in the log and the response', async () => {
    const accountId = await client.signIn(user.email, user.password);
    const page = await client.json<MessagePage>('GET', apiRoutes.messages(accountId, 'INBOX'));
    const uid = page.messages[0]!.uid;
    await client.json('GET', apiRoutes.message(accountId, 'INBOX', uid));
    const body = await client.request('GET', apiRoutes.messageBody(accountId, 'INBOX', uid));
    expect(await body.text()).toContain(RECEIVED_BODY);
    const requestId = body.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(
      async () => server.logs().some((l) => l.reqId === requestId && l.msg === 'request completed'),
      'the request in the log',
    );

    const queued = await client.json<OutboxItem>(
      'POST',
      apiRoutes.outbox(accountId),
      draftTo(user.email, { html: `<p>${SENT_BODY}</p>` }),
    );
    await waitFor(async () => {
      const { items } = await client.json<OutboxList>('GET', apiRoutes.outbox(client.accountId));
      return items.find((i) => i.id === queued.id)?.state === 'sent';
    }, 'the message to be sent');
    expect(await findByMessageId(user, 'INBOX', queued.messageId)).toHaveLength(1);
  });

  it('serves /metrics with the token on the main port, and without one on METRICS_PORT only', async () => {
    expect((await fetch(`${server.base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${server.base}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(401);
    const res = await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^pigeon_signed_in_users 1$/m);
    expect(text).toMatch(/^pigeon_outbox_depth 0$/m);
    expect(text).toMatch(
      /^pigeon_http_request_duration_seconds_count\{method="GET",route="\/api\/accounts\/:accountId\/mailboxes\/:path\/messages",status="200"\} 1$/m,
    );
    expect(text).toMatch(/^pigeon_imap_connections\{state="command"\} 1$/m);
    const own = await fetch(`http://127.0.0.1:${env.METRICS_PORT}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('pigeon_push_latency_seconds');
  });

  it('on SIGTERM finishes the request in flight, refuses new connections, logs out of IMAP and exits 0', async () => {
    const logoutsBefore = logouts(user.email);
    const sends = () =>
      server
        .logs()
        .filter(
          (l) =>
            l.msg === 'incoming request' &&
            (l.req as { method?: string; url?: string })?.url === apiRoutes.outbox(client.accountId) &&
            (l.req as { method?: string }).method === 'POST',
        ).length;
    const sendsBefore = sends();
    // a send whose body is still arriving when the signal comes
    const payload = JSON.stringify(draftTo(user.email, { html: `<p>${LATE_BODY}</p>` }));
    const half = Math.floor(payload.length / 2);
    const socket = net.connect(server.port, '127.0.0.1');
    let response = '';
    socket.on('data', (d) => (response += d.toString()));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      [
        `POST ${apiRoutes.outbox(client.accountId)} HTTP/1.1`,
        `Host: 127.0.0.1:${server.port}`,
        `Cookie: ${client.cookieHeader()}`,
        `x-csrf-token: ${client.csrfToken}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(payload)}`,
        '',
        payload.slice(0, half),
      ].join('\r\n'),
    );
    await waitFor(async () => sends() === sendsBefore + 1, 'the request to arrive');

    const t0 = performance.now();
    server.child.kill('SIGTERM');
    await waitFor(async () => server.logs().some((l) => l.msg === 'shutting down'), 'shutdown to begin');
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const probe = net.connect(server.port, '127.0.0.1');
          probe.once('connect', () => (probe.destroy(), resolve(false)));
          probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
        }),
      'new connections to be refused',
    );
    socket.write(payload.slice(half));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 201 /);

    const exit = await server.exited;
    const ms = Math.round(performance.now() - t0);
    outputs.push(server.output());
    // exit 0, not 1: everything closed within SHUTDOWN_TIMEOUT_MS
    expect(exit).toEqual({ code: 0, signal: null });
    console.log(`[ops] SIGTERM -> exit 0 in ${ms} ms`);
    await waitFor(async () => logouts(user.email) > logoutsBefore, 'Dovecot to log the LOGOUT');
    expect(server.logs().some((l) => l.msg === 'shut down')).toBe(true);
  });

  it('restarted on the same DATA_DIR, the message sent during shutdown is delivered exactly once', async () => {
    server = await startServer(env);
    client.base = server.base;
    // the session survived the restart (it is in the database), so the same cookie still works
    const items = await waitFor(async () => {
      const { items } = await client.json<OutboxList>('GET', apiRoutes.outbox(client.accountId));
      return items.length === 2 && items.every((i) => i.state === 'sent') ? items : undefined;
    }, 'both messages to be sent');
    const copies = await Promise.all(items.map((i) => findByMessageId(user, 'INBOX', i.messageId)));
    expect(copies.map((c) => c.length)).toEqual([1, 1]);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    outputs.push(server.output());
  });

  it('never logs the password, the session cookie, the session secret, the metrics token or a message body', () => {
    const all = outputs.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    const secrets = {
      password: user.password,
      sessionCookie: decodeURIComponent(client.cookies.get('pigeon_session')!),
      sessionCookieRaw: client.cookies.get('pigeon_session')!,
      sessionSecret: SESSION_SECRET,
      metricsToken: METRICS_TOKEN,
      receivedBody: RECEIVED_BODY,
      sentBody: SENT_BODY,
      lateBody: LATE_BODY,
    };
    for (const [what, value] of Object.entries(secrets)) expect(all.includes(value), `${what} in the log`).toBe(false);
    // every line is JSON (pino), apart from nothing
    const lines = all.split('\n').filter(Boolean);
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
  });
});
