import { describe, expect, it } from 'vitest';
import { HOME_PATH, safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it('keeps app paths and refuses other origins', () => {
    expect(safeRedirect('/mail/Sent/12')).toBe('/mail/Sent/12');
    expect(safeRedirect('//evil.test/')).toBe(HOME_PATH);
    expect(safeRedirect('/\\evil.test')).toBe(HOME_PATH);
    expect(safeRedirect('https://evil.test/')).toBe(HOME_PATH);
    expect(safeRedirect(undefined)).toBe(HOME_PATH);
  });
});
