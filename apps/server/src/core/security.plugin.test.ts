import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import { DOCUMENT_ONLY_HEADERS, securityPlugin } from './security.plugin.ts';

const app = Fastify();

beforeAll(async () => {
  await app.register(securityPlugin, { config: {} as Config });
  app.get('/api/thing', async () => ({ ok: true }));
  app.get('/page', async (_request, reply) => reply.type('text/html; charset=utf-8').send('<p>hi</p>'));
  app.get('/sw.js', async (_request, reply) => reply.type('text/javascript').send('self.x = 1;'));
  await app.ready();
});
afterAll(() => app.close());

describe('security headers', () => {
  it('keeps the CSP and the isolation headers on documents and scripts', async () => {
    for (const url of ['/page', '/sw.js']) {
      const res = await app.inject({ url });
      expect(res.headers['content-security-policy'], url).toMatch(/script-src 'self'/);
      for (const name of DOCUMENT_ONLY_HEADERS) expect(res.headers[name], `${url} ${name}`).toBeDefined();
    }
  });

  it('sends a JSON answer without the document-only headers, still nosniff, no-referrer and same-origin', async () => {
    const res = await app.inject({ url: '/api/thing' });
    expect(res.json()).toEqual({ ok: true });
    for (const name of DOCUMENT_ONLY_HEADERS) expect(res.headers[name], name).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  });
});
