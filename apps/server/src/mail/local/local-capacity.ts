import { simpleParser } from 'mailparser';
import type { FolderSizes, LargeMessage, LargestMessages } from '@pigeon/shared';
import type { LocalFolders } from './local-folders.repository.ts';
import { attachmentBytesOf } from './local-summary.ts';

/** "Free up space" over Pigeon's own store (decision 035): sizes and largest messages from the stored bytes. */
export function localCapacity(deps: {
  folders: LocalFolders;
  accountId: string;
  /** mailbox.not_found for a folder that does not exist */
  folderInfo: (path: string) => Promise<unknown>;
}) {
  const { folders, accountId } = deps;
  return {
    async folderSizes(): Promise<FolderSizes> {
      const all = await folders.sizes(accountId);
      return { folders: all.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)) };
    },
    async largestMessages(q: {
      path?: string | undefined;
      by?: 'size' | 'attachments' | undefined;
      limit: number;
    }): Promise<LargestMessages> {
      if (q.path !== undefined) await deps.folderInfo(q.path);
      const rows = await folders.largest(accountId, q.path, q.limit);
      const messages: LargeMessage[] = [];
      for (const r of rows) {
        let attachmentBytes = r.summary.attachmentBytes ?? 0;
        // a row kept before attachmentBytes was: parse it once here (at most `limit` of them)
        if (r.summary.attachmentBytes === undefined && r.raw)
          attachmentBytes = attachmentBytesOf((await simpleParser(r.raw, { skipHtmlToText: true })).attachments);
        messages.push({
          path: r.path,
          uid: r.uid,
          subject: r.summary.subject,
          from: r.summary.from,
          date: r.summary.date,
          size: r.size,
          attachmentBytes,
        });
      }
      if (q.by !== 'attachments') return { messages };
      return {
        messages: messages.filter((m) => m.attachmentBytes > 0).sort((a, b) => b.attachmentBytes - a.attachmentBytes),
      };
    },
  };
}
