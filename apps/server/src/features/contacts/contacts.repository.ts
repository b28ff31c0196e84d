import type { Address } from '@pigeon/shared';
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** Addresses each user wrote to or received from, for autocomplete. */
export interface ContactsRepository {
  /** counts one more use of each address (a name, once known, is kept unless a new one is given) */
  record(userId: string, addresses: Address[], at: Date): Promise<void>;
  search(userId: string, query: string, limit: number): Promise<Address[]>;
}

export function createContactsRepository(prisma: PrismaClient): ContactsRepository {
  return {
    async record(userId, addresses, at) {
      const seen = new Map<string, string>();
      for (const a of addresses)
        if (a.address) seen.set(a.address.toLowerCase(), a.name.trim() || seen.get(a.address.toLowerCase()) || '');
      await prisma.$transaction(
        [...seen].map(([address, name]) =>
          prisma.contact.upsert({
            where: { userId_address: { userId, address } },
            create: { userId, address, name, useCount: 1, lastUsedAt: at },
            update: { useCount: { increment: 1 }, lastUsedAt: at, ...(name ? { name } : {}) },
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
