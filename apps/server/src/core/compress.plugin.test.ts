import { brotliDecompressSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { compressPlugin } from './compress.plugin.ts';

describe('compress plugin', () => {
  it('compresses a large JSON answer with brotli and leaves a small one (a CSRF token) alone', async () => {
    const app = Fastify();
    await app.register(compressPlugin);
    const rows = Array.from({ length: 50 }, (_, i) => ({ uid: i, subject: `Subject ${i}`, from: 'a@school.test' }));
    app.get('/api/rows', async () => ({ rows }));
    app.get('/api/auth/csrf', async () => ({ csrfToken: 'x'.repeat(43) }));
    await app.ready();

    const big = await app.inject({ url: '/api/rows', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(big.headers['content-encoding']).toBe('br');
    expect(big.headers.vary).toMatch(/accept-encoding/i);
    expect(big.rawPayload.length).toBeLessThan(JSON.stringify({ rows }).length / 3);
    expect(JSON.parse(brotliDecompressSync(big.rawPayload).toString())).toEqual({ rows });

    const small = await app.inject({ url: '/api/auth/csrf', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ csrfToken: 'x'.repeat(43) });
    await app.close();
  });
});
