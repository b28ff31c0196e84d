import type { AccountSummary, ComposeAttachment, Identity } from '@pigeon/shared';

/** One choice of the composer's From: the account that sends, and the identity (null: the account's own address). */
export interface FromOption {
  key: string;
  accountId: string;
  identityId: string | null;
  label: string;
  /** the draft holds files that live in another account's mail (they cannot move, decision 040) */
  disabled: boolean;
}

export const fromKey = (accountId: string, identityId: string | null) => `${accountId}/${identityId ?? ''}`;

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const label = (name: string, email: string) => (name ? `${name} <${email}>` : email);

/**
 * The From choices (decision 040): the primary account's identities, then each added account as its own identities
 * (those with its address), else its address under the person's default name. Pure.
 */
export function fromOptions(input: {
  accounts: AccountSummary[];
  identities: Identity[];
  /** the account the draft is in now */
  accountId: string;
  attachments: ComposeAttachment[];
}): FromOption[] {
  const { accounts, identities } = input;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const pinned = input.attachments.some((a) => !UPLOAD_ID.test(a.id));
  const fallbackName = (identities.find((i) => i.isDefault) ?? identities[0])?.name ?? '';
  const added = accounts.filter((a) => !a.primary);
  const primary = accounts.find((a) => a.primary);
  const out: FromOption[] = [];
  const push = (accountId: string, identityId: string | null, text: string) =>
    out.push({
      key: fromKey(accountId, identityId),
      accountId,
      identityId,
      label: text,
      disabled: pinned && accountId !== input.accountId,
    });
  const primaryId = primary?.id ?? input.accountId;
  for (const i of identities)
    if (!added.some((a) => same(a.email, i.email))) push(primaryId, i.id, label(i.name, i.email));
  for (const a of added) {
    const own = identities.filter((i) => same(i.email, a.email));
    if (own.length) for (const i of own) push(a.id, i.id, label(i.name, i.email));
    else push(a.id, null, label(fallbackName, a.email));
  }
  return out;
}
