import { createHash } from 'node:crypto';
import type { Device } from '@pigeon/shared';
import { deviceLabel } from './device-label.ts';
import { deviceNotFound } from './devices.errors.ts';
import type { DevicesRepository } from './devices.repository.ts';

/** The id the page uses for a session: a hash, so the list never carries the cookie's id half. Pure. */
export const publicDeviceId = (sessionId: string): string =>
  createHash('sha256').update(`pigeon device\0${sessionId}`).digest('base64url').slice(0, 22);

interface Who {
  repo: DevicesRepository;
  userId: string;
  /** the session of the request */
  sessionId: string;
  now?: Date;
}

/** Every signed-in device of the user, this one first. */
export async function listDevices({ repo, userId, sessionId, now = new Date() }: Who): Promise<Device[]> {
  const rows = await repo.sessionsOf(userId, now);
  return rows
    .map((r) => ({
      id: publicDeviceId(r.sessionId),
      ...deviceLabel(r.userAgent),
      ip: r.ip,
      signedInAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      current: r.sessionId === sessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Deletes the session behind a device id of this user; returns whether it was the current one. The caller ends what
 * every instance holds for it (revocation). devices.not_found for an unknown id or another user's.
 */
export async function signOutDevice({ repo, userId, sessionId, now = new Date() }: Who, id: string) {
  const target = (await repo.sessionsOf(userId, now)).find((r) => publicDeviceId(r.sessionId) === id);
  if (!target || !(await repo.deleteSession(userId, target.sessionId))) throw deviceNotFound();
  return { current: target.sessionId === sessionId };
}

/** Deletes every session of the user but this one; returns how many. */
export const signOutOthers = ({ repo, userId, sessionId }: Who): Promise<number> =>
  repo.deleteOthers(userId, sessionId);
