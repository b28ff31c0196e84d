import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DeviceList, DeviceParams, ErrorBody, SignedOutDevices, apiRoutes } from '@pigeon/shared';
import { sessionOf } from '../../core/signed-in.ts';
import type { DevicesRepository } from './devices.repository.ts';
import { listDevices, signOutDevice, signOutOthers } from './devices.service.ts';

/** an open socket counts as "seen": its sessions are marked this often, in one UPDATE per instance */
const SOCKET_SEEN_EVERY_MS = 5 * 60_000;

/** The devices page: every signed-in session of the user, and signing one or all others out. */
export const devicesRoutes: FastifyPluginAsync<{ repo: DevicesRepository }> = async (fastify, { repo }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const who = (request: Parameters<typeof sessionOf>[0]) => {
    const s = sessionOf(request);
    return { repo, userId: s.userId, sessionId: s.sessionId };
  };

  app.get(
    apiRoutes.devices,
    { schema: { response: { 200: DeviceList, '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (request) => ({ devices: await listDevices(who(request)) }),
  );

  app.delete(
    `${apiRoutes.devices}/:id`,
    { schema: { params: DeviceParams, response: { 204: Type.Null(), '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (request, reply) => {
      const w = who(request);
      const { current } = await signOutDevice(w, request.params.id);
      if (current) app.sessions.clearCookie(request, reply);
      await app.revocation.ended(w.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    apiRoutes.devicesSignOutOthers,
    { schema: { response: { 200: SignedOutDevices, '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (request) => {
      const w = who(request);
      const signedOut = await signOutOthers(w);
      await app.revocation.ended(w.userId);
      return { signedOut };
    },
  );

  const seen = setInterval(() => {
    const ids = [...app.io.of('/').sockets.values()].map((s) => s.data.sessionId);
    void repo.touch([...new Set(ids)], new Date()).catch(() => {});
  }, SOCKET_SEEN_EVERY_MS);
  seen.unref();
  app.addHook('onClose', async () => clearInterval(seen));
};
