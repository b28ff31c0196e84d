import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliver } from '@pigeon/mail-fixture';
import {
  apiRoutes,
  SEARCH_PROGRESS_TYPE,
  type ErrorBody,
  type ListLine,
  type ListProgress,
  type MessagePage,
} from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { listOrder } from '../../mail/imap/list-view-page.ts';
import { parseListView } from '../../mail/list/list-view.ts';
import { SortKeyCache } from '../../mail/list/sort-keys.ts';
import { appendMessage, buildMessage, createUser, imapClient, type MailUser } from '../message/test-mail.ts';

let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
const uid: Record<string, number> = {};

const list = async (path: string, query: Record<string, string | number | boolean>) => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return t.app.inject({ method: 'GET', url: `${apiRoutes.messages(accountId, path)}?${qs}`, headers });
};
const page = async (query: Record<string, string | number | boolean>, path = 'Find'): Promise<MessagePage> => {
  const res = await list(path, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<MessagePage>();
};
const subjects = (p: MessagePage) => p.messages.map((m) => m.subject);

beforeAll(async () => {
  user = await createUser('t-find');
  imap = await imapClient(user);
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  await imap.mailboxCreate('Find');
  await imap.mailboxCreate('Other');
  const add = async (name: string, mail: Parameters<typeof buildMessage>[0], flags: string[] = [], box = 'Find') => {
    uid[name] = await appendMessage(imap, box, await buildMessage(mail), flags);
  };
  await add(
    'trip',
    {
      subject: 'Field trip form',
      from: 'Kim Teacher <kim@school.test>',
      to: 'parents@school.test',
      date: new Date('2024-03-04T09:00:00Z'),
      text: 'Please sign the permission slip by Friday.',
    },
    ['\\Seen'],
  );
  await add(
    'school',
    {
      subject: '학교 운동회 안내',
      from: 'Lee Office <office@school.test>',
      to: user.email,
      date: new Date('2024-04-10T09:00:00Z'),
      text: 'Sports day is on Saturday.',
    },
    ['\\Flagged'],
  );
  await add(
    'korean-body',
    {
      subject: 'Newsletter',
      from: 'Zed News <news@example.com>',
      to: user.email,
      date: new Date('2024-05-20T09:00:00Z'),
      text: '이번 주 학교 소식을 전해 드립니다. '.repeat(40),
    },
    ['\\Seen'],
  );
  await add('report', {
    subject: 'Re: Report card',
    from: 'Anna Parent <anna@example.com>',
    to: 'kim@school.test',
    date: new Date('2024-06-01T09:00:00Z'),
    text: 'Thanks for the report.',
    attachments: [{ filename: 'report.pdf', content: Buffer.alloc(20_000, 7), contentType: 'application/pdf' }],
  });
  await add(
    'elsewhere',
    {
      subject: '학교 in another folder',
      from: 'Kim Teacher <kim@school.test>',
      date: new Date('2024-02-01T09:00:00Z'),
      text: 'Other folder.',
    },
    [],
    'Other',
  );
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

describe('search in a folder (UID SEARCH CHARSET UTF-8 on the server)', () => {
  it('finds by each field', async () => {
    expect(subjects(await page({ from: 'kim@school' }))).toEqual(['Field trip form']);
    expect(subjects(await page({ to: 'parents' }))).toEqual(['Field trip form']);
    expect(subjects(await page({ subject: 'report' }))).toEqual(['Re: Report card']);
    expect(subjects(await page({ body: 'permission slip' }))).toEqual(['Field trip form']);
    expect(subjects(await page({ q: 'Saturday' }))).toEqual(['학교 운동회 안내']);
    expect(subjects(await page({ q: 'trip "permission slip"' }))).toEqual(['Field trip form']);
    expect(subjects(await page({ attachments: true }))).toEqual(['Re: Report card']);
    expect(subjects(await page({ flagged: true }))).toEqual(['학교 운동회 안내']);
    expect(subjects(await page({ unread: true }))).toEqual(['Re: Report card', '학교 운동회 안내']);
    expect(subjects(await page({ since: '2024-04-10', until: '2024-05-20' }))).toEqual([
      'Newsletter',
      '학교 운동회 안내',
    ]);
  });

  it('finds Korean terms in the subject and in the body', async () => {
    expect(subjects(await page({ subject: '학교' }))).toEqual(['학교 운동회 안내']);
    expect(subjects(await page({ body: '학교' }))).toEqual(['Newsletter']);
    expect(subjects(await page({ q: '학교' }))).toEqual(['Newsletter', '학교 운동회 안내']);
    const found = await page({ q: '학교' });
    expect(found.total).toBe(2);
  });

  it('answers stable codes for bad input, never a 500', async () => {
    const tooLong = await list('Find', { q: 'x'.repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json<ErrorBody>().error.code).toBe('search.too_long');
    const badDate = await list('Find', { since: '2024-13-01' });
    expect(badDate.json<ErrorBody>().error.code).toBe('search.invalid_date');
    const huge = await list('Find', { q: 'x'.repeat(5000) });
    expect(huge.statusCode).toBe(400);
    const odd = await page({ q: '\u0000"{5}\r\n* a) (OR' });
    expect(odd.messages).toEqual([]);
  });
});

describe('sorting (server SORT) with UID-anchored paging', () => {
  it('sorts by size, sender and subject, both ways', async () => {
    expect(subjects(await page({ sort: 'size' }))[0]).toBe('Re: Report card');
    expect(subjects(await page({ sort: 'size', order: 'asc' })).at(-1)).toBe('Re: Report card');
    expect(subjects(await page({ sort: 'from' }))).toEqual([
      'Re: Report card',
      'Field trip form',
      '학교 운동회 안내',
      'Newsletter',
    ]);
    // the base subject (no "Re:") is what counts
    expect(subjects(await page({ sort: 'subject' }))).toEqual([
      'Field trip form',
      'Newsletter',
      'Re: Report card',
      '학교 운동회 안내',
    ]);
    expect(subjects(await page({ sort: 'date', order: 'asc' }))[0]).toBe('Field trip form');
  });

  it('without SORT, the fallback (the From or Subject field fetched, sorted here) orders as the server does', async () => {
    const caps = imap.capabilities as Map<string, boolean | number>;
    const saved = [...caps].filter(([k]) => k.startsWith('SORT'));
    const lock = await imap.getMailboxLock('Find');
    try {
      for (const sort of ['from', 'subject', 'size'] as const)
        for (const order of ['asc', 'desc'] as const) {
          const view = parseListView({ sort, order });
          const server = await listOrder({ client: imap, view });
          for (const [k] of saved) caps.delete(k);
          const here = await listOrder({ client: imap, view });
          for (const [k, v] of saved) caps.set(k, v);
          expect(here, `${sort} ${order}`).toEqual(server);
          expect(here).toHaveLength(4);
        }
    } finally {
      for (const [k, v] of saved) caps.set(k, v);
      lock.release();
    }
  });

  it("without SORT, kept sort values follow new mail and expunges: only new UIDs are fetched, the order stays the server's", async () => {
    await imap.mailboxCreate('Kept');
    const add = async (from: string, subject: string, size = 10) =>
      appendMessage(imap, 'Kept', await buildMessage({ from, subject, text: 'x'.repeat(size) }));
    const first = [
      await add('Mina Park <mina@school.test>', 'Re: Choir practice', 300),
      await add('Bora Kim <bora@school.test>', '학교 소식', 100),
      await add('zed@example.com', 'Lunch menu', 2000),
    ];
    const kept = { cache: new SortKeyCache(), owner: accountId };
    const caps = imap.capabilities as Map<string, boolean | number>;
    const saved = [...caps].filter(([k]) => k.startsWith('SORT'));
    const views = (['from', 'subject', 'size'] as const).flatMap((sort) =>
      (['asc', 'desc'] as const).map((order) => parseListView({ sort, order })),
    );
    const both = async () => {
      const lock = await imap.getMailboxLock('Kept');
      try {
        const fetched: string[] = [];
        for (const view of views) {
          const server = await listOrder({ client: imap, view });
          for (const [k] of saved) caps.delete(k);
          const exec = vi.spyOn(imap as unknown as { exec: (c: string, a: { value?: unknown }[]) => unknown }, 'exec');
          try {
            const here = await listOrder({ client: imap, view, kept });
            for (const call of exec.mock.calls) if (call[0] === 'UID FETCH') fetched.push(String(call[1][0]?.value));
            expect(here, `${view.sort} ${view.order}`).toEqual(server);
          } finally {
            exec.mockRestore();
            for (const [k, v] of saved) caps.set(k, v);
          }
        }
        return fetched;
      } finally {
        lock.release();
      }
    };
    // the first sort of each field reads every message; the second, nothing
    expect(await both()).toEqual(['1:3', '1:3', '1:3']);
    expect(await both()).toEqual([]);

    // another client adds two (one sorts first by every field) and expunges one
    const other = await imapClient(user);
    let added: number[];
    try {
      added = [
        await appendMessage(
          other,
          'Kept',
          await buildMessage({ from: 'Aaron <a@school.test>', subject: 'A note', text: '' }),
        ),
        await appendMessage(
          other,
          'Kept',
          await buildMessage({ from: 'Yuna <y@school.test>', subject: 'Zoo trip', text: 'y'.repeat(5000) }),
        ),
      ];
      await other.mailboxOpen('Kept');
      await other.messageDelete(String(first[1]), { uid: true });
    } finally {
      await other.logout();
    }
    await imap.noop();
    expect(await both()).toEqual(Array(3).fill(`${added[0]}:${added[1]}`));
    const status = await imap.status('Kept', { uidValidity: true });
    if (!status) throw new Error('no STATUS of Kept');
    const scope = { owner: accountId, path: 'Kept', uidValidity: String(status.uidValidity) };
    // the expunged message's values are gone; the folder's four remain
    for (const field of ['from', 'subject', 'size'] as const)
      expect(kept.cache.folder({ ...scope, field }).count).toBe(4);
  });

  it('without SORT, a first sort reads in batches: progress after each; cancelled, it stops before the next batch and the next sort reads only the rest', async () => {
    await imap.mailboxCreate('Batches');
    for (let i = 0; i < 5; i++)
      await appendMessage(
        imap,
        'Batches',
        await buildMessage({ from: `P${5 - i} <p${i}@school.test>`, subject: `batch ${i}`, text: 'x'.repeat(10 * i) }),
      );
    const kept = { cache: new SortKeyCache(), owner: accountId };
    const view = parseListView({ sort: 'from' });
    const caps = imap.capabilities as Map<string, boolean | number>;
    const saved = [...caps].filter(([k]) => k.startsWith('SORT'));
    const lock = await imap.getMailboxLock('Batches');
    const exec = vi.spyOn(imap as unknown as { exec: (c: string, a: { value?: unknown }[]) => unknown }, 'exec');
    const fetches = () => exec.mock.calls.filter((c) => c[0] === 'UID FETCH').map((c) => String(c[1][0]?.value));
    try {
      const server = await listOrder({ client: imap, view });
      for (const [k] of saved) caps.delete(k);
      const progress: ListProgress[] = [];
      const controller = new AbortController();
      const onProgress = (p: ListProgress) => {
        progress.push(p);
        if (p.done >= 2) controller.abort();
      };
      await expect(
        listOrder({ client: imap, view, kept, batch: 2, signal: controller.signal, onProgress }),
      ).rejects.toMatchObject({ code: 'search.cancelled' });
      expect(progress).toEqual([
        { done: 0, total: 5 },
        { done: 2, total: 5 },
      ]);
      expect(fetches()).toEqual(['1:2']);

      exec.mockClear();
      progress.length = 0;
      const here = await listOrder({ client: imap, view, kept, batch: 2, onProgress: (p) => progress.push(p) });
      expect(here).toEqual(server);
      expect(fetches()).toEqual(['3:4', '5']);
      expect(progress).toEqual([
        { done: 0, total: 3 },
        { done: 2, total: 3 },
        { done: 3, total: 3 },
      ]);
    } finally {
      exec.mockRestore();
      for (const [k, v] of saved) caps.set(k, v);
      lock.release();
    }
  });

  it("without SORT, a long first sort lets the same user's requests on that folder in between its batches", async () => {
    await imap.mailboxCreate('Interleave');
    const uids: number[] = [];
    for (let i = 0; i < 7; i++)
      uids.push(
        await appendMessage(
          imap,
          'Interleave',
          await buildMessage({ from: `I${7 - i} <i${i}@school.test>`, subject: `i ${i}` }),
        ),
      );
    const view = parseListView({ sort: 'from' });
    const mine = await imap.getMailboxLock('Interleave');
    const server = await listOrder({ client: imap, view }).finally(() => mine.release());
    // the app's own command connection (and the session it serves), found through the store the route asks for
    const of = vi.spyOn(t.app.mail, 'of');
    await page({ sort: 'size' }, 'Interleave');
    const auth = of.mock.calls[0]![0];
    of.mockRestore();
    const client = await t.app.imap.withClient(auth, async (c) => c);
    const caps = client.capabilities as Map<string, boolean | number>;
    const saved = [...caps].filter(([k]) => k.startsWith('SORT'));
    for (const [k] of saved) caps.delete(k);
    const exec = vi.spyOn(client as unknown as { exec: (c: string, a: { value?: unknown }[]) => unknown }, 'exec');
    // what the server was asked, in order: the sort's FETCHes by their UID sets, the star's STORE
    const sent = () =>
      exec.mock.calls
        .filter((c) => c[0].endsWith('FETCH') || c[0].endsWith('STORE'))
        .map((c) => (c[0].endsWith('STORE') ? 'STORE' : String(c[1][0]?.value)));
    const lock = vi.spyOn(client, 'getMailboxLock');
    let star: Promise<number> | undefined;
    try {
      const order = await t.app.imap.withMailbox(auth, 'Interleave', (c, interleave) =>
        listOrder({
          client: c,
          view,
          kept: { cache: new SortKeyCache(), owner: accountId },
          batch: 2,
          // the star is asked for while the sort holds the lock, before its first batch
          onProgress: () => {
            star ??= t.app
              .inject({
                method: 'POST',
                url: apiRoutes.actions(accountId, 'Interleave'),
                headers,
                payload: { action: 'star', uids: [uids[6]] },
              })
              .then((res) => res.statusCode);
          },
          // the first interleave waits until the star queued for the lock (its request passed auth and validation)
          interleave: async () => {
            await vi.waitFor(() => expect(lock.mock.calls.length).toBeGreaterThan(1), { timeout: 30_000, interval: 5 });
            await interleave();
          },
        }),
      );
      expect(await star).toBe(200);
      // the star's STORE went between the sort's first and second batch, not after the sort
      expect(sent()).toEqual(['1:2', 'STORE', '3:4', '5:6', '7']);
      expect(order).toEqual(server);
    } finally {
      exec.mockRestore();
      lock.mockRestore();
      for (const [k, v] of saved) caps.set(k, v);
    }
    const again = await imap.getMailboxLock('Interleave');
    try {
      const flagged = await imap.fetchOne(String(uids[6]), { flags: true }, { uid: true });
      expect(flagged && flagged.flags?.has('\\Flagged')).toBe(true);
    } finally {
      again.release();
    }
  });

  it('asked for JSON lines, the list answers its sort progress line by line, then the page; a plain answer otherwise', async () => {
    const of = t.app.mail.of.bind(t.app.mail);
    // the app's own connection sorts on the server; its store reports what a sort done here would
    const spy = vi.spyOn(t.app.mail, 'of').mockImplementation((...args: Parameters<typeof of>) => {
      const store = of(...args);
      return {
        ...store,
        view: (path, v, opts) => {
          opts.onProgress?.({ done: 0, total: 2 });
          opts.onProgress?.({ done: 2, total: 2 });
          return store.view(path, v, opts);
        },
      };
    });
    try {
      const url = `${apiRoutes.messages(accountId, 'Find')}?sort=from`;
      const res = await t.app.inject({ method: 'GET', url, headers: { ...headers, accept: SEARCH_PROGRESS_TYPE } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(SEARCH_PROGRESS_TYPE);
      const lines = res.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ListLine);
      expect(lines.slice(0, 2)).toEqual([{ progress: { done: 0, total: 2 } }, { progress: { done: 2, total: 2 } }]);
      const last = lines[2] as { page: MessagePage };
      expect(lines).toHaveLength(3);
      expect(last.page.messages.map((m) => m.uid)).toEqual((await page({ sort: 'from' })).messages.map((m) => m.uid));
    } finally {
      spy.mockRestore();
    }
    // no progress reported: the same header gets the plain page
    const plain = await t.app.inject({
      method: 'GET',
      url: `${apiRoutes.messages(accountId, 'Find')}?sort=size`,
      headers: { ...headers, accept: SEARCH_PROGRESS_TYPE },
    });
    expect(plain.headers['content-type']).toContain('application/json');
    expect(plain.json<MessagePage>().messages.length).toBeGreaterThan(0);
  });

  it('pages after the anchor, stable when a message is deleted between pages', async () => {
    const first = await page({ sort: 'from', limit: 2 });
    expect(subjects(first)).toEqual(['Re: Report card', 'Field trip form']);
    expect(first.nextBefore).toBe(uid.trip);
    // a message already shown goes away: the next page still starts after the anchor
    const lock = await imap.getMailboxLock('Find');
    try {
      expect(await imap.messageDelete(String(uid.report), { uid: true })).toBe(true);
    } finally {
      lock.release();
    }
    const second = await page({ sort: 'from', limit: 2, before: first.nextBefore! });
    expect(subjects(second)).toEqual(['학교 운동회 안내', 'Newsletter']);
    expect(second.nextBefore).toBeNull();
    // the anchor itself went away: the client is told to reload, not given a wrong page
    const gone = await list('Find', { sort: 'from', limit: 2, before: uid.report! });
    expect(gone.statusCode).toBe(409);
    expect(gone.json<ErrorBody>().error.code).toBe('list.anchor_gone');
  });
});

describe('the unread count of a search page', () => {
  it('follows a message marked read by another client between two searches', async () => {
    await imap.mailboxCreate('Unread');
    const a = await appendMessage(imap, 'Unread', await buildMessage({ subject: 'Unread one', text: 'x' }));
    await appendMessage(imap, 'Unread', await buildMessage({ subject: 'Unread two', text: 'x' }));
    expect((await page({ subject: 'unread' }, 'Unread')).unread).toBe(2);
    expect((await page({ subject: 'two' }, 'Unread')).unread).toBe(2); // same mailbox state: the kept count
    const lock = await imap.getMailboxLock('Unread');
    try {
      await imap.messageFlagsAdd(String(a), ['\\Seen'], { uid: true });
    } finally {
      lock.release();
    }
    expect((await page({ subject: 'one' }, 'Unread')).unread).toBe(1);
  });
});

describe('a delivery during a search', () => {
  it('a body search running while mail arrives answers; the next search finds the new message', async () => {
    const running = page({ q: 'lunchbox' }, 'INBOX');
    await deliver({ to: user.email, subject: 'Forgotten lunchbox', text: 'Your lunchbox is at the office.' });
    const during = await running;
    expect(during.messages.every((m) => m.subject === 'Forgotten lunchbox')).toBe(true);
    // deliver() returns at Postfix's 250: wait for LMTP to file it before searching
    await vi.waitFor(
      async () => {
        const lock = await imap.getMailboxLock('INBOX');
        try {
          const found = await imap.search({ subject: 'lunchbox' }, { uid: true });
          if (!found || found.length !== 1) throw new Error('not filed yet');
        } finally {
          lock.release();
        }
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(subjects(await page({ q: 'lunchbox' }, 'INBOX'))).toEqual(['Forgotten lunchbox']);
  });
});
