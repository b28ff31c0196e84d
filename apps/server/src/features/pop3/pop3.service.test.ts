import { describe, expect, it } from 'vitest';
import { settingsPatch } from './pop3.service.ts';

describe('settingsPatch', () => {
  it('keeps only the options given, and turns 0 ("never", "the server\'s default") into null', () => {
    expect(settingsPatch({ leaveOnServer: false })).toEqual({ leaveOnServer: false });
    expect(settingsPatch({ deleteAfterDays: 0, checkIntervalMinutes: 0 })).toEqual({
      deleteAfterDays: null,
      checkIntervalMinutes: null,
    });
    expect(settingsPatch({ deleteAfterDays: 14, checkIntervalMinutes: 30, deleteWhenTrashed: true })).toEqual({
      deleteAfterDays: 14,
      checkIntervalMinutes: 30,
      deleteWhenTrashed: true,
    });
  });
});
