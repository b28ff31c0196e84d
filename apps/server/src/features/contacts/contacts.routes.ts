import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ContactList, ContactQuery, apiRoutes } from '@pigeon/shared';
import { sessionOf } from '../../core/signed-in.ts';
import type { ContactsRepository } from './contacts.repository.ts';

export const contactsRoutes: FastifyPluginAsync<{ repo: ContactsRepository }> = async (app, { repo }) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    apiRoutes.contacts,
    { schema: { querystring: ContactQuery, response: { 200: ContactList } } },
    async (request) => ({
      contacts: await repo.search(sessionOf(request).userId, request.query.q ?? '', request.query.limit ?? 8),
    }),
  );
};
