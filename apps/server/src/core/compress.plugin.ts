import fp from 'fastify-plugin';
import compress from '@fastify/compress';

/**
 * Compresses API answers on the fly (brotli, else gzip) when they are at least 1 KB: a first page of 50 rows
 * is ~27 KB of JSON and ~5 KB compressed. The web build is compressed ahead of time (web.plugin.ts), and a
 * response that already has a Content-Encoding is left alone. An answer carrying a CSRF token may be compressed
 * (the sign-in's carries the first rows, i.e. outside senders' text): each token is salted afresh (@fastify/csrf)
 * and the secret it is made from never leaves in a body, so its length is no oracle on a secret (BREACH).
 */
export const compressPlugin = fp(async (app) => {
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
});
