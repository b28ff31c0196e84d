import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Identity,
  IdentityInput,
  IdentityList,
  IdentityParams,
  NoContent,
  Preferences,
  PreferencesPatch,
  apiRoutes,
} from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { identityNotFound } from './settings.errors.ts';
import type { SettingsRepository } from './settings.repository.ts';
import { createIdentity, listIdentities, updateIdentity } from './settings.service.ts';

export const settingsRoutes: FastifyPluginAsync<{ config: Config; repo: SettingsRepository }> = async (
  app,
  { config, repo },
) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const who = (request: Parameters<typeof sessionOf>[0]) => {
    const s = sessionOf(request);
    return { repo, userId: s.userId, email: s.email, policy: config.sendAs };
  };

  r.get(apiRoutes.identities, { schema: { response: { 200: IdentityList } } }, async (request) => ({
    identities: await listIdentities(who(request)),
  }));

  r.post(
    apiRoutes.identities,
    { schema: { body: IdentityInput, response: { 201: Identity } } },
    async (request, reply) => reply.status(201).send(await createIdentity({ ...who(request), input: request.body })),
  );

  r.put(
    `${apiRoutes.identities}/:id`,
    { schema: { params: IdentityParams, body: IdentityInput, response: { 200: Identity } } },
    async (request) => updateIdentity({ ...who(request), id: request.params.id, input: request.body }),
  );

  r.delete(
    `${apiRoutes.identities}/:id`,
    { schema: { params: IdentityParams, response: { 204: NoContent } } },
    async (request, reply) => {
      if (!(await repo.deleteIdentity(sessionOf(request).userId, request.params.id))) throw identityNotFound();
      return reply.status(204).send(null);
    },
  );

  r.get(apiRoutes.preferences, { schema: { response: { 200: Preferences } } }, async (request) =>
    repo.preferences(sessionOf(request).userId),
  );

  r.patch(
    apiRoutes.preferences,
    { schema: { body: PreferencesPatch, response: { 200: Preferences } } },
    async (request) => repo.updatePreferences(sessionOf(request).userId, request.body),
  );
};
