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

export interface ComposeApi {
  limits(): Promise<ComposeLimits>;
  identities(): Promise<IdentityList>;
  prefill(mode: PrefillMode, path: string, uid: number): Promise<ComposeDraft>;
  openDraft(path: string, uid: number): Promise<ComposeDraft>;
  saveDraft(draft: ComposeDraft): Promise<SavedDraft>;
  discardDraft(draftId: string): Promise<void>;
  send(draft: ComposeDraft): Promise<OutboxItem>;
  outbox(): Promise<OutboxList>;
  /** undo, or edit after a failure: the message comes back as a draft */
  takeBack(id: string): Promise<ComposeDraft>;
  contacts(q: string): Promise<Address[]>;
  upload(file: File, inline: boolean, onProgress: (fraction: number) => void): Promise<ComposeAttachment>;
  removeUpload(id: string): Promise<void>;
}

/** XMLHttpRequest, not fetch: only it reports upload progress. The body is the file's bytes. */
function uploadWithProgress(
  file: File,
  inline: boolean,
  onProgress: (fraction: number) => void,
  headers: Record<string, string>,
): Promise<ComposeAttachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', accountRoutes.composeAttachments());
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
  prefill: (mode, path, uid) =>
    request<ComposeDraft>(accountRoutes.composePrefill(), { method: 'POST', body: { mode, path, uid } }),
  openDraft: (path, uid) => request<ComposeDraft>(accountRoutes.draftOpen(), { method: 'POST', body: { path, uid } }),
  saveDraft: (draft) => request<SavedDraft>(accountRoutes.drafts(), { method: 'POST', body: draft }),
  discardDraft: (draftId) => request<void>(accountRoutes.draftById(draftId), { method: 'DELETE' }),
  send: (draft) => request<OutboxItem>(accountRoutes.outbox(), { method: 'POST', body: draft }),
  outbox: () => request<OutboxList>(accountRoutes.outbox()),
  takeBack: (id) => request<ComposeDraft>(accountRoutes.outboxItem(id), { method: 'DELETE' }),
  contacts: async (q) => (await request<ContactList>(apiRoutes.contacts, { query: { q, limit: 8 } })).contacts,
  upload: async (file, inline, onProgress) => {
    try {
      return await uploadWithProgress(file, inline, onProgress, await csrfHeaders());
    } catch (err) {
      // a stale CSRF token: fetch a fresh one once, then try again
      if (err instanceof ApiError && err.code === 'auth.csrf_invalid')
        return uploadWithProgress(file, inline, onProgress, await csrfHeaders(true));
      throw err;
    }
  },
  removeUpload: (id) => request<void>(accountRoutes.composeAttachment(id), { method: 'DELETE' }),
};
