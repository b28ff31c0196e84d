import { defineAsyncComponent, shallowRef } from 'vue';
import { lazyChunks } from '../../lazy-chunks';

/** The one open folder dialog (rendered by FolderDialogHost): name a new folder, rename one, or pick where to move one. */
export type FolderDialog =
  { kind: 'create'; parent: string | null } | { kind: 'rename'; path: string } | { kind: 'move'; path: string };

export const folderDialog = shallowRef<FolderDialog | null>(null);

export const openFolderDialog = (dialog: FolderDialog) => (folderDialog.value = dialog);
export const closeFolderDialog = () => (folderDialog.value = null);

/**
 * The dialogs themselves, a chunk of their own fetched when the first one opens (prefetched when idle). If it
 * cannot be fetched the dialog closes, so no invisible dialog holds the keyboard.
 */
export const FolderDialogHost = defineAsyncComponent({
  loader: lazyChunks.folderDialogs,
  onError: (_error, _retry, fail) => {
    closeFolderDialog();
    fail();
  },
});
