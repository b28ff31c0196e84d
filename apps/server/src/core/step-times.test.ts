import { describe, expect, it } from 'vitest';
import { createStepTimes, noStepTimes } from './step-times.ts';

describe('step times', () => {
  it('records each step in the order it finished, also a step that throws', async () => {
    let clock = 0;
    const steps = createStepTimes(() => clock);
    const slow = steps.time('login', async () => {
      clock += 12.34;
      await Promise.resolve();
      return 'connection';
    });
    expect(await slow).toBe('connection');
    await expect(
      steps.time('db', async () => {
        clock += 3;
        throw new Error('down');
      }),
    ).rejects.toThrow('down');
    expect(steps.header()).toBe('login;dur=12.3, db;dur=3.0');
  });

  it('records nothing by default', async () => {
    expect(await noStepTimes.time('x', async () => 1)).toBe(1);
    expect(noStepTimes.header()).toBe('');
  });
});
