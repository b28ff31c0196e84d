import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config.ts';

const YEAR_SECONDS = 31_536_000;
const DAY_SECONDS = 86_400;

/**
 * Cache policy of a file of the web build, by its path inside the build: Vite's content-hashed files under
 * `assets/` never change (a year, immutable); the logo and icons keep their name and may be a day old;
 * everything else (index.html, the service worker, the manifest) is asked for again each time (`no-cache`
 * still allows a 304), so a release reaches the browser at its next start.
 */
export function webCacheControl(relativePath: string): string {
  const file = relativePath
    .split(path.sep)
    .join('/')
    .replace(/\.(br|gz)$/, '');
  if (file.startsWith('assets/')) return `public, max-age=${YEAR_SECONDS}, immutable`;
  if (/\.(svg|png|ico)$/.test(file)) return `public, max-age=${DAY_SECONDS}`;
  return 'no-cache';
}

/** Serves the built SPA with history fallback; /api/* misses stay JSON 404s. */
export const webPlugin = fp<{ config: Config }>(async (app, { config }) => {
  if (!existsSync(config.webDistDir)) {
    app.log.warn({ dir: config.webDistDir }, 'web build not found; serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root: config.webDistDir,
    wildcard: false,
    index: false,
    // the build writes .br and .gz beside each text file (vite.config.ts); Vary: Accept-Encoding comes with it
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', webCacheControl(path.relative(config.webDistDir, file)));
    },
  });
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/socket.io/')) return reply.callNotFound();
    if (/\.[a-z0-9]+$/i.test(url)) return reply.sendFile(url.slice(1));
    return reply.sendFile('index.html');
  });
});
