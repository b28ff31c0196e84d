import { createRouter, createWebHistory, type Router } from 'vue-router';
import type { Pinia } from 'pinia';
import { useAuthStore } from './features/auth/auth.store';
import { lazyChunks } from './lazy-chunks';
import { HOME_PATH, safeRedirect } from './features/auth/redirect';

export function createAppRouter(pinia: Pinia): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', redirect: HOME_PATH },
      { path: '/sign-in', name: 'sign-in', component: lazyChunks.signIn, meta: { public: true } },
      { path: '/mail/:folder/:uid(\\d+)?', name: 'mail', component: lazyChunks.mail },
      // a search survives a reload and can be shared: /mail/INBOX/search?q=…, a result opens at /mail/INBOX/search/42?q=…
      { path: '/mail/:folder/search/:uid(\\d+)?', name: 'search', component: lazyChunks.mail },
      // a conversation (the list grouped into conversations): its id is its oldest UID in the folder
      { path: '/mail/:folder/conversation/:id(\\d+)', name: 'conversation', component: lazyChunks.mail },
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
    return true;
  });

  return router;
}
