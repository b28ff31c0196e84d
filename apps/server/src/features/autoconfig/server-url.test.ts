import { describe, expect, it } from 'vitest';
import { parseServerUrl } from './server-url.ts';

describe('parseServerUrl', () => {
  it('reads the TLS mode from the scheme with default ports', () => {
    expect(parseServerUrl('imaps://imap.example.org', 'imap')).toEqual({
      host: 'imap.example.org',
      port: 993,
      tls: 'tls',
    });
    expect(parseServerUrl('imap://127.0.0.1:21143', 'imap')).toEqual({
      host: '127.0.0.1',
      port: 21143,
      tls: 'starttls',
    });
    expect(parseServerUrl('imap+plain://10.0.0.1', 'imap')).toEqual({ host: '10.0.0.1', port: 143, tls: 'none' });
    expect(parseServerUrl('smtp://smtp.example.org', 'smtp')).toEqual({
      host: 'smtp.example.org',
      port: 587,
      tls: 'starttls',
    });
    expect(parseServerUrl('smtps://[::1]:465', 'smtp')).toEqual({ host: '::1', port: 465, tls: 'tls' });
  });

  it('rejects other schemes, credentials, paths and garbage', () => {
    expect(parseServerUrl('smtps://x', 'imap')).toBeNull();
    expect(parseServerUrl('imaps://u:p@x', 'imap')).toBeNull();
    expect(parseServerUrl('imaps://x/INBOX', 'imap')).toBeNull();
    expect(parseServerUrl('not a url', 'imap')).toBeNull();
  });
});
