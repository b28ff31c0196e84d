import { apiRoutes, UPLOAD_FILENAME_HEADER, UPLOAD_INLINE_HEADER } from '@pigeon/shared';
import type {
  Address,
  ComposeAttachment,
  ComposeDraft,
  ComposeLimits,
  ContactList,
  IdentityList,
  OutboxItem,
  OutboxList,
  PrefillMode,
  SavedDraft,
} from '@pigeon/shared';
import { accountRoutes } from '../../api/account';
import { ApiError, csrfHeaders, request } from '../../api/http';

/** Every call that touches mail names the account it acts on: the draft's, not the one shown (decision 040). */
export interface ComposeApi {
  limits(): Promise<ComposeLimits>;
  identities(): Promise<IdentityList>;
  prefill(account: string, mode: PrefillMode, path: string, uid: number): Promise<ComposeDraft>;
  openDraft(account: string, path: string, uid: number): Promise<ComposeDraft>;
  saveDraft(account: string, draft: ComposeDraft): Promise<SavedDraft>;
  discardDraft(account: string, draftId: string): Promise<void>;
  send(account: string, draft: ComposeDraft): Promise<OutboxItem>;
  outbox(account: string): Promise<OutboxList>;
  /** undo, or edit after a failure: the message comes back as a draft */
  takeBack(account: string, id: string): Promise<ComposeDraft>;
  contacts(q: string): Promise<Address[]>;
  upload(
    account: string,
    file: File,
    inline: boolean,
    onProgress: (fraction: number) => void,
  ): Promise<ComposeAttachment>;
  removeUpload(account: string, id: string): Promise<void>;
}

/** XMLHttpRequest, not fetch: only it reports upload progress. The body is the file's bytes. */
function uploadWithProgress(
  account: string,
  file: File,
  inline: boolean,
  onProgress: (fraction: number) => void,
  headers: Record<string, string>,
): Promise<ComposeAttachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiRoutes.composeAttachments(account));
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader(UPLOAD_FILENAME_HEADER, encodeURIComponent(file.name));
    if (inline) xhr.setRequestHeader(UPLOAD_INLINE_HEADER, '1');
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network.offline', message: 'upload failed' }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) return resolve(body as ComposeAttachment);
      const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
        ?.error;
      reject(
        new ApiError({
          status: xhr.status,
          code: error?.code ?? 'http.unexpected',
          message: error?.message ?? xhr.statusText,
          details: error?.details,
        }),
      );
    };
    xhr.send(file);
  });
}

export const composeApi: ComposeApi = {
  limits: () => request<ComposeLimits>(accountRoutes.composeLimits()),
  identities: () => request<IdentityList>(apiRoutes.identities),
  prefill: (account, mode, path, uid) =>
    request<ComposeDraft>(apiRoutes.composePrefill(account), { method: 'POST', body: { mode, path, uid } }),
  openDraft: (account, path, uid) =>
    request<ComposeDraft>(apiRoutes.draftOpen(account), { method: 'POST', body: { path, uid } }),
  saveDraft: (account, draft) => request<SavedDraft>(apiRoutes.drafts(account), { method: 'POST', body: draft }),
  discardDraft: (account, draftId) => request<void>(apiRoutes.draftById(account, draftId), { method: 'DELETE' }),
  send: (account, draft) => request<OutboxItem>(apiRoutes.outbox(account), { method: 'POST', body: draft }),
  outbox: (account) => request<OutboxList>(apiRoutes.outbox(account)),
  takeBack: (account, id) => request<ComposeDraft>(apiRoutes.outboxItem(account, id), { method: 'DELETE' }),
  contacts: async (q) => (await request<ContactList>(apiRoutes.contacts, { query: { q, limit: 8 } })).contacts,
  upload: async (account, file, inline, onProgress) => {
    try {
      return await uploadWithProgress(account, file, inline, onProgress, await csrfHeaders());
    } catch (err) {
      // a stale CSRF token: fetch a fresh one once, then try again
      if (err instanceof ApiError && err.code === 'auth.csrf_invalid')
        return uploadWithProgress(account, file, inline, onProgress, await csrfHeaders(true));
      throw err;
    }
  },
  removeUpload: (account, id) => request<void>(apiRoutes.composeAttachment(account, id), { method: 'DELETE' }),
};
