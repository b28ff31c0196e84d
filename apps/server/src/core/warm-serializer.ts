import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifySerializerCompiler } from 'fastify';

type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Values shaped by a JSON schema: the first one takes every union's first branch, the second its last, and each
 * array holds one item, so serializing both reaches every branch of every `anyOf` at least once. Pure.
 */
export function schemaSamples(schema: unknown): [unknown, unknown] {
  const sample = (s: unknown, last: boolean, depth: number): unknown => {
    if (!isSchema(s) || depth > 16) return null;
    const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
    if (Array.isArray(branches) && branches.length)
      return sample(branches[last ? branches.length - 1 : 0], last, depth + 1);
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length) return s.enum[last ? s.enum.length - 1 : 0];
    const type = Array.isArray(s.type) ? s.type[last ? s.type.length - 1 : 0] : s.type;
    if (type === 'object') {
      const props = isSchema(s.properties) ? s.properties : {};
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sample(v, last, depth + 1)]));
    }
    if (type === 'array') return [sample(s.items, last, depth + 1)];
    if (type === 'string') return '';
    if (type === 'integer' || type === 'number') return 0;
    if (type === 'boolean') return false;
    return null;
  };
  return [sample(schema, false, 0), sample(schema, true, 0)];
}

/**
 * Fastify's own response serializer compiler (fast-json-stringify), whose serializers are called once on
 * schemaSamples when built: a union's branch validators compile at their first use, which would otherwise be the
 * first response of the process (45 ms quiet, ~300 ms of event loop at load 24 for a message detail).
 */
export function warmSerializerCompiler(
  externalSchemas: Record<string, unknown> = {},
): FastifySerializerCompiler<unknown> {
  const build = SerializerSelector()(externalSchemas);
  return (route) => {
    const serialize = build({ ...route, httpStatus: String(route.httpStatus) });
    for (const value of schemaSamples(route.schema)) {
      try {
        serialize(value);
      } catch {
        // a sample that breaks a rule of the schema (e.g. a format) only leaves that branch cold
      }
    }
    return serialize;
  };
}
