import { describe, expect, it } from 'vitest';
import type { AccountSummary, Identity } from '@pigeon/shared';
import { fromOptions } from './from-options';

const acct = (id: string, email: string, primary = false): AccountSummary => ({
  id,
  email,
  displayName: '',
  protocol: 'imap',
  primary,
});
const ident = (id: string, email: string, name = '', isDefault = false): Identity => ({
  id,
  email,
  name,
  replyTo: null,
  signature: '',
  isDefault,
});

describe('fromOptions', () => {
  const accounts = [acct('A', 'alice@school.test', true), acct('B', 'bob@home.test'), acct('C', 'c@x.test')];
  const identities = [
    ident('i1', 'alice@school.test', 'Alice', true),
    ident('i2', 'office@school.test', 'Office'),
    ident('i3', 'bob@home.test', 'Bob at home'),
  ];

  it("lists the primary account's identities, then each added account (its identity, else its address)", () => {
    const list = fromOptions({ accounts, identities, accountId: 'A', attachments: [] });
    expect(list.map((o) => [o.accountId, o.identityId, o.label, o.disabled])).toEqual([
      ['A', 'i1', 'Alice <alice@school.test>', false],
      ['A', 'i2', 'Office <office@school.test>', false],
      ['B', 'i3', 'Bob at home <bob@home.test>', false],
      ['C', null, 'Alice <c@x.test>', false],
    ]);
  });

  it("disables other accounts while the draft holds files from the current account's mail", () => {
    const forwarded = { id: 'm.abc', filename: 'a.pdf', contentType: 'application/pdf', size: 1, inline: false };
    const list = fromOptions({ accounts, identities, accountId: 'B', attachments: [forwarded] });
    expect(list.filter((o) => !o.disabled).map((o) => o.accountId)).toEqual(['B']);
    const upload = { ...forwarded, id: '0b7e2a34-1f0c-4a59-9f6e-2b2f3d9c1a11' };
    expect(fromOptions({ accounts, identities, accountId: 'B', attachments: [upload] }).some((o) => o.disabled)).toBe(
      false,
    );
  });

  it('one account: its identities only', () => {
    const list = fromOptions({
      accounts: [accounts[0]!],
      identities: identities.slice(0, 1),
      accountId: 'A',
      attachments: [],
    });
    expect(list).toHaveLength(1);
  });
});
