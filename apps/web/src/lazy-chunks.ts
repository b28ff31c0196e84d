import { whenIdle, type IdleWindow } from './ui/idle';

/**
 * Code loaded on demand, named once: the router and the composer load these when they are needed, and
 * `prefetchWhenIdle` fetches them ahead of time so opening them is instant (decision 023).
 */
export const lazyChunks = {
  signIn: () => import('./features/auth/SignInPage.vue'),
  mail: () => import('./features/mailbox/MailPage.vue'),
  identities: () => import('./features/settings/IdentitiesPage.vue'),
  devices: () => import('./features/devices/DevicesPage.vue'),
  folders: () => import('./features/folders/FoldersPage.vue'),
  // new folder, rename, move: rendered only while one is open, off the first visit
  folderDialogs: () => import('./features/folders/FolderDialogHost.vue'),
  // "Move to…" for messages: only while it is open (it shares the folder picker with the dialogs above)
  movePicker: () => import('./features/mailbox/MovePicker.vue'),
  storage: () => import('./features/capacity/FreeUpSpacePage.vue'),
  pop3Settings: () => import('./features/pop3/Pop3SettingsPage.vue'),
  // more than one account (decision 034): the unified inbox, the settings page, and the switcher in the folder pane
  unified: () => import('./features/accounts/UnifiedInboxPage.vue'),
  accountsSettings: () => import('./features/accounts/AccountsSettingsPage.vue'),
  accountSwitcher: () => import('./features/accounts/AccountSwitcher.vue'),
  // a POP3 account's "check now" and download progress in the folder pane: only POP3 accounts load it
  pop3Panel: () => import('./features/pop3/Pop3Panel.vue'),
  composer: () => import('./features/compose/ComposeDialog.vue'),
  linkify: () => import('./features/message/linkify'),
  conversation: () => import('./features/conversation/ConversationView.vue'),
  allFolders: () => import('./features/search/AllFoldersResults.vue'),
} as const;

type Loader = () => Promise<unknown>;

interface PrefetchWindow extends IdleWindow {
  navigator: { connection?: { saveData?: boolean } };
}

/** Whether the browser asked to save data (Save-Data / data saver): then nothing is fetched ahead of time. */
export function savesData(win: PrefetchWindow): boolean {
  return win.navigator.connection?.saveData === true;
}

/** Fetches the chunks once the page has nothing better to do, one after another; never on a data saver. */
export function prefetchWhenIdle(loaders: Loader[], win: PrefetchWindow = window as unknown as PrefetchWindow): void {
  if (savesData(win) || loaders.length === 0) return;
  const [next, ...rest] = loaders;
  whenIdle(
    () => {
      // a failed prefetch is retried when the chunk is needed, where the failure can be shown
      next!()
        .catch(() => {})
        .finally(() => prefetchWhenIdle(rest, win));
    },
    { timeoutMs: 3000, fallbackMs: 200 },
    win,
  );
}
