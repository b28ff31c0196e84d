import { Type, type Static } from '@sinclair/typebox';

/** One signed-in browser of the user (a session), as the devices page shows it. */
export const Device = Type.Object({
  /** an opaque id for this list and DELETE; not the session id (that is half of the cookie) */
  id: Type.String(),
  /** e.g. "Chrome 120", null when the User-Agent says nothing known */
  browser: Type.Union([Type.String(), Type.Null()]),
  /** e.g. "Android 14", "macOS" */
  os: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('desktop'), Type.Literal('mobile'), Type.Literal('tablet'), Type.Literal('unknown')]),
  /** the client IP of the latest request (place by IP, coarse; no lookup service is asked) */
  ip: Type.Union([Type.String(), Type.Null()]),
  signedInAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  /** the device this request came from */
  current: Type.Boolean(),
});
export type Device = Static<typeof Device>;

/** GET /api/devices: the current device first, then the most recently seen. */
export const DeviceList = Type.Object({ devices: Type.Array(Device) });
export type DeviceList = Static<typeof DeviceList>;

export const DeviceParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});
export type DeviceParams = Static<typeof DeviceParams>;

/** POST /api/devices/sign-out-others: how many sessions ended. */
export const SignedOutDevices = Type.Object({ signedOut: Type.Integer({ minimum: 0 }) });
export type SignedOutDevices = Static<typeof SignedOutDevices>;
