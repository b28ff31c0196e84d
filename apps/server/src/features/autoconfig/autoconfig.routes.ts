import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AutoconfigQuery, AutoconfigResult, ErrorBody, apiRoutes } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { normalizeEmail } from '../auth/email-address.ts';
import { autoconfigErrors } from './autoconfig.errors.ts';
import type { DiscoveryCache } from './autoconfig.repository.ts';
import { findAccountServers } from './account-servers.ts';

const MEMO_MS = 60_000;
const MEMO_MAX = 1000;

/** GET /api/autoconfig?email=: what the sign-in page shows while it works ("Signing in to imap.school.example…"). */
export const autoconfigRoutes: FastifyPluginAsync<{ config: Config; cache: DiscoveryCache }> = async (
  fastify,
  { config, cache },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // the page asks as the user types: the same address within a minute shares one discovery run
  const memo = new Map<string, { at: number; result: Promise<AutoconfigResult> }>();

  app.get(
    apiRoutes.autoconfigPath,
    {
      // every new address can mean DNS lookups, HTTPS fetches and TCP probes: bounded per client
      config: {
        rateLimit: {
          max: config.autoconfigRatePerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) =>
            autoconfigErrors.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
        },
      },
      schema: { querystring: AutoconfigQuery, response: { 200: AutoconfigResult, '4xx': ErrorBody } },
    },
    async (request) => {
      const email = normalizeEmail(request.query.email);
      if (!email) throw autoconfigErrors.invalidEmail();
      const now = Date.now();
      const hit = memo.get(email);
      if (hit && now - hit.at < MEMO_MS) return hit.result;
      if (memo.size >= MEMO_MAX)
        for (const [k, v] of memo) if (now - v.at >= MEMO_MS || memo.size >= MEMO_MAX) memo.delete(k);
      const result = findAccountServers(email, config, { cache, log: request.log });
      memo.set(email, { at: now, result });
      result.catch(() => memo.delete(email));
      return result;
    },
  );
};
