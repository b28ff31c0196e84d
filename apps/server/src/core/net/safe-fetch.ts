import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkTarget, type NetPolicy } from './guard.ts';

export interface SafeFetchOptions {
  policy: NetPolicy;
  timeoutMs: number;
  signal?: AbortSignal;
  maxBytes?: number;
  maxRedirects?: number;
  /** allow http: URLs (tests, or an admin's internal ISPDB mirror); https: is always allowed */
  allowHttp?: boolean;
}

export interface FetchedText {
  status: number;
  url: string;
  body: string;
  contentType: string;
}

/**
 * GET that passes every hop (redirects included) through the SSRF guard and connects to the checked IP,
 * sending the name only as SNI and Host. Non-2xx final answers are returned, not thrown.
 */
export async function safeFetchText(url: string, o: SafeFetchOptions): Promise<FetchedText> {
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'https:' && !(o.allowHttp && current.protocol === 'http:'))
      throw new Error(`refused scheme ${current.protocol} for ${current.href}`);
    const target = await checkTarget(current.hostname, o.policy, 'http');
    signal.throwIfAborted();
    const res = await get(current, target.address, signal, o.maxBytes ?? 256 * 1024);
    if (res.status >= 300 && res.status < 400 && res.location) {
      if (hop >= (o.maxRedirects ?? 3)) throw new Error(`too many redirects from ${url}`);
      current = new URL(res.location, current);
      continue;
    }
    return { status: res.status, url: current.href, body: res.body, contentType: res.contentType };
  }
}

function get(
  url: URL,
  address: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<{ status: number; body: string; location?: string; contentType: string }> {
  const name = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        host: address,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: url.pathname + url.search,
        method: 'GET',
        headers: { host: url.host, accept: 'application/xml, text/xml;q=0.9, */*;q=0.1', 'user-agent': 'Pigeon' },
        ...(isIP(name) ? {} : { servername: name }),
        agent: false,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) req.destroy(new Error(`response from ${url.host} larger than ${maxBytes} bytes`));
          else chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
            ...(res.headers.location ? { location: res.headers.location } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
