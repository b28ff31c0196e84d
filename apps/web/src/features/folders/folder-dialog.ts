import { shallowRef } from 'vue';

/** The one open folder dialog (rendered by FolderDialogHost): name a new folder, rename one, or pick where to move one. */
export type FolderDialog =
  { kind: 'create'; parent: string | null } | { kind: 'rename'; path: string } | { kind: 'move'; path: string };

export const folderDialog = shallowRef<FolderDialog | null>(null);

export const openFolderDialog = (dialog: FolderDialog) => (folderDialog.value = dialog);
export const closeFolderDialog = () => (folderDialog.value = null);
