import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ROW_HREF_MARK, rowHrefs } from './row-href';

const view = { render: () => null };
const ACCOUNT = ':account([0-9a-f-]{36})?';

async function router(at: string) {
  const r = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: `/${ACCOUNT}/mail/:folder/:uid(\\d+)?`, name: 'mail', component: view },
      { path: `/${ACCOUNT}/mail/:folder/search/:uid(\\d+)?`, name: 'search', component: view },
      { path: `/${ACCOUNT}/mail/:folder/conversation/:id(\\d+)`, name: 'conversation', component: view },
    ],
  });
  await r.push(at);
  return r;
}

describe('rowHrefs', () => {
  it('gives each row the href the router gives it', async () => {
    const account = '0b4c2e8a-1f2d-4c6b-9a7e-3d5f6a8b9c0d';
    const cases = [
      { at: '/mail/INBOX', name: 'mail', folder: 'INBOX', query: {} },
      { at: `/${account}/mail/INBOX`, name: 'mail', folder: 'INBOX', query: {} },
      // a folder whose name holds the marker's digits, and a search for them
      { at: '/mail/INBOX', name: 'search', folder: 'Projects/4294967296 a&b 학교', query: { q: '4294967296 #x?y' } },
    ];
    for (const c of cases) {
      const r = await router(c.at);
      const resolve = (uid: string) =>
        r.resolve({ name: c.name, params: { folder: c.folder, uid }, query: c.query }).href;
      const href = rowHrefs(resolve(ROW_HREF_MARK), resolve);
      for (const uid of [1, 42, 4294967295])
        expect(href(uid)).toBe(
          r.resolve({ name: c.name, params: { folder: c.folder, uid: String(uid) }, query: c.query }).href,
        );
    }
  });

  it('conversation rows: the id is put in the same way', async () => {
    const r = await router('/mail/Archive');
    const resolve = (id: string) => r.resolve({ name: 'conversation', params: { folder: 'Archive', id } }).href;
    const href = rowHrefs(resolve(ROW_HREF_MARK), resolve);
    expect(href(7)).toBe('/mail/Archive/conversation/7');
  });

  it('falls back to resolving each row when the number is not in the path', () => {
    const resolve = (id: string) => `/somewhere?uid=${id}`;
    const href = rowHrefs(resolve(ROW_HREF_MARK), resolve);
    expect(href(5)).toBe('/somewhere?uid=5');
  });
});
