import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_MAX_MESSAGES, apiRoutes } from '@pigeon/shared';
import { setCurrentAccount } from '../../api/account';
import { exportEmlHref } from './capacity.api';

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
