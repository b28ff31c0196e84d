import { describe, expect, it } from 'vitest';
import { decodeSyncToken, encodeSyncToken } from './sync-token.ts';

describe('sync tokens', () => {
  it('round-trip a CONDSTORE state, modseq beyond 2^53 included', () => {
    const state = { uidValidity: '1795732117', uidNext: 42, highestModseq: '18446744073709551000', snapshot: null };
    expect(decodeSyncToken(encodeSyncToken(state))).toEqual(state);
  });

  it('round-trip a snapshot state', () => {
    const state = { uidValidity: '7', uidNext: 1, highestModseq: null, snapshot: 'abc_DEF-1' };
    expect(decodeSyncToken(encodeSyncToken(state))).toEqual(state);
  });

  it.each([
    undefined,
    '',
    'not base64 json',
    Buffer.from('{"v":"1","n":0,"m":"1"}').toString('base64url'),
    Buffer.from('{"v":"x","n":1,"m":"1"}').toString('base64url'),
    Buffer.from('{"v":"1","n":1}').toString('base64url'),
    Buffer.from('{"v":"1","n":1,"s":"../x"}').toString('base64url'),
  ])('rejects %s', (token) => {
    expect(decodeSyncToken(token)).toBeNull();
  });
});
