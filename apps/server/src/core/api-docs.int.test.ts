// The API reference: a valid OpenAPI document with a schema and an error response for every /api route.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/test-app.ts';
import { API_DOCS_PREFIX } from './api-docs.plugin.ts';

interface Operation {
  responses?: Record<string, unknown>;
  parameters?: { in: string; name: string }[];
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let t: TestApp;
let doc: Document;

beforeAll(async () => {
  t = await buildTestApp();
  doc = t.app.swagger() as unknown as Document;
});

afterAll(async () => {
  await t?.close();
});

/** `/api/x/:id` → `/api/x/{id}` */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('describes every /api route with a success response, an error response and its path parameters', () => {
    const missing: string[] = [];
    for (const route of t.app.apiRoutes) {
      if (route.method === 'HEAD' || route.url.startsWith(API_DOCS_PREFIX)) continue;
      const where = `${route.method} ${route.url}`;
      const op = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      if (!op) {
        missing.push(`${where}: not in the document (give the route a schema)`);
        continue;
      }
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((c) => /^2/.test(c)))
        missing.push(`${where}: no 2xx response (add schema.response[200|201|204] from packages/shared)`);
      if (!codes.some((c) => /^4/.test(c)))
        missing.push(`${where}: no 4xx response (schema.response['4xx']: ErrorBody)`);
      for (const name of [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!))
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name))
          missing.push(`${where}: path parameter ${name} undeclared (add schema.params)`);
    }
    expect(missing, 'every /api route needs these in its route options (see docs/decisions/016)').toEqual([]);
  });

  it('is served at /api/docs/json without signing in, with the UI and its assets from Pigeon itself', async () => {
    const json = await t.app.inject({ method: 'GET', url: `${API_DOCS_PREFIX}/json` });
    expect(json.statusCode).toBe(200);
    expect(json.json<Document>().paths).toBeDefined();

    const page = await t.app.inject({ method: 'GET', url: `${API_DOCS_PREFIX}/` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    // nothing from a CDN: every script and stylesheet is a relative URL
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(1);
    expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    for (const asset of assets.filter((a) => /\.(js|css)$/.test(a))) {
      const res = await t.app.inject({ method: 'GET', url: new URL(asset, `http://x${API_DOCS_PREFIX}/`).pathname });
      expect(res.statusCode, asset).toBe(200);
    }
  });
});
