import { existsSync } from 'node:fs';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config.ts';

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
    maxAge: '1h',
    immutable: false,
  });
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/socket.io/')) return reply.callNotFound();
    if (/\.[a-z0-9]+$/i.test(url)) return reply.sendFile(url.slice(1));
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
});
