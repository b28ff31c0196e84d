import type { Address } from '@pigeon/shared';
import { contactUses } from './contact-names.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** Addresses each user sent mail to, for autocomplete. */
export interface ContactsRepository {
  /** counts one more use of each address the user sent to; names follow contactUses (never replaced) */
  record(userId: string, addresses: Address[], at: Date): Promise<void>;
  search(userId: string, query: string, limit: number): Promise<Address[]>;
}

export function createContactsRepository(prisma: PrismaClient): ContactsRepository {
  return {
    async record(userId, addresses, at) {
      const sent = addresses.filter((a) => a.address);
      if (sent.length === 0) return;
      const names = [...new Set(sent.map((a) => a.name.trim()).filter(Boolean))];
      const known = await prisma.contact.findMany({
        where: {
          userId,
          OR: [
            { address: { in: sent.map((a) => a.address.trim().toLowerCase()) } },
            ...names.map((name) => ({ name: { equals: name, mode: 'insensitive' as const } })),
          ],
        },
        select: { address: true, name: true },
      });
      await prisma.$transaction(
        contactUses(known, sent).map(({ address, name, setName }) =>
          prisma.contact.upsert({
            where: { userId_address: { userId, address } },
            create: { userId, address, name, useCount: 1, lastUsedAt: at },
            update: { useCount: { increment: 1 }, lastUsedAt: at, ...(setName ? { name } : {}) },
          }),
        ),
      );
    },

    async search(userId, query, limit) {
      const q = query.trim();
      const rows = await prisma.contact.findMany({
        where: {
          userId,
          ...(q
            ? {
                OR: [{ address: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }],
              }
            : {}),
        },
        orderBy: [{ useCount: 'desc' }, { lastUsedAt: 'desc' }],
        take: limit,
        select: { address: true, name: true },
      });
      return rows;
    },
  };
}
