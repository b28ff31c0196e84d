import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccountParams,
  AttachmentIdParams,
  ComposeAttachment,
  ComposeDraft,
  ComposeLimits,
  PrefillBody,
  UPLOAD_FILENAME_HEADER,
  UPLOAD_INLINE_HEADER,
  NoContent,
  fileResponse,
} from '@pigeon/shared';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import { dispositionHeader } from '../message/disposition.ts';
import type { AuthedSession } from '../../core/auth.types.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { listIdentities, senderFor, type SettingsRepository } from '../settings/settings.service.ts';
import { composeErrors } from './compose.errors.ts';
import type { ComposeRepository } from './compose.repository.ts';
import { checkUploadQuota, prefillDraft } from './compose.service.ts';
import { createComposeLimitProbe } from './compose-limits.ts';

const FileUpload = Type.String({ format: 'binary', description: 'the file’s bytes; name in x-filename' });
const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;

/** What the composition root hands the compose routes. */
export interface ComposeRoutesDeps {
  config: Config;
  uploads: ComposeRepository;
  settings: SettingsRepository;
  /** the uploads plus forwarded and draft parts, for one request's session */
  files: (session: AuthedSession) => ComposeRepository;
}

export const composeRoutes: FastifyPluginAsync<ComposeRoutesDeps> = async (
  app,
  { config, uploads, settings, files: filesOf },
) => {
  const tls = {
    caFile: config.mailTlsCaFile,
    rejectUnauthorized: config.mailTlsRejectUnauthorized,
    connectTimeoutMs: config.mailConnectTimeoutMs,
  };
  const limits = createComposeLimitProbe({
    configured: config.attachmentMaxBytes,
    mail: (session) => app.mail.of(session),
    tls,
  });

  // uploads are the file's raw bytes (any type), so progress is the request's own upload progress
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.attachmentMaxBytes }, (_req, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((err: FastifyError) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw composeErrors.tooLarge(config.attachmentMaxBytes);
    throw err;
  });

  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/accounts/:accountId/compose/limits',
    { schema: { params: AccountParams, response: { 200: ComposeLimits } } },
    async (request) => ({
      // from what earlier uploads learned: a GET opens no connection (docs/decisions/016)
      maxAttachmentBytes: limits.known(sessionOf(request)),
      undoSeconds: config.sendUndoSeconds,
    }),
  );

  r.post(
    '/api/accounts/:accountId/compose/attachments',
    // the body is the file's bytes (any type): documented, not validated as JSON
    { schema: { params: AccountParams, response: { 201: ComposeAttachment } }, config: { docsBody: FileUpload } },
    async (request, reply) => {
      const { userId } = sessionOf(request);
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw composeErrors.attachmentNotFound();
      const limit = await limits.probe(sessionOf(request));
      if (body.length > limit) throw composeErrors.tooLarge(limit);
      await checkUploadQuota({ uploads, userId, adding: body.length, quota: config.uploadQuotaBytes });
      const rawName = request.headers[UPLOAD_FILENAME_HEADER];
      let filename = 'attachment';
      try {
        filename =
          decodeURIComponent(typeof rawName === 'string' ? rawName : '')
            // eslint-disable-next-line no-control-regex -- removing control characters is the point
            .replace(/[\u0000-\u001f\u007f/\\]+/g, ' ')
            .trim()
            .slice(0, 255) || filename;
      } catch {
        // a malformed name falls back to the default
      }
      const contentType =
        (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase() ||
        'application/octet-stream';
      const stored = await uploads.insert(userId, { filename, contentType, content: body });
      const inline = request.headers[UPLOAD_INLINE_HEADER] === '1' && INLINE_IMAGE.test(contentType);
      return reply.status(201).send({ id: stored.id, filename, contentType, size: stored.size, inline });
    },
  );

  r.get(
    '/api/accounts/:accountId/compose/attachments/:id',
    { schema: { params: AttachmentIdParams, response: { 200: fileResponse('the uploaded file') } } },
    async (request, reply) => {
      const session = sessionOf(request);
      const [file] = await filesOf(session).find(session.userId, [request.params.id]);
      if (!file) throw composeErrors.attachmentNotFound();
      const image = INLINE_IMAGE.test(file.contentType);
      return reply
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, max-age=3600')
        .header('Content-Disposition', image ? 'inline' : dispositionHeader(file.filename))
        .type(image ? file.contentType : 'application/octet-stream')
        .send(file.content);
    },
  );

  r.delete(
    '/api/accounts/:accountId/compose/attachments/:id',
    { schema: { params: AttachmentIdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      await uploads.remove(sessionOf(request).userId, [request.params.id]);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/accounts/:accountId/compose/prefill',
    { schema: { params: AccountParams, body: PrefillBody, response: { 200: ComposeDraft } } },
    async (request) => {
      const session = sessionOf(request);
      const { path, uid, mode } = request.body;
      const identities = await listIdentities({ repo: settings, userId: session.userId, email: session.email });
      const ownAddresses = [session.email, session.account.email, ...identities.map((i) => i.email)];
      const { draft } = await prefillDraft({
        mail: app.mail.of(session),
        path,
        uid,
        mode,
        ownAddresses,
        maxBytes: config.attachmentMaxBytes,
      });
      // a reply goes out from the account the message came to, as its default sender (decision 040)
      const sender = senderFor({
        identities,
        account: session.account.email,
        primary: session.email,
        policy: config.sendAs,
        identityId: null,
      });
      return { ...draft, identityId: sender.id };
    },
  );
};
