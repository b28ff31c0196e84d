// Message rows for the merge tests (all-folders search, the unified inbox): only the UID and the date matter there.
import type { MessageSummary } from '@pigeon/shared';

/** A row with UID `uid`, sent on day `day` of January 2026 (UTC). */
export const dayRow = (uid: number, day: number): MessageSummary => ({
  uid,
  from: null,
  fromIsAddress: false,
  to: [],
  subject: `m${uid}`,
  date: new Date(Date.UTC(2026, 0, day)).toISOString(),
  size: 1,
  flags: { seen: false, flagged: false, answered: false, draft: false },
  hasAttachments: false,
  preview: '',
});
