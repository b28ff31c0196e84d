// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useMessageStore } from '../message/message.store';
import { folderDef } from '../message/list-def';
import { useMailboxStore } from './mailbox.store';
import { loadFirstRows } from './first-rows';

describe('loadFirstRows', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('asks for the folders and the target list at once, and nothing for other pages', () => {
    const load = vi.spyOn(useMailboxStore(), 'load').mockResolvedValue();
    const loadHead = vi.spyOn(useMessageStore(), 'loadHead').mockResolvedValue();
    loadFirstRows({ name: 'mail', params: { folder: 'Projects' }, query: {} });
    expect(load).toHaveBeenCalledTimes(1);
    expect(loadHead).toHaveBeenCalledWith(folderDef('Projects'));

    loadFirstRows({ name: 'search', params: { folder: 'INBOX' }, query: { q: 'report' } });
    expect(loadHead).toHaveBeenLastCalledWith({ ...folderDef('INBOX'), q: 'report' });

    loadFirstRows({ name: 'devices', params: {}, query: {} });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
