import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import { webCacheControl, webPlugin } from './web.plugin.ts';

const script = 'export const answer = 42;\n'.repeat(200);
const html = '<!doctype html><html><body><div id="app"></div></body></html>\n';

describe('webCacheControl', () => {
  it('keeps hashed assets a year, icons a day, and asks again for the rest', () => {
    expect(webCacheControl('assets/index-CKekIqJ0.js')).toBe('public, max-age=31536000, immutable');
    expect(webCacheControl('assets/index-CKekIqJ0.js.br')).toBe('public, max-age=31536000, immutable');
    expect(webCacheControl('index.html')).toBe('no-cache');
    expect(webCacheControl('index.html.gz')).toBe('no-cache');
    expect(webCacheControl('sw.js')).toBe('no-cache');
    expect(webCacheControl('manifest.webmanifest')).toBe('no-cache');
    expect(webCacheControl('favicon.svg')).toBe('public, max-age=86400');
    expect(webCacheControl('icons/pigeon-192.png')).toBe('public, max-age=86400');
  });
});

describe('web plugin', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-web-'));
    mkdirSync(path.join(dir, 'assets'));
    const file = path.join(dir, 'assets/app-Ab12Cd34.js');
    writeFileSync(file, script);
    writeFileSync(`${file}.br`, brotliCompressSync(script));
    writeFileSync(`${file}.gz`, gzipSync(script));
    writeFileSync(path.join(dir, 'index.html'), html);
    writeFileSync(path.join(dir, 'index.html.br'), brotliCompressSync(html));
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = Fastify();
    await app.register(webPlugin, { config: { webDistDir: dir } as Config });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('serves the brotli file to a browser that accepts it, immutable for a year', async () => {
    const res = await get('/assets/app-Ab12Cd34.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('serves gzip when brotli is not accepted, and the plain file when nothing is', async () => {
    const gz = await get('/assets/app-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
    const plain = await get('/assets/app-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(script);
  });

  it('answers app routes with index.html, compressed and no-cache', async () => {
    const res = await get('/mail/INBOX', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(html);
  });

  it('serves a file without a compressed copy as it is, for a day when its name is not hashed', async () => {
    const res = await get('/favicon.svg', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
  });

  it('keeps /api misses out of the fallback', async () => {
    expect((await get('/api/nothing-here', 'br')).statusCode).toBe(404);
    expect((await get('/assets/gone-Zz99Yy88.js', 'br')).statusCode).toBe(404);
  });
});
