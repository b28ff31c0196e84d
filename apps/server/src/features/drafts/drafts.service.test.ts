import { describe, expect, it } from 'vitest';
import { decodeDraftState, encodeDraftState } from './drafts.service.ts';

describe('draft state header', () => {
  it('round-trips, Korean folder names included', () => {
    const state = {
      identityId: 'abc',
      source: { path: '학교 공지', uid: 7, kind: 'reply' as const },
      format: 'plain' as const,
    };
    const encoded = encodeDraftState(state);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeDraftState(encoded)).toEqual(state);
  });
  it('ignores a missing or mangled header', () => {
    expect(decodeDraftState(undefined)).toBeNull();
    expect(decodeDraftState('%%%')).toBeNull();
  });
});
