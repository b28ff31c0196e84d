import { test as base, expect, type Frame, type Locator, type Page } from '@playwright/test';
import {
  appendMessage,
  createUser,
  deliver,
  imapClient,
  seedMailbox,
  type DeliverOptions,
  type MailUser,
} from '@pigeon/mail-fixture';
import { startOffsiteProxy, type OffsiteProxy } from './support/offsite-proxy.ts';

export { expect };

/** The test user's mail store, seen from the mail servers (not through Pigeon). */
export interface MailboxHelper {
  /** sends through the fixture's SMTP MX and resolves with the INBOX uid once Dovecot stored it */
  deliver(message: Omit<DeliverOptions, 'to'> & { subject: string }): Promise<number>;
  /** APPENDs a raw message and resolves with its uid */
  append(folder: string, raw: string | Buffer, flags?: string[]): Promise<number>;
  /** uid of the newest message in `folder` whose subject contains `subject`, or null */
  find(folder: string, subject: string): Promise<number | null>;
  /** message count and unseen count, from IMAP STATUS */
  status(folder: string): Promise<{ messages: number; unseen: number }>;
}

interface Fixtures {
  /** messages seedMailbox() puts into the fresh user's folders before the test (0: an empty store) */
  seed: number;
  /** a storage limit for the fresh user (`300K`, `5M`; GETQUOTAROOT); none by default */
  userQuota: string | undefined;
  user: MailUser;
  mailbox: MailboxHelper;
  /** every request the browser sent to a host other than the app; the test fails if one was not allowed */
  offsite: OffsiteProxy;
  signedInPage: Page;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  baseURL: async ({}, use) => {
    const url = process.env.PIGEON_E2E_URL;
    if (!url) throw new Error('PIGEON_E2E_URL is unset: run through playwright.config.ts (global-setup starts Pigeon)');
    await use(url);
  },

  seed: [0, { option: true }],
  userQuota: [undefined, { option: true }],

  user: async ({ seed, userQuota }, use) => {
    const user = await createUser(undefined, userQuota ? { quota: userQuota } : {});
    if (seed > 0) await seedMailbox(user, seed, { precache: true });
    await use(user);
  },

  mailbox: async ({ user }, use) => {
    const client = await imapClient(user);
    const find = async (folder: string, subject: string) => {
      const lock = await client.getMailboxLock(folder);
      try {
        const uids = await client.search({ subject }, { uid: true });
        return uids && uids.length ? Math.max(...uids) : null;
      } finally {
        lock.release();
      }
    };
    await use({
      async deliver(message) {
        await deliver({ ...message, to: user.email });
        let uid: number | null = null;
        await expect
          .poll(async () => (uid = await find('INBOX', message.subject)), {
            message: `delivery of "${message.subject}"`,
            timeout: 15_000,
          })
          .not.toBeNull();
        return uid as unknown as number;
      },
      async append(folder, raw, flags = []) {
        return (await appendMessage(user, folder, raw, flags)).uid;
      },
      find,
      async status(folder) {
        const s = await client.status(folder, { messages: true, unseen: true });
        if (!s) throw new Error(`STATUS ${folder} failed`);
        return { messages: s.messages ?? 0, unseen: s.unseen ?? 0 };
      },
    });
    await client.logout().catch(() => client.close());
  },

  offsite: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const proxy = await startOffsiteProxy();
      await use(proxy);
      await proxy.close();
      expect(proxy.blocked, 'requests the browser tried to send to hosts other than the app').toEqual([]);
    },
    { auto: true },
  ],

  // the context sends everything but the app's origin through the offsite proxy; `<-loopback>` so that other
  // 127.0.0.1 ports (a test's "remote" server, the seed's http://127.0.0.1:1 trackers) go through it too
  proxy: async ({ offsite, baseURL }, use) => {
    await use({ server: offsite.url, bypass: `<-loopback>,${new URL(baseURL as string).host}` });
  },

  signedInPage: async ({ page, user }, use) => {
    await signIn(page, user);
    await use(page);
  },
});

/** Signs in through the form and waits for the message list. */
/**
 * How long a sign-in may take to answer. Dovecot delays every login from 127.0.0.1 after failed ones (its per-IP auth
 * penalty: 2, 4, 8, then 15 s, until one succeeds; a wrong password adds 2 s), and the other worker's tests refuse
 * passwords on purpose: 10 s was too short (an unknown user's login-error took longer in stop 21's CI).
 */
export const SIGN_IN_ANSWER_MS = 30_000;

export async function signIn(page: Page, user: MailUser): Promise<void> {
  await page.goto('/sign-in');
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/mail\//, { timeout: SIGN_IN_ANSWER_MS });
  await expect(page.getByTestId('message-list')).toBeVisible();
}

/** The list row whose subject contains `subject`. */
export function messageRow(page: Page, subject: string): Locator {
  return page.getByTestId('message-row').filter({ has: page.getByTestId('message-subject').getByText(subject) });
}

/** The list row of a uid. */
export function rowByUid(page: Page, uid: number): Locator {
  return page.locator(`[data-testid="message-row"][data-uid="${uid}"]`);
}

/** The folder entry for an IMAP path. */
export function folderItem(page: Page, path: string): Locator {
  return page.locator(`[data-testid="folder-item"][data-folder-path="${path.replace(/"/g, '\\"')}"]`);
}

/** The reader's HTML frame once it shows `text` (throws if the body is not a frame). */
export async function bodyFrame(page: Page, text: string): Promise<Frame> {
  const body = page.getByTestId('message-body');
  await expect(body).toBeVisible();
  await expect(page.frameLocator('[data-testid="message-body"]').locator('body')).toContainText(text);
  const frame = await (await body.elementHandle())?.contentFrame();
  if (!frame) throw new Error('message-body is not an iframe');
  return frame;
}

/** A subject no other test uses. */
export function uniqueSubject(label: string): string {
  return `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}
