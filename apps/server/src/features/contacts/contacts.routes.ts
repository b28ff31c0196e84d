import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ContactList, ContactQuery, apiRoutes } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { sessionOf } from '../mailbox/mailbox.routes.ts';
import { createContactsRepository } from './contacts.repository.ts';

export const contactsRoutes: FastifyPluginAsync<{ config: Config }> = async (app) => {
  const repo = createContactsRepository(app.db);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    apiRoutes.contacts,
    { schema: { querystring: ContactQuery, response: { 200: ContactList } } },
    async (request) => ({
      contacts: await repo.search(sessionOf(request).userId, request.query.q ?? '', request.query.limit ?? 8),
    }),
  );
};
