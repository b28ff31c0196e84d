import { hostListed } from '../../core/net/host-list.ts';

/**
 * Why a subscription's endpoint is refused, or null: it must be an https URL without credentials on one of the
 * push service hosts (WEB_PUSH_SERVICES). The server POSTs to it, so anything else would let a device aim the
 * server at an address of its choosing.
 */
export function endpointRefusal(endpoint: string, services: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'not https';
  if (url.username || url.password) return 'credentials in the URL';
  if (!hostListed(services, url.hostname)) return 'not a push service host';
  return null;
}
