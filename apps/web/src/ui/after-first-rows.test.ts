import { describe, expect, it } from 'vitest';
import { createAfterFirstRows } from './after-first-rows';

describe('createAfterFirstRows', () => {
  it('holds work until opened, then runs it at the next idle moment, once; later work runs at once', () => {
    const idle: (() => void)[] = [];
    const gate = createAfterFirstRows((cb) => void idle.push(cb));
    const ran: string[] = [];
    gate.after(() => ran.push('quota'));
    gate.after(() => ran.push('outbox'));
    expect(ran).toEqual([]);
    gate.open();
    gate.open();
    expect(idle).toHaveLength(1);
    expect(ran).toEqual([]);
    idle[0]!();
    expect(ran).toEqual(['quota', 'outbox']);
    gate.after(() => ran.push('late'));
    expect(ran).toEqual(['quota', 'outbox', 'late']);
  });

  it('drops what waits when the page goes away first', () => {
    const idle: (() => void)[] = [];
    const gate = createAfterFirstRows((cb) => void idle.push(cb));
    const ran: string[] = [];
    gate.after(() => ran.push('socket'));
    gate.open();
    gate.close();
    idle[0]!();
    expect(ran).toEqual([]);
  });
});
