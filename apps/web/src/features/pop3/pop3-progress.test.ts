import { describe, expect, it } from 'vitest';
import { pop3ProgressView } from './pop3-progress';

describe('pop3ProgressView', () => {
  it('shows a download as done of total, a check without downloads as "checking", nothing once done', () => {
    expect(pop3ProgressView({ phase: 'download', total: 5000, done: 1200 })).toEqual({
      kind: 'progress',
      phase: 'download',
      done: 1200,
      total: 5000,
    });
    expect(pop3ProgressView({ phase: 'preview', total: 10, done: 12 })).toMatchObject({ done: 10 });
    expect(pop3ProgressView({ phase: 'download', total: 0, done: 0 })).toEqual({ kind: 'checking' });
    expect(pop3ProgressView({ phase: 'checking', total: 0, done: 0 })).toEqual({ kind: 'checking' });
    expect(pop3ProgressView({ phase: 'done', total: 3, done: 3 })).toEqual({ kind: 'idle' });
    expect(pop3ProgressView(null)).toEqual({ kind: 'idle' });
  });
});
