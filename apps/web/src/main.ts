import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n, initialLocale, setLocale } from './i18n';
import { createAppRouter } from './router';
import { onCredentialsRejected, onUnauthorized } from './api/http';
import { useAuthStore } from './features/auth/auth.store';
import { useMailboxStore } from './features/mailbox/mailbox.store';
import { useMessageStore } from './features/message/message.store';
import { useSyncStore } from './features/sync/sync.store';
import { useComposeStore } from './features/compose/compose.store';
import { useDevicesStore } from './features/devices/devices.store';
import { registerServiceWorker } from './features/pwa/pwa';
import { useCapacityStore } from './features/capacity/capacity.store';
import { useAccountsStore } from './features/accounts/accounts.store';
import './ui/base.css';

const pinia = createPinia();
const auth = useAuthStore(pinia);
// ask for the session before the router even starts, so the first screen is not a waterfall
void auth.ensureSession();

const router = createAppRouter(pinia);

onUnauthorized(() => {
  // the next sign-in may be someone else: keep nothing of this mailbox
  auth.clear();
  useSyncStore(pinia).stop();
  useMessageStore(pinia).reset();
  useMailboxStore(pinia).reset();
  useComposeStore(pinia).reset();
  useDevicesStore(pinia).reset();
  useCapacityStore(pinia).reset();
  useAccountsStore(pinia).reset();
  const current = router.currentRoute.value;
  if (current.name !== 'sign-in') void router.replace({ name: 'sign-in', query: { redirect: current.fullPath } });
});

// the password changed elsewhere and this device still holds the old one: ask for it in place
onCredentialsRejected(() => useSyncStore(pinia).credentialsRejected());

// a Korean browser (or a remembered choice) sees Korean from the first screen; if that chunk cannot be
// fetched, English rather than no app
await setLocale(initialLocale(), false).catch(() => setLocale('en', false));
createApp(App).use(pinia).use(i18n).use(router).mount('#app');
registerServiceWorker((path) => void router.push(path));
