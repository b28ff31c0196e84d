import { shallowRef } from 'vue';

export interface ConfirmRequest {
  title: string;
  body: string;
  ok: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

/** The one open confirmation, if any (rendered by ConfirmHost). */
export const pendingConfirm = shallowRef<ConfirmRequest | null>(null);

/** Asks the person; resolves true on OK, false on cancel, Esc or a newer question. */
export function confirmAction(request: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
  pendingConfirm.value?.resolve(false);
  return new Promise((resolve) => {
    pendingConfirm.value = {
      ...request,
      resolve: (ok) => {
        pendingConfirm.value = null;
        resolve(ok);
      },
    };
  });
}
