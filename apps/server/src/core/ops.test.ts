import { describe, expect, it } from 'vitest';
import { pendingMigrations } from './db/readiness.ts';
import { withoutQuery } from './logging.plugin.ts';
import { createMetrics } from './metrics.ts';

describe('readiness', () => {
  it('lists shipped migrations the database has not finished', () => {
    expect(pendingMigrations(['1_init', '2_more', '3_last'], ['1_init', '3_last'])).toEqual(['2_more']);
    expect(pendingMigrations(['1_init'], ['1_init', '0_older_unknown'])).toEqual([]);
  });
});

describe('log lines', () => {
  it('never carry query strings (search terms are mail content)', () => {
    expect(withoutQuery('/api/mailboxes/INBOX/messages?q=secret')).toBe('/api/mailboxes/INBOX/messages?…');
    expect(withoutQuery('/api/outbox')).toBe('/api/outbox');
  });
});

describe('metrics', () => {
  it('reports what modules register, read at scrape time', async () => {
    const m = createMetrics();
    let connected = 3;
    m.setImapConnectionsSource(() => ({ connected, idle: 2 }));
    m.setOutboxDepthSource(async () => 5);
    m.countPushEvent('message.added', 0.6);
    m.countImapReconnect();
    m.observeHttp('GET', '/api/mailboxes', 200, 0.02);
    connected = 4;
    const text = await m.render();
    expect(text).toMatch(/^pigeon_imap_connections\{state="connected"\} 4$/m);
    expect(text).toMatch(/^pigeon_imap_connections\{state="idle"\} 2$/m);
    expect(text).toMatch(/^pigeon_outbox_depth 5$/m);
    expect(text).toMatch(/^pigeon_push_events_total\{event="message.added"\} 1$/m);
    expect(text).toMatch(/^pigeon_push_latency_seconds_bucket\{le="0.75"\} 1$/m);
    expect(text).toMatch(/^pigeon_imap_reconnects_total 1$/m);
    expect(text).toMatch(
      /^pigeon_http_request_duration_seconds_count\{method="GET",route="\/api\/mailboxes",status="200"\} 1$/m,
    );
  });
});
