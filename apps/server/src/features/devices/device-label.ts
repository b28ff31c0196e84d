import Bowser from 'bowser';
import type { Device } from '@pigeon/shared';

/** What the devices page says about a User-Agent; bowser parses it (a well-kept parser, no regex of ours). */
export interface DeviceLabel {
  browser: string | null;
  os: string | null;
  kind: Device['kind'];
}

const KINDS: ReadonlySet<string> = new Set(['desktop', 'mobile', 'tablet']);
/** major version only: "Chrome 120", not "Chrome 120.0.6099.109" */
const major = (version: string | undefined) => version?.split('.')[0];
const named = (name: string | undefined, version: string | undefined) =>
  name ? [name, major(version)].filter(Boolean).join(' ').slice(0, 80) : null;

/** Pure. The User-Agent is whatever the client sent (stored capped at 512 characters). */
export function deviceLabel(userAgent: string | null): DeviceLabel {
  if (!userAgent) return { browser: null, os: null, kind: 'unknown' };
  const r = Bowser.parse(userAgent.slice(0, 512));
  const type = r.platform.type ?? '';
  return {
    browser: named(r.browser.name, r.browser.version),
    // Windows reports "NT 10.0" (its name is "10"); macOS froze its version in the User-Agent, so it says nothing
    os: named(r.os.name, r.os.name === 'macOS' ? undefined : (r.os.versionName ?? r.os.version)),
    kind: KINDS.has(type) ? (type as DeviceLabel['kind']) : 'unknown',
  };
}
