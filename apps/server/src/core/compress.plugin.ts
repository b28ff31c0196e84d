import fp from 'fastify-plugin';
import compress from '@fastify/compress';

/**
 * Compresses API answers on the fly (brotli, else gzip) when they are at least 1 KB: a first page of 50 rows
 * is ~27 KB of JSON and ~5 KB compressed. The web build is compressed ahead of time (web.plugin.ts), and a
 * response that already has a Content-Encoding is left alone. Small answers, such as the ones carrying the
 * CSRF token, stay below the threshold and are never compressed (no length oracle next to a secret).
 */
export const compressPlugin = fp(async (app) => {
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
});
