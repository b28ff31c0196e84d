import { createRouter, createWebHistory, type Router } from 'vue-router';
import type { Pinia } from 'pinia';
import { useAuthStore } from './features/auth/auth.store';
import { lazyChunks } from './lazy-chunks';
import { paintFirstHistory } from './paint-first-history';
import { afterPaintWhenIdle } from './ui/idle';
import { HOME_PATH, safeRedirect } from './features/auth/redirect';
import { currentAccount, primaryAccount, showAccount } from './api/account';
import { useMessageStore } from './features/message/message.store';
import { useMailboxStore } from './features/mailbox/mailbox.store';
import { useCapacityStore } from './features/capacity/capacity.store';
import { useSyncStore } from './features/sync/sync.store';

/**
 * Mail of an added account lives under its id (`/<account id>/mail/INBOX`, decision 034); the primary account's stays
 * at `/mail/...`. The id is uuid-shaped, so no folder name can be taken for it.
 */
const ACCOUNT = ':account([0-9a-f-]{36})?';
const MAIL_ROUTES = new Set(['mail', 'search', 'conversation']);

export function createAppRouter(pinia: Pinia): Router {
  const router = createRouter({
    // replaces (j/k) reach the address bar after the frame that shows their result (paint-first-history.ts)
    history: paintFirstHistory(createWebHistory(), afterPaintWhenIdle, (type, listener, capture) =>
      window.addEventListener(type, listener, capture),
    ),
    routes: [
      { path: '/', redirect: HOME_PATH },
      { path: '/sign-in', name: 'sign-in', component: lazyChunks.signIn, meta: { public: true } },
      { path: `/${ACCOUNT}/mail/:folder/:uid(\\d+)?`, name: 'mail', component: lazyChunks.mail },
      // a search survives a reload and can be shared: /mail/INBOX/search?q=…, a result opens at /mail/INBOX/search/42?q=…
      { path: `/${ACCOUNT}/mail/:folder/search/:uid(\\d+)?`, name: 'search', component: lazyChunks.mail },
      // a conversation (the list grouped into conversations): its id is its oldest UID in the folder
      { path: `/${ACCOUNT}/mail/:folder/conversation/:id(\\d+)`, name: 'conversation', component: lazyChunks.mail },
      // every account's Inbox merged by date (decision 034)
      { path: '/unified', name: 'unified', component: lazyChunks.unified },
      { path: '/settings/accounts', name: 'accounts', component: lazyChunks.accountsSettings },
      { path: '/settings/identities', name: 'identities', component: lazyChunks.identities },
      { path: '/settings/devices', name: 'devices', component: lazyChunks.devices },
      { path: '/settings/folders', name: 'folders', component: lazyChunks.folders },
      { path: '/settings/storage', name: 'storage', component: lazyChunks.storage },
      { path: '/settings/pop3', name: 'pop3', component: lazyChunks.pop3Settings },
      { path: '/:rest(.*)*', redirect: HOME_PATH },
    ],
  });

  router.beforeEach(async (to) => {
    const auth = useAuthStore(pinia);
    const session = await auth.ensureSession();
    if (to.name === 'sign-in') return session ? safeRedirect(to.query.redirect) : true;
    if (!to.meta.public && !session) return { name: 'sign-in', query: { redirect: to.fullPath } };
    if (!session || !MAIL_ROUTES.has(String(to.name))) return true;
    const named = typeof to.params.account === 'string' && to.params.account ? to.params.account : null;
    // back to the primary account (the switcher names it): its mail lives at /mail/…
    if (named === primaryAccount()) {
      if (showAccount(named)) switchedAccount(pinia);
      const { account: _primary, ...params } = to.params;
      return { name: to.name!, params, query: to.query, hash: to.hash };
    }
    // a link inside an added account's mail names no account: it stays in the account shown
    if (!named && currentAccount() !== primaryAccount())
      return { name: to.name!, params: { ...to.params, account: currentAccount() }, query: to.query, hash: to.hash };
    if (showAccount(named ?? primaryAccount())) switchedAccount(pinia);
    return true;
  });

  return router;
}

/** Another account is shown: nothing of the one before stays on screen, and the socket follows the new one. */
function switchedAccount(pinia: Pinia): void {
  useMessageStore(pinia).reset();
  useMailboxStore(pinia).reset();
  useCapacityStore(pinia).reset();
  useSyncStore(pinia).reconnect();
}
