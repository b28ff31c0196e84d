import { shallowRef } from 'vue';

/** The row a mouse has rested on (likely the next click); the open reader renders it ahead. */
export const hoverIntent = shallowRef<{ path: string; uid: number } | null>(null);

/** how long a pointer rests on a row before it counts: passing over rows loads nothing */
export const HOVER_INTENT_MS = 80;
