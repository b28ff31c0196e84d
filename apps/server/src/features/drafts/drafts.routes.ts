import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountParams, NoContent, ComposeDraft, DraftIdParams, MessageRef, SavedDraft } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import type { AuthedSession } from '../../core/auth.types.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { DRAFT_BODY_LIMIT, validateRecipients, type ComposeRepository } from '../compose/compose.service.ts';
import { resolveIdentity, type SettingsRepository } from '../settings/settings.service.ts';
import { draftMessage, openDraft } from './drafts.service.ts';

/** What the composition root hands the drafts routes. */
export interface DraftsRoutesDeps {
  config: Config;
  settings: SettingsRepository;
  /** the files a draft names, for one request's session (uploads, forwarded and draft parts) */
  files: (session: AuthedSession) => ComposeRepository;
}

/** Drafts live in the account's Drafts folder (IMAP: other clients see them); the composer autosaves through POST. */
export const draftsRoutes: FastifyPluginAsync<DraftsRoutesDeps> = async (app, { config, settings, files }) => {
  // a draft holds at most ATTACHMENT_MAX_BYTES of files (base64: 4/3) besides its text
  const draftSourceMaxBytes = Math.ceil((config.attachmentMaxBytes * 4) / 3) + DRAFT_BODY_LIMIT;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/accounts/:accountId/drafts',
    {
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: { params: AccountParams, body: ComposeDraft, response: { 200: SavedDraft } },
    },
    async (request) => {
      const session = sessionOf(request);
      const draft = request.body;
      validateRecipients(draft, false);
      const identity = await resolveIdentity({
        repo: settings,
        userId: session.userId,
        email: session.email,
        account: session.account.email,
        policy: config.sendAs,
        identityId: draft.identityId,
      });
      const raw = await draftMessage({
        draft,
        from: { name: identity.name, email: identity.email },
        replyTo: identity.replyTo,
        // a forwarded message's files are read from where they are
        uploads: files(session),
        userId: session.userId,
      });
      const { path, uid } = await app.mail.of(session).saveDraft(draft.draftId, raw);
      return { draftId: draft.draftId, path, uid };
    },
  );

  // a POST, like every action on a message the user takes (docs/decisions/016); opening stores nothing
  r.post(
    '/api/accounts/:accountId/drafts/open',
    { schema: { params: AccountParams, body: MessageRef, response: { 200: ComposeDraft } } },
    async (request) => {
      const session = sessionOf(request);
      const { path, uid } = request.body;
      return openDraft({ mail: app.mail.of(session), path, uid, maxBytes: draftSourceMaxBytes });
    },
  );

  r.delete(
    '/api/accounts/:accountId/drafts/:draftId',
    { schema: { params: DraftIdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      await app.mail.of(sessionOf(request)).deleteDraft(request.params.draftId);
      return reply.status(204).send(null);
    },
  );
};
