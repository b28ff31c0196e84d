import { describe, expect, it } from 'vitest';
import { ROW_FETCH_QUERY } from './message-rows.ts';

describe('the list row FETCH', () => {
  it('asks for no BODYSTRUCTURE (parsed on the event loop), but the top-level type and the first 9 KiB of the body', () => {
    expect(ROW_FETCH_QUERY.bodyStructure).toBe(false);
    expect(ROW_FETCH_QUERY.headers).toEqual(['subject', 'from', 'content-type', 'content-transfer-encoding']);
    expect(ROW_FETCH_QUERY.bodyParts).toEqual([{ key: 'text', start: 0, maxLength: 9216 }]);
  });
});
