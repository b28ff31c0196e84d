import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_SERVICES } from '../../config.ts';
import { endpointRefusal } from './push-endpoint.ts';

const services = DEFAULT_PUSH_SERVICES.split(',');

describe('endpointRefusal', () => {
  it("takes the browsers' push services", () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAA',
      'https://wns2-par02p.notify.windows.com/w/?token=x',
      'https://web.push.apple.com/QGx',
    ])
      expect(endpointRefusal(endpoint, services), endpoint).toBeNull();
  });

  it('refuses anything the server should not POST to', () => {
    expect(endpointRefusal('http://fcm.googleapis.com/fcm/send/x', services)).toBe('not https');
    expect(endpointRefusal('https://user:pw@fcm.googleapis.com/x', services)).toBe('credentials in the URL');
    expect(endpointRefusal('https://127.0.0.1/x', services)).toBe('not a push service host');
    expect(endpointRefusal('https://169.254.169.254/latest/meta-data', services)).toBe('not a push service host');
    expect(endpointRefusal('https://fcm.googleapis.com.evil.example/x', services)).toBe('not a push service host');
    expect(endpointRefusal('https://evilpush.services.mozilla.com.example/x', services)).toBe(
      'not a push service host',
    );
    expect(endpointRefusal('not a url', services)).toBe('not a URL');
  });

  it('takes a loopback service only when it is listed (tests)', () => {
    expect(endpointRefusal('https://127.0.0.1:4443/push/1', ['127.0.0.1'])).toBeNull();
  });
});
