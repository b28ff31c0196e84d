import { reactive } from 'vue';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

/** Toasts on screen, newest last; each leaves on its own after a few seconds. */
export const toasts = reactive<Toast[]>([]);
let nextId = 1;

export function showToast(text: string, kind: Toast['kind'] = 'info', ms = kind === 'error' ? 8000 : 4000): void {
  const id = nextId++;
  toasts.push({ id, text, kind });
  if (toasts.length > 4) toasts.shift();
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  const at = toasts.findIndex((t) => t.id === id);
  if (at !== -1) toasts.splice(at, 1);
}
