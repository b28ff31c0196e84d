import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { ComposeAttachment, ComposeDraft, ComposeLimits, Identity, OutboxItem, PrefillMode } from '@pigeon/shared';
import { emptyDraft } from '@pigeon/shared';
import { composeApi, type ComposeApi } from './compose.api';
import { currentAccount, primaryAccount } from '../../api/account';
import { queueSend, queueable } from '../offline/offline';
import { withSignature } from './signature';

/** A file on its way up: shown with a progress bar until it becomes an attachment. */
export interface PendingUpload {
  key: number;
  name: string;
  progress: number;
}

const AUTOSAVE_MS = 2_000;
const OUTBOX_POLL_MS = 1_000;
const UNFINISHED = new Set<OutboxItem['state']>(['scheduled', 'sending', 'retrying']);

export function composeStoreSetup(api: ComposeApi = composeApi) {
  const draft = ref<ComposeDraft | null>(null);
  /** the account the draft is written in: its Drafts, its SMTP, its Sent (decision 040) */
  const accountId = ref('');
  /** the account of each outbox item this device follows */
  const outboxAccount = new Map<string, string>();
  const dirty = ref(false);
  const saveState = ref<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const uploads = ref<PendingUpload[]>([]);
  const identities = ref<Identity[]>([]);
  const limits = ref<ComposeLimits | null>(null);
  const outbox = reactive<Record<string, OutboxItem>>({});
  /** drafts saved at least once (discarding them must delete the Drafts copy) */
  const saved = new Set<string>();
  let autosave: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | null = null;
  let uploadKey = 0;

  const outboxItems = computed(() => Object.values(outbox).sort((a, b) => a.sendAt.localeCompare(b.sendAt)));
  const attachedBytes = computed(() => (draft.value?.attachments ?? []).reduce((sum, a) => sum + a.size, 0));

  async function ensureSettings(): Promise<void> {
    const [ids, lim] = await Promise.all([
      identities.value.length ? null : api.identities(),
      limits.value ? null : api.limits(),
    ]);
    if (ids) identities.value = ids.identities;
    if (lim) limits.value = lim;
  }

  const defaultIdentity = () => identities.value.find((i) => i.isDefault) ?? identities.value[0] ?? null;

  /** Opens the composer on `initial` (a new message with the default identity's signature when absent). */
  async function open(initial?: ComposeDraft, isNew = !initial, account = currentAccount()): Promise<void> {
    if (draft.value) await close();
    accountId.value = account;
    await ensureSettings().catch(() => {});
    // an added account without a chosen identity sends as its own address (the server's default, decision 040)
    const identity = initial?.identityId
      ? (identities.value.find((i) => i.id === initial.identityId) ?? defaultIdentity())
      : account === primaryAccount() || !account
        ? defaultIdentity()
        : null;
    const base = initial ?? emptyDraft(identity?.id ?? null);
    const fresh = isNew || (base.source !== null && !saved.has(base.draftId));
    draft.value = {
      ...base,
      identityId: identity?.id ?? base.identityId,
      html: fresh ? withSignature(base.html, identity?.signature ?? '') : base.html,
    };
    dirty.value = false;
    saveState.value = 'idle';
  }

  // a reply or forward is written in the account the message came to (the one shown: a row opens in its account)
  const startReply = async (mode: PrefillMode, path: string, uid: number, account = currentAccount()) =>
    open(await api.prefill(account, mode, path, uid), true, account);

  async function openDraft(path: string, uid: number, account = currentAccount()): Promise<void> {
    const d = await api.openDraft(account, path, uid);
    saved.add(d.draftId);
    await open(d, false, account);
  }

  /**
   * Another From: the draft moves to `account` (its Drafts, its SMTP). The new copy is saved before the old one is
   * deleted, so a failure leaves a copy somewhere (decision 040).
   */
  async function moveTo(account: string, identityId: string | null): Promise<void> {
    const current = draft.value;
    if (!current) return;
    const from = accountId.value;
    if (from === account) return update({ identityId });
    if (saving) await saving.catch(() => {});
    const wasSaved = saved.has(current.draftId);
    accountId.value = account;
    update({ identityId });
    if (!wasSaved) return;
    await saveNow();
    await api.discardDraft(from, current.draftId).catch(() => {});
  }

  function update(patch: Partial<ComposeDraft>): void {
    if (!draft.value) return;
    Object.assign(draft.value, patch);
    dirty.value = true;
    clearTimeout(autosave);
    autosave = setTimeout(() => void saveNow().catch(() => {}), AUTOSAVE_MS);
  }

  /** Saves the draft into Drafts now (replacing its previous copy); changes made meanwhile stay dirty. */
  async function saveNow(): Promise<void> {
    clearTimeout(autosave);
    if (saving) await saving;
    const current = draft.value;
    if (!current || !dirty.value) return;
    const snapshot: ComposeDraft = JSON.parse(JSON.stringify(current));
    dirty.value = false;
    saveState.value = 'saving';
    saving = api
      .saveDraft(accountId.value, snapshot)
      .then(() => {
        saved.add(snapshot.draftId);
        if (draft.value?.draftId === snapshot.draftId) saveState.value = 'saved';
      })
      .catch((err: unknown) => {
        if (draft.value?.draftId === snapshot.draftId) {
          dirty.value = true;
          saveState.value = 'error';
        }
        throw err;
      })
      .finally(() => (saving = null));
    return saving;
  }

  /** Closes the composer, saving what is unsaved first. */
  async function close(): Promise<void> {
    if (dirty.value) await saveNow().catch(() => {});
    clearTimeout(autosave);
    draft.value = null;
    uploads.value = [];
  }

  async function discard(): Promise<void> {
    const current = draft.value;
    clearTimeout(autosave);
    draft.value = null;
    dirty.value = false;
    if (!current) return;
    if (saving) await saving.catch(() => {});
    const account = accountId.value;
    if (saved.has(current.draftId)) await api.discardDraft(account, current.draftId).catch(() => {});
    saved.delete(current.draftId);
    await Promise.all(current.attachments.map((a) => api.removeUpload(account, a.id).catch(() => {})));
  }

  /**
   * Queues the message (stored on the server before this resolves) and closes the composer. Without a network it
   * waits on the device and goes to the outbox when the connection returns (decision 031): null then.
   */
  async function send(): Promise<OutboxItem | null> {
    const current = draft.value;
    if (!current) throw new Error('nothing to send');
    clearTimeout(autosave);
    if (saving) await saving.catch(() => {});
    const body = JSON.parse(JSON.stringify(current)) as ComposeDraft;
    const account = accountId.value;
    let item: OutboxItem | null = null;
    try {
      item = await api.send(account, body);
    } catch (error) {
      if (!queueable(error) || !(await queueSend(account, body).catch(() => false))) throw error;
    }
    draft.value = null;
    dirty.value = false;
    if (!item) return null;
    outbox[item.id] = item;
    outboxAccount.set(item.id, account);
    schedulePoll();
    return item;
  }

  /** Undo (or edit after a failure): the message leaves the outbox and opens in the composer again. */
  async function takeBack(id: string): Promise<void> {
    const account = outboxAccount.get(id) ?? currentAccount();
    const back = await api.takeBack(account, id);
    delete outbox[id];
    await open(back, false, account);
    // the composer holds it again, so a closed tab must not lose it: save it as a draft
    dirty.value = true;
    void saveNow().catch(() => {});
  }

  function dismiss(id: string): void {
    delete outbox[id];
    outboxAccount.delete(id);
  }

  /** the outbox of the account shown and of every account this device sent from and still follows */
  async function refreshOutbox(): Promise<void> {
    const accounts = new Set([currentAccount(), ...outboxAccount.values()]);
    const lists = await Promise.all(
      [...accounts].map(async (account) =>
        (await api.outbox(account)).items.map((item) => (outboxAccount.set(item.id, account), item)),
      ),
    );
    const items = lists.flat();
    const known = new Set(Object.keys(outbox));
    for (const item of items)
      if (known.has(item.id) || UNFINISHED.has(item.state) || item.state === 'failed') outbox[item.id] = item;
    for (const id of known)
      if (!items.some((i) => i.id === id) && outbox[id] && UNFINISHED.has(outbox[id]!.state)) delete outbox[id];
  }

  function schedulePoll(): void {
    clearTimeout(poll);
    poll = setTimeout(async () => {
      await refreshOutbox().catch(() => {});
      if (Object.values(outbox).some((i) => UNFINISHED.has(i.state))) schedulePoll();
    }, OUTBOX_POLL_MS);
  }

  async function loadOutbox(): Promise<void> {
    await refreshOutbox();
    if (Object.values(outbox).some((i) => UNFINISHED.has(i.state))) schedulePoll();
  }

  /** Uploads files with progress; each becomes an attachment (inline images for the editor when `inline`). */
  async function attach(
    files: File[],
    inline = false,
  ): Promise<{ added: ComposeAttachment[]; failed: { name: string; error: unknown }[] }> {
    const added: ComposeAttachment[] = [];
    const failed: { name: string; error: unknown }[] = [];
    await Promise.all(
      files.map(async (file) => {
        const pending = reactive<PendingUpload>({ key: ++uploadKey, name: file.name, progress: 0 });
        uploads.value.push(pending);
        try {
          const att = await api.upload(accountId.value, file, inline, (f) => (pending.progress = f));
          if (draft.value) update({ attachments: [...draft.value.attachments, att] });
          added.push(att);
        } catch (error) {
          failed.push({ name: file.name, error });
        } finally {
          uploads.value = uploads.value.filter((u) => u.key !== pending.key);
        }
      }),
    );
    return { added, failed };
  }

  function removeAttachment(id: string): void {
    if (!draft.value) return;
    update({ attachments: draft.value.attachments.filter((a) => a.id !== id) });
    void api.removeUpload(accountId.value, id).catch(() => {});
  }

  function reset(): void {
    clearTimeout(autosave);
    clearTimeout(poll);
    draft.value = null;
    accountId.value = '';
    identities.value = [];
    limits.value = null;
    for (const id of Object.keys(outbox)) delete outbox[id];
    outboxAccount.clear();
  }

  return {
    draft,
    accountId,
    dirty,
    saveState,
    uploads,
    identities,
    limits,
    outbox,
    outboxItems,
    attachedBytes,
    open,
    startReply,
    openDraft,
    moveTo,
    update,
    saveNow,
    close,
    discard,
    send,
    takeBack,
    dismiss,
    loadOutbox,
    attach,
    removeAttachment,
    ensureSettings,
    reset,
  };
}

export const useComposeStore = defineStore('compose', () => composeStoreSetup());
