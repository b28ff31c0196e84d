import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import type { Config } from '../config.ts';

/** Security headers for the SPA (strict CSP: no inline or remote script) and cookie parsing. */
export const securityPlugin = fp<{ config: Config }>(async (app, { config }) => {
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        // the service worker (sw.js) and the web app manifest, both from this origin (decision 023)
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // these govern documents and workers; a JSON answer is neither (nosniff keeps it from being read as one), and
  // they were ~0.5 KB of every API answer of the first visit (decision 023)
  app.addHook('onSend', async (request, reply, payload) => {
    // a browser ignores HSTS received over plain http (RFC 6797 section 8.1): sent only where the page is https
    if (config.cookieSecure !== 'always' && request.protocol !== 'https')
      reply.removeHeader('strict-transport-security');
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string') return payload;
    if (type.startsWith('application/json')) for (const name of DOCUMENT_ONLY_HEADERS) reply.removeHeader(name);
    else if (isSubresource(type, request.url)) for (const name of SUBRESOURCE_DROPPED) reply.removeHeader(name);
    return payload;
  });
});

/**
 * A stylesheet, a hashed module chunk under /assets/ (never a worker: the only worker script is /sw.js, whose
 * own CSP governs it), the web app manifest or one of Pigeon's own PNG icons is not a document: framing and CSP headers do nothing there (~0.7 KB each, decision 023).
 */
export function isSubresource(type: string, url: string): boolean {
  if (type.startsWith('text/css')) return true;
  // the web app manifest is read by the browser as data, never shown as a document of this app
  if (type.startsWith('application/manifest+json')) return true;
  // Pigeon's own raster icons (an SVG keeps the document headers: opened by itself it is a document that could script)
  if (type.startsWith('image/png') && url.startsWith('/icons/')) return true;
  const script = type.startsWith('application/javascript') || type.startsWith('text/javascript');
  return script && url.startsWith('/assets/');
}

export const DOCUMENT_ONLY_HEADERS = [
  'content-security-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
] as const;

/** Dropped from stylesheets and module chunks: the document-only headers and the two that act on documents. */
export const SUBRESOURCE_DROPPED = [...DOCUMENT_ONLY_HEADERS, 'x-frame-options', 'cross-origin-opener-policy'] as const;
