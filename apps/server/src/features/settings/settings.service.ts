import type { Identity, IdentityInput } from '@pigeon/shared';
import { isValidAddress } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { composeErrors } from '../compose/compose.errors.ts';
import { identityNotFound } from './settings.errors.ts';
import type { SettingsRepository } from './settings.repository.ts';

// other features reach the identities' store through the service (style rule 14)
export type { SettingsRepository } from './settings.repository.ts';

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Whether the signed-in `own` address may send as `address` under SEND_AS. Pure. */
export function maySendAs(policy: Config['sendAs'], own: string, address: string): boolean {
  const a = address.toLowerCase();
  if (a === own.toLowerCase()) return true;
  if (policy === 'any') return true;
  return policy === 'domain' && domainOf(a) === domainOf(own);
}

interface Deps {
  repo: SettingsRepository;
  userId: string;
  /** the signed-in address */
  email: string;
}

/** The user's identities; the sign-in address becomes the first (default) one when there is none. */
export async function listIdentities({ repo, userId, email }: Deps): Promise<Identity[]> {
  const list = await repo.listIdentities(userId);
  if (list.length > 0) return list;
  return [await repo.createIdentity(userId, { email, name: '', replyTo: null, signature: '', isDefault: true })];
}

function validate(policy: Config['sendAs'], email: string, input: IdentityInput): IdentityInput {
  const from = input.email.trim();
  if (!isValidAddress(from)) throw composeErrors.invalidAddress('email', from);
  if (!maySendAs(policy, email, from)) throw composeErrors.fromNotAllowed(from);
  const replyTo = input.replyTo?.trim() || null;
  if (replyTo && !isValidAddress(replyTo)) throw composeErrors.invalidAddress('replyTo', replyTo);
  return { ...input, email: from, name: input.name.trim(), replyTo };
}

export async function createIdentity(
  deps: Deps & { policy: Config['sendAs']; input: IdentityInput },
): Promise<Identity> {
  return deps.repo.createIdentity(deps.userId, validate(deps.policy, deps.email, deps.input));
}

export async function updateIdentity(
  deps: Deps & { policy: Config['sendAs']; id: string; input: IdentityInput },
): Promise<Identity> {
  const updated = await deps.repo.updateIdentity(deps.userId, deps.id, validate(deps.policy, deps.email, deps.input));
  if (!updated) throw identityNotFound();
  return updated;
}

/** Who a message goes out as: an identity row, or an added account's own address (no row, `id` null). */
export type Sender = Pick<Identity, 'name' | 'email' | 'replyTo'> & { id: string | null };

/**
 * Who a message sent through the account `account` (its address) goes out as (decision 040). The chosen identity is
 * checked against SEND_AS for that account's address. Without one: the primary account's default identity; for an
 * added account, the identity with its own address, else its address under the person's default name. Pure.
 */
export function senderFor(input: {
  identities: Identity[];
  /** the sending account's address */
  account: string;
  /** the primary account's address */
  primary: string;
  policy: Config['sendAs'];
  identityId: string | null;
}): Sender {
  const { identities, account, policy } = input;
  const fallback = identities.find((i) => i.isDefault) ?? identities[0];
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!input.identityId && !same(account, input.primary))
    return (
      identities.find((i) => same(i.email, account)) ?? {
        id: null,
        name: fallback?.name ?? '',
        email: account,
        replyTo: null,
      }
    );
  const chosen = input.identityId ? identities.find((i) => i.id === input.identityId) : fallback;
  if (!chosen) throw identityNotFound();
  if (!maySendAs(policy, account, chosen.email)) throw composeErrors.fromNotAllowed(chosen.email);
  return chosen;
}

/** The sender of a message from the account `account` (default: the primary one): see `senderFor`. */
export async function resolveIdentity(
  deps: Deps & { policy: Config['sendAs']; identityId: string | null; account?: string },
): Promise<Sender> {
  return senderFor({
    identities: await listIdentities(deps),
    account: deps.account ?? deps.email,
    primary: deps.email,
    policy: deps.policy,
    identityId: deps.identityId,
  });
}
