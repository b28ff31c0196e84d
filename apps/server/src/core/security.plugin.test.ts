import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import { DOCUMENT_ONLY_HEADERS, SUBRESOURCE_DROPPED, isSubresource, securityPlugin } from './security.plugin.ts';

const app = Fastify();

beforeAll(async () => {
  await app.register(securityPlugin, { config: {} as Config });
  app.get('/api/thing', async () => ({ ok: true }));
  app.get('/page', async (_request, reply) => reply.type('text/html; charset=utf-8').send('<p>hi</p>'));
  app.get('/sw.js', async (_request, reply) => reply.type('text/javascript').send('self.x = 1;'));
  app.get('/assets/app-1.js', async (_request, reply) => reply.type('text/javascript').send('export {};'));
  app.get('/assets/app-1.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send('p{}'));
  app.get('/favicon.svg', async (_request, reply) => reply.type('image/svg+xml').send('<svg/>'));
  app.get('/manifest.webmanifest', async (_request, reply) => reply.type('application/manifest+json').send('{}'));
  await app.ready();
});
afterAll(() => app.close());

describe('security headers', () => {
  it('keeps the CSP and the isolation headers on documents and scripts', async () => {
    for (const url of ['/page', '/sw.js', '/favicon.svg']) {
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

  it('sends stylesheets and module chunks without framing and CSP headers, still nosniff and same-origin', async () => {
    for (const url of ['/assets/app-1.js', '/assets/app-1.css', '/manifest.webmanifest']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      for (const name of SUBRESOURCE_DROPPED) expect(res.headers[name], `${url} ${name}`).toBeUndefined();
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
  });

  it('counts only stylesheets, /assets/ scripts, the manifest and PNG icons as subresources (a worker script and an SVG keep their CSP)', () => {
    expect(isSubresource('text/css; charset=utf-8', '/assets/x.css')).toBe(true);
    expect(isSubresource('application/javascript; charset=utf-8', '/assets/app-1.js')).toBe(true);
    expect(isSubresource('application/manifest+json', '/manifest.webmanifest')).toBe(true);
    expect(isSubresource('image/png', '/icons/icon-192.png')).toBe(true);
    expect(isSubresource('application/javascript; charset=utf-8', '/sw.js')).toBe(false);
    expect(isSubresource('text/html; charset=utf-8', '/assets/x.html')).toBe(false);
    expect(isSubresource('image/svg+xml', '/favicon.svg')).toBe(false);
    expect(isSubresource('image/svg+xml', '/icons/x.svg')).toBe(false);
    expect(isSubresource('image/png', '/x.png')).toBe(false);
  });
});

describe('HSTS', () => {
  const over = async (trustProxy: boolean, cookieSecure: Config['cookieSecure'], proto?: string) => {
    const one = Fastify({ trustProxy });
    await one.register(securityPlugin, { config: { cookieSecure } as Config });
    one.get('/page', async (_request, reply) => reply.type('text/html; charset=utf-8').send('<p>hi</p>'));
    const res = await one.inject({ url: '/page', headers: proto ? { 'x-forwarded-proto': proto } : {} });
    await one.close();
    return res.headers['strict-transport-security'];
  };

  it('is sent over https (behind a trusted proxy) and with COOKIE_SECURE=always, never over plain http', async () => {
    expect(await over(true, 'auto', 'https')).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(await over(false, 'always')).toMatch(/^max-age=/);
    expect(await over(false, 'auto')).toBeUndefined();
    expect(await over(false, 'auto', 'https')).toBeUndefined(); // an untrusted proxy's word is not taken
  });
});
