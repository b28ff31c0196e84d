// What a drag carries between the message list and the folder pane (HTML drag and drop, same page only).

export const MESSAGES_DRAG = 'application/x-pigeon-messages';
export const FOLDER_DRAG = 'application/x-pigeon-folder';

export interface DraggedMessages {
  path: string;
  uids: number[];
}

/** The dragged rows, or null for anything that is not a well-formed message drag. Pure. */
export function readDraggedMessages(raw: string): DraggedMessages | null {
  try {
    const value = JSON.parse(raw) as Partial<DraggedMessages>;
    if (typeof value.path !== 'string' || !Array.isArray(value.uids)) return null;
    const uids = value.uids.filter((u): u is number => Number.isInteger(u) && u > 0);
    return uids.length && uids.length === value.uids.length ? { path: value.path, uids } : null;
  } catch {
    return null;
  }
}

/** The dragged message uids: the whole selection when the grabbed row is in it, else that row alone. Pure. */
export function draggedUids(selected: readonly number[], grabbed: number): number[] {
  return selected.includes(grabbed) ? [...selected] : [grabbed];
}
