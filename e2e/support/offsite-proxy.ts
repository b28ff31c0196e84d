import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A forward proxy the browser context sends every request through, except the app's own origin.
 * It records each request and refuses it unless its origin was allowed. A proxy, not `context.route()`:
 * Chromium puts sandboxed iframes (the message body) in their own process, and Playwright 1.65 neither
 * sees nor routes their requests, while the proxy sees whatever leaves the browser.
 */
export interface OffsiteProxy {
  /** `http://127.0.0.1:<port>`, for the context's `proxy.server` */
  readonly url: string;
  /** every request that reached the proxy (`GET http://…`, `CONNECT host:port`), allowed or not */
  readonly requests: string[];
  /** the ones refused */
  readonly blocked: string[];
  allow(origin: string): void;
  close(): Promise<void>;
}

const hostOf = (origin: string) => new URL(origin).host;

export async function startOffsiteProxy(): Promise<OffsiteProxy> {
  const allowedHosts = new Set<string>();
  const requests: string[] = [];
  const blocked: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    requests.push(line);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.protocol !== 'http:' || !allowedHosts.has(target.host)) {
      blocked.push(line);
      res.writeHead(403, { 'content-type': 'text/plain' }).end('blocked by the e2e offsite proxy');
      return;
    }
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });

  // https:// and ws(s):// arrive as CONNECT host:port
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const line = `CONNECT ${req.url}`;
    requests.push(line);
    if (!allowedHosts.has(req.url ?? '')) {
      blocked.push(line);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    const line = `UPGRADE ${req.url}`;
    requests.push(line);
    blocked.push(line);
    socket.destroy();
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    blocked,
    allow: (origin) => allowedHosts.add(hostOf(origin)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
