import { finished } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AttachmentParams,
  BodyQuery,
  MailboxParams,
  MessageActionBody,
  MessageActionResult,
  MessageDetail,
  MessageListQuery,
  MessagePage,
  MessageParams,
  PAGE_SIZE,
  PrintQuery,
  fileResponse,
  type ListLine,
} from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { dispositionHeader, emlFilename } from './disposition.ts';
import { parseListView } from '../../mail/list/list-view.ts';
import { closedSignal } from '../../core/closed-signal.ts';
import { errorLine, ProgressLines, wantsLines } from '../../core/progress-lines.ts';
import { warmSerializerCompiler } from '../../core/warm-serializer.ts';
import { printDocument } from './print-document.ts';
import { createStepTimes, noStepTimes, type StepTimes } from '../../core/step-times.ts';

const BASE = '/api/accounts/:accountId/mailboxes/:path/messages';
const RawQuery = Type.Object({ view: Type.Optional(Type.Boolean()) });

/**
 * CSP of the reader frame: no script at all; remote images/CSS/fonts only when the user allowed them. `modals`: the
 * print view, a tab of its own, lets the browser's Print run (no script can ever call a dialog here).
 */
export function bodyCsp(remote: boolean, { modals = false } = {}): string {
  const ext = remote ? ' http: https:' : '';
  return [
    "default-src 'none'",
    `img-src data:${ext}`,
    `style-src 'unsafe-inline'${ext}`,
    `font-src data:${ext}`,
    `sandbox allow-popups allow-popups-to-escape-sandbox${modals ? ' allow-modals' : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

export const untrustedBytes = (reply: FastifyReply, csp: string) =>
  reply
    .header('Content-Security-Policy', csp)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'private, no-store');

/**
 * With SERVER_TIMING on, the reader's detail and body answers say where their time went (decision 044): `pre`, from
 * the request's arrival to its handler (the session and account checks), and `mail`, the mailbox's turn and the
 * reading (IMAP, the worker, the reading cache). Off: nothing is measured or sent.
 */
function readingTiming(config: Config, reply: FastifyReply): { steps: StepTimes; write: () => void } {
  if (!config.serverTiming) return { steps: noStepTimes, write: () => {} };
  const pre = reply.elapsedTime;
  const steps = createStepTimes();
  return { steps, write: () => void reply.header('server-timing', `pre;dur=${pre.toFixed(1)}, ${steps.header()}`) };
}

/** Sends a stream and waits until it has been written (or the client left): IMAP streams need the mailbox lock. */
async function sendStream(reply: FastifyReply, stream: NodeJS.ReadableStream): Promise<void> {
  void reply.send(stream);
  await finished(stream as NodeJS.ReadableStream & { readable: boolean }).catch(() => {});
}

export const messageRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  // the first reading of a process must not pay for compiling its response serializers (point 2 of issue 9)
  app.setSerializerCompiler(warmSerializerCompiler(app.getSchemas()));
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // every route here is under /api/accounts/:accountId: sessionOf(request) is already scoped to that account

  r.get(
    BASE,
    { schema: { params: MailboxParams, querystring: MessageListQuery, response: { 200: MessagePage } } },
    async (request, reply) => {
      const { accountId, path } = request.params;
      const { before, limit = PAGE_SIZE, ...fields } = request.query;
      const view = parseListView(fields);
      const store = app.mail.of(sessionOf(request), accountId);
      const opts = { before, limit, signal: closedSignal(reply) };
      if (!wantsLines(request.headers.accept)) return store.view(path, view, opts);
      // a first sort done here (no server SORT) says how far it has read; any other list answers plain JSON
      const lines = new ProgressLines<ListLine>(reply);
      try {
        const page = await store.view(path, view, { ...opts, onProgress: (progress) => lines.write({ progress }) });
        if (!lines.started) return page;
        lines.end({ page });
      } catch (err) {
        if (!lines.started) throw err;
        lines.end(errorLine(err));
      }
      return reply;
    },
  );

  r.post(
    `${BASE}/actions`,
    { schema: { params: MailboxParams, body: MessageActionBody, response: { 200: MessageActionResult } } },
    async (request) => {
      const { accountId, path } = request.params;
      return app.mail.of(sessionOf(request), accountId).act(path, request.body);
    },
  );

  r.get(
    `${BASE}/:uid`,
    { schema: { params: MessageParams, response: { 200: MessageDetail } } },
    async (request, reply) => {
      const { accountId, path, uid } = request.params;
      reply.header('Cache-Control', 'private, no-store');
      const timing = readingTiming(config, reply);
      const detail = await timing.steps.time('mail', () =>
        app.mail.of(sessionOf(request), accountId).detail(path, uid),
      );
      timing.write();
      return detail;
    },
  );

  r.get(
    `${BASE}/:uid/body`,
    {
      schema: {
        params: MessageParams,
        querystring: BodyQuery,
        response: { 200: fileResponse('the sanitized message as an HTML document for the reader frame', 'text/html') },
      },
    },
    async (request, reply) => {
      const { accountId, path, uid } = request.params;
      const remote = request.query.remote === true;
      const timing = readingTiming(config, reply);
      const html = await timing.steps.time('mail', () =>
        app.mail.of(sessionOf(request), accountId).body(path, uid, remote),
      );
      timing.write();
      return untrustedBytes(reply, bodyCsp(remote))
        .header('X-Frame-Options', 'SAMEORIGIN')
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );

  r.get(
    `${BASE}/:uid/print`,
    {
      schema: {
        params: MessageParams,
        querystring: PrintQuery,
        response: {
          200: fileResponse('a printable page: headers and the sanitized body, under the body CSP', 'text/html'),
        },
      },
    },
    async (request, reply) => {
      const { accountId, path, uid } = request.params;
      const { lang = 'en', tz, remote = false } = request.query;
      const parts = await app.mail.of(sessionOf(request), accountId).printable(path, uid, remote);
      return untrustedBytes(reply, bodyCsp(remote, { modals: true }))
        .type('text/html; charset=utf-8')
        .send(printDocument({ ...parts, lang, timeZone: tz }));
    },
  );

  r.get(
    `${BASE}/:uid/attachments/:id`,
    { schema: { params: AttachmentParams, response: { 200: fileResponse('the attachment’s bytes') } } },
    async (request, reply) => {
      const { accountId, path, uid, id } = request.params;
      const maxBytes = config.attachmentMaxBytes;
      await app.mail.of(sessionOf(request), accountId).attachment(path, uid, id, maxBytes, async (file) => {
        untrustedBytes(reply, "default-src 'none'; sandbox")
          .header('Content-Disposition', dispositionHeader(file.filename))
          .type(file.contentType);
        if (Buffer.isBuffer(file.content)) void reply.send(file.content);
        else await sendStream(reply, file.content);
      });
      return reply;
    },
  );

  r.get(
    `${BASE}/:uid/attachments/:id/message`,
    {
      schema: {
        params: AttachmentParams,
        response: { 200: fileResponse('an attached message as a sanitized HTML document for a frame', 'text/html') },
      },
    },
    async (request, reply) => {
      const { accountId, path, uid, id } = request.params;
      const html = await app.mail.of(sessionOf(request), accountId).attachedMessage(path, uid, id);
      return untrustedBytes(reply, bodyCsp(false))
        .header('X-Frame-Options', 'SAMEORIGIN')
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );

  r.get(
    `${BASE}/:uid/raw`,
    {
      schema: {
        params: MessageParams,
        querystring: RawQuery,
        response: { 200: fileResponse('the message source (text/plain with ?view=true)', 'message/rfc822') },
      },
    },
    async (request, reply) => {
      const { accountId, path, uid } = request.params;
      await app.mail.of(sessionOf(request), accountId).read(path, uid, async ({ source, subject }) => {
        untrustedBytes(reply, "default-src 'none'; sandbox");
        if (request.query.view === true)
          reply.header('Content-Disposition', 'inline').type('text/plain; charset=utf-8');
        else reply.header('Content-Disposition', dispositionHeader(emlFilename(subject, uid))).type('message/rfc822');
        await sendStream(reply, source);
      });
      return reply;
    },
  );
};
