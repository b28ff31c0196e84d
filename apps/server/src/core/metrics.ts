import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Pigeon's Prometheus metrics, one registry per app (tests build several apps in one process).
 * Modules report through these functions; the `set…Source` ones are read at scrape time, a later call replaces an earlier one.
 */
export interface Metrics {
  readonly registry: Registry;
  /** an HTTP request finished; `route` is the route pattern, never the raw URL */
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  /** an IMAP connection was opened again after it broke */
  countImapReconnect(): void;
  /** a realtime event was emitted to a user's devices; latency from the IMAP server's notice, when known */
  countPushEvent(event: string, latencySeconds?: number): void;
  /** IMAP connections by state label (e.g. `command`, `live`, `reconnecting`); states missing from a scrape read 0 */
  setImapConnectionsSource(fn: () => Record<string, number>): void;
  setSignedInUsersSource(fn: () => Promise<number>): void;
  setOutboxDepthSource(fn: () => Promise<number>): void;
  /** the exposition text */
  render(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pigeon_process_' });
  let imapSource: (() => Record<string, number>) | null = null;
  let usersSource: (() => Promise<number>) | null = null;
  let outboxSource: (() => Promise<number>) | null = null;

  const http = new Histogram({
    name: 'pigeon_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'pigeon_imap_reconnects_total',
    help: 'IMAP connections opened again after they broke',
    registers: [registry],
  });
  const pushEvents = new Counter({
    name: 'pigeon_push_events_total',
    help: 'realtime events emitted to users, by event name',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  const pushLatency = new Histogram({
    name: 'pigeon_push_latency_seconds',
    help: 'from the IMAP server announcing a change to the event being emitted',
    buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'pigeon_imap_connections',
    help: 'IMAP connections on this instance, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [state, n] of Object.entries(imapSource?.() ?? {})) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'pigeon_signed_in_users',
    help: 'users with at least one unexpired session (all instances)',
    registers: [registry],
    async collect() {
      if (usersSource) this.set(await usersSource());
    },
  });
  new Gauge({
    name: 'pigeon_outbox_depth',
    help: 'messages waiting to be sent: scheduled, sending or retrying (all instances)',
    registers: [registry],
    async collect() {
      if (outboxSource) this.set(await outboxSource());
    },
  });

  return {
    registry,
    observeHttp: (method, route, status, seconds) => http.observe({ method, route, status: String(status) }, seconds),
    countImapReconnect: () => reconnects.inc(),
    countPushEvent: (event, latencySeconds) => {
      pushEvents.inc({ event });
      if (latencySeconds !== undefined) pushLatency.observe(latencySeconds);
    },
    setImapConnectionsSource: (fn) => void (imapSource = fn),
    setSignedInUsersSource: (fn) => void (usersSource = fn),
    setOutboxDepthSource: (fn) => void (outboxSource = fn),
    render: () => registry.metrics(),
  };
}

/** `/metrics` without a token on its own address (METRICS_HOST:METRICS_PORT), for a Prometheus on a private network. */
export async function listenMetrics(
  metrics: Metrics,
  host: string,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
