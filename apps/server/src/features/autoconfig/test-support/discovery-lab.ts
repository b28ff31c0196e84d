// Loopback-only peers for discovery tests and the benchmark: a DNS server (dns2) and an HTTP server that
// answers autoconfig and ISPDB requests by Host header. Nothing here listens outside 127.0.0.0/8.
import http from 'node:http';
import net from 'node:net';
import dns2 from 'dns2';

const { Packet } = dns2;

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  MX?: { exchange: string; priority: number }[];
  SRV?: { target: string; port: number; priority?: number; weight?: number }[];
}

export interface FakeDns {
  /** `127.0.0.1:<port>`, for DISCOVERY_DNS_SERVERS */
  server: string;
  /** every question asked, as `TYPE name` */
  queries: string[];
  zone: Map<string, ZoneEntry>;
  close(): Promise<void>;
}

const TYPE_NAMES: Record<number, string> = { 1: 'A', 28: 'AAAA', 15: 'MX', 33: 'SRV' };

/** A DNS server on 127.0.0.1:<random>; names missing from the zone answer NXDOMAIN, a name in `hang` never answers. */
export async function startFakeDns(zone: Record<string, ZoneEntry>, hang: string[] = []): Promise<FakeDns> {
  const map = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase(), v]));
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const q = request.questions[0];
      if (!q) return send(response);
      const name = q.name.toLowerCase();
      const type = TYPE_NAMES[q.type] ?? String(q.type);
      queries.push(`${type} ${name}`);
      if (hang.includes(name)) return;
      const entry = map.get(name);
      if (!entry) {
        response.header.rcode = 3;
        return send(response);
      }
      const base = { name: q.name, class: Packet.CLASS.IN, ttl: 1 };
      // dns2's typings demand toBuffer() on plain records, which its encoder does not need
      const add = (r: Record<string, unknown>) => response.answers.push(r as never);
      if (type === 'A') for (const address of entry.A ?? []) add({ ...base, type: Packet.TYPE.A, address });
      if (type === 'AAAA') for (const address of entry.AAAA ?? []) add({ ...base, type: Packet.TYPE.AAAA, address });
      if (type === 'MX')
        for (const mx of entry.MX ?? [])
          add({ ...base, type: Packet.TYPE.MX, exchange: mx.exchange, priority: mx.priority });
      if (type === 'SRV') {
        for (const s of entry.SRV ?? [])
          add({
            ...base,
            type: Packet.TYPE.SRV,
            target: s.target,
            port: s.port,
            priority: s.priority ?? 10,
            weight: s.weight ?? 0,
          });
      }
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return {
    server: `127.0.0.1:${addresses.udp!.port}`,
    queries,
    zone: map,
    close: () => server.close() as Promise<void>,
  };
}

export type Route = { status?: number; body?: string; hang?: boolean; redirect?: string };

export interface FakeWeb {
  port: number;
  /** `host path` of every request */
  requests: string[];
  /** key: `host/path` without query, e.g. `autoconfig.school.test/mail/config-v1.1.xml` */
  routes: Map<string, Route>;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1:<random> answering by Host (without port) + path; unknown routes 404. */
export async function startFakeWeb(routes: Record<string, Route> = {}): Promise<FakeWeb> {
  const map = new Map(Object.entries(routes));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(`${host} ${req.url}`);
    const route = map.get(`${host}${path}`);
    if (!route) return void res.writeHead(404).end('not found');
    if (route.hang) return;
    if (route.redirect) return void res.writeHead(302, { location: route.redirect }).end();
    res.writeHead(route.status ?? 200, { 'content-type': 'application/xml' }).end(route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    routes: map,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A TCP listener that counts connections (and closes them): proves what was, or was not, contacted. */
export async function startCountingListener(
  address: string,
  port = 0,
): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, address, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

/** A config-v1.1 document for one IMAP and one SMTP server. */
export function configXml(o: {
  imapHost: string;
  imapPort: number;
  imapSocket?: string;
  smtpHost: string;
  smtpPort: number;
  smtpSocket?: string;
  username?: string;
  auth?: string;
}): string {
  const server = (kind: string, type: string, host: string, port: number, socket: string) => `
    <${kind} type="${type}">
      <hostname>${host}</hostname>
      <port>${port}</port>
      <socketType>${socket}</socketType>
      <username>${o.username ?? '%EMAILADDRESS%'}</username>
      <authentication>${o.auth ?? 'password-cleartext'}</authentication>
    </${kind}>`;
  return `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="lab">${server('incomingServer', 'imap', o.imapHost, o.imapPort, o.imapSocket ?? 'SSL')}${server('outgoingServer', 'smtp', o.smtpHost, o.smtpPort, o.smtpSocket ?? 'SSL')}
  </emailProvider>
</clientConfig>`;
}
