import type { Identity, IdentityInput, Preferences, PreferencesPatch } from '@pigeon/shared';
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** A user's identities (From, name, reply-to, signature). */
export interface SettingsRepository {
  listIdentities(userId: string): Promise<Identity[]>;
  findIdentity(userId: string, id: string): Promise<Identity | null>;
  createIdentity(userId: string, input: IdentityInput): Promise<Identity>;
  /** null when the user has no such identity */
  updateIdentity(userId: string, id: string, input: IdentityInput): Promise<Identity | null>;
  deleteIdentity(userId: string, id: string): Promise<boolean>;
  /** the defaults when the user never changed one */
  preferences(userId: string): Promise<Preferences>;
  updatePreferences(userId: string, patch: PreferencesPatch): Promise<Preferences>;
}

export const DEFAULT_PREFERENCES: Preferences = { conversations: false };
const preferencesSelect = { conversations: true } as const;

const select = { id: true, email: true, name: true, replyTo: true, signature: true, isDefault: true } as const;

export function createSettingsRepository(prisma: PrismaClient): SettingsRepository {
  // exactly one default: setting one clears the others in the same transaction
  const clearDefault = (userId: string, except?: string) =>
    prisma.identity.updateMany({
      where: { userId, isDefault: true, ...(except ? { id: { not: except } } : {}) },
      data: { isDefault: false },
    });

  return {
    listIdentities: (userId) =>
      prisma.identity.findMany({ where: { userId }, orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }], select }),

    findIdentity: (userId, id) => prisma.identity.findFirst({ where: { id, userId }, select }),

    async createIdentity(userId, input) {
      return prisma.$transaction(async (tx) => {
        if (input.isDefault)
          await tx.identity.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
        return tx.identity.create({ data: { userId, ...input }, select });
      });
    },

    async updateIdentity(userId, id, input) {
      const existing = await prisma.identity.findFirst({ where: { id, userId }, select: { id: true } });
      if (!existing) return null;
      const [, updated] = await prisma.$transaction([
        input.isDefault ? clearDefault(userId, id) : prisma.identity.updateMany({ where: { id: 'none' }, data: {} }),
        prisma.identity.update({ where: { id }, data: input, select }),
      ]);
      return updated;
    },

    async deleteIdentity(userId, id) {
      const { count } = await prisma.identity.deleteMany({ where: { id, userId } });
      return count > 0;
    },

    async preferences(userId) {
      const found = await prisma.preferences.findUnique({ where: { userId }, select: preferencesSelect });
      return found ?? DEFAULT_PREFERENCES;
    },

    updatePreferences: (userId, patch) =>
      prisma.preferences.upsert({
        where: { userId },
        create: { userId, ...DEFAULT_PREFERENCES, ...patch },
        update: patch,
        select: preferencesSelect,
      }),
  };
}
