import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_MAX_FOLDERS, EXPORT_MAX_MESSAGES, apiRoutes } from '@pigeon/shared';
import { setCurrentAccount } from '../../api/account';
import { exportEmlAcrossHref, exportEmlHref } from './capacity.api';

afterEach(() => setCurrentAccount(null));

describe('exportEmlHref', () => {
  it('names the account the app shows and the selection in UID order', () => {
    setCurrentAccount('acc-1');
    expect(exportEmlHref('INBOX', [9, 2, 5])).toBe(apiRoutes.exportEml('acc-1', 'INBOX', [2, 5, 9]));
    expect(exportEmlHref('INBOX', [9, 2, 5])).toContain('acc-1');
  });

  it('offers nothing for an empty selection or one past the export limit', () => {
    setCurrentAccount('acc-1');
    expect(exportEmlHref('INBOX', [])).toBeNull();
    const many = Array.from({ length: EXPORT_MAX_MESSAGES + 1 }, (_, i) => i + 1);
    expect(exportEmlHref('INBOX', many)).toBeNull();
    expect(exportEmlHref('INBOX', many.slice(0, EXPORT_MAX_MESSAGES))).not.toBeNull();
  });
});

describe('exportEmlAcrossHref', () => {
  it('names every folder with its UIDs in order, the path after the first colon', () => {
    setCurrentAccount('acc-1');
    const href = exportEmlAcrossHref(
      new Map([
        ['INBOX', [9, 2]],
        ['학교: 공지', [4]],
      ]),
    )!;
    expect(href).toBe(
      apiRoutes.exportEmlAcross('acc-1', [
        ['INBOX', [2, 9]],
        ['학교: 공지', [4]],
      ]),
    );
    const query = new URL(href, 'http://x').searchParams.getAll('f');
    expect(query).toEqual(['2,9:INBOX', '4:학교: 공지']);
  });

  it('offers nothing for no message, more than the export limit in all, or too many folders', () => {
    setCurrentAccount('acc-1');
    expect(exportEmlAcrossHref(new Map())).toBeNull();
    const half = Array.from({ length: EXPORT_MAX_MESSAGES / 2 }, (_, i) => i + 1);
    expect(
      exportEmlAcrossHref(
        new Map([
          ['A', half],
          ['B', half],
        ]),
      ),
    ).not.toBeNull();
    expect(
      exportEmlAcrossHref(
        new Map([
          ['A', half],
          ['B', [...half, 999]],
        ]),
      ),
    ).toBeNull();
    const folders = new Map(Array.from({ length: EXPORT_MAX_FOLDERS + 1 }, (_, i) => [`F${i}`, [1]] as const));
    expect(exportEmlAcrossHref(folders)).toBeNull();
  });
});
