import type { Pop3CheckProgressedEvent } from '@pigeon/shared';

export type Pop3Check = Omit<Pop3CheckProgressedEvent, 'accountId'>;

export type Pop3ProgressView =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'progress'; phase: 'preview' | 'download'; done: number; total: number };

/** What the POP3 panel shows for a check: nothing, "checking", or a download's done of total (a bar). Pure. */
export function pop3ProgressView(check: Pop3Check | null): Pop3ProgressView {
  if (check && (check.phase === 'preview' || check.phase === 'download') && check.total > 0)
    return { kind: 'progress', phase: check.phase, done: Math.min(check.done, check.total), total: check.total };
  return check && check.phase !== 'done' ? { kind: 'checking' } : { kind: 'idle' };
}
