// The plain folder page through the row cache (decision 050), on the real fixture: a page read again costs one FETCH of
// UID and FLAGS; what another client changed between pages (flags, a delete, a new message) shows as a server read in
// full shows it, and paging by UID stays gapless.
import { ImapFlow, type FetchQueryObject } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRoutes, type MessagePage, type SignInAnswer } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { cookieHeader, getCsrf, setCookies, signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import {
  appendMessage,
  buildMessage,
  createUser,
  imapClient,
  type MailUser,
} from '../../features/message/test-mail.ts';

const FOLDER = 'Paged';
let t: TestApp;
let fresh: TestApp;
let user: MailUser;
let other: ImapFlow;
let mine: SignedIn;
let theirs: SignedIn;

const message = (n: number) =>
  buildMessage({ subject: `message ${n}`, text: `Body of message ${n}, with words to preview.` });

/** The FETCH queries the app sends while `run` runs ("rows" for rows read in full, "flags" for UID and FLAGS). */
async function fetchesDuring<T>(run: () => Promise<T>): Promise<{ result: T; fetches: string[] }> {
  const spy = vi.spyOn(ImapFlow.prototype, 'fetchAll');
  try {
    const result = await run();
    const fetches = spy.mock.calls.map(([, query]) => {
      const q = query as FetchQueryObject;
      if (q.bodyParts) return 'rows';
      return q.flags && Object.keys(q).length === 2 ? 'flags' : JSON.stringify(q);
    });
    return { result, fetches };
  } finally {
    spy.mockRestore();
  }
}

async function page(app: TestApp, who: SignedIn, before?: number): Promise<MessagePage> {
  const url = `${apiRoutes.messages(who.accountId, FOLDER)}${before ? `?before=${before}` : ''}`;
  const res = await app.app.inject({ method: 'GET', url, headers: who.headers });
  expect(res.statusCode).toBe(200);
  const { syncToken: _token, ...rest } = res.json<MessagePage>();
  return rest;
}

beforeAll(async () => {
  user = await createUser('t-paged');
  other = await imapClient(user);
  await other.mailboxCreate(FOLDER);
  for (let n = 1; n <= 60; n++) await appendMessage(other, FOLDER, await message(n));
  // the sign-in answer waits for its first page as long as it takes: what is asserted is where the rows came from
  t = await buildTestApp({ signInFirstRowsWaitMs: 60_000 });
  fresh = await buildTestApp(); // one after the other: two apps starting at once can pass avvio's start timeout
  [mine, theirs] = await Promise.all([
    signIn(t.app, user.email, user.password),
    signIn(fresh.app, user.email, user.password),
  ]);
});

afterAll(async () => {
  await other?.logout();
  await Promise.all([t?.close(), fresh?.close()]);
});

describe('the plain folder page through the row cache', () => {
  it('reads a page in full once; read again, it costs one FETCH of UID and FLAGS and gives the same rows', async () => {
    const first = await fetchesDuring(() => page(t, mine));
    expect(first.fetches).toEqual(['rows']);
    expect(first.result.messages).toHaveLength(50);
    const again = await fetchesDuring(() => page(t, mine));
    expect(again.fetches).toEqual(['flags']);
    expect(again.result).toEqual(first.result);
  });

  it('shows what another client flagged, deleted and added between pages, as a server read in full does', async () => {
    const before = await page(t, mine);
    const [flagged, deleted, nextDeleted] = [before.messages[3]!.uid, before.messages[7]!.uid, before.nextBefore! - 2];
    await other.mailboxOpen(FOLDER);
    await other.messageFlagsAdd(String(flagged), ['\\Seen', '\\Flagged'], { uid: true });
    await other.messageDelete(`${deleted},${nextDeleted}`, { uid: true });
    const added = await appendMessage(other, FOLDER, await message(61));

    const now = await fetchesDuring(() => page(t, mine));
    // the new message alone is read in full; every other row of the page comes from memory with its new flags
    expect(now.fetches).toEqual(['flags', 'rows']);
    const truth = await page(fresh, theirs);
    expect(now.result).toEqual(truth);
    expect(now.result.messages[0]!.uid).toBe(added);
    expect(now.result.messages.find((m) => m.uid === flagged)?.flags).toMatchObject({ seen: true, flagged: true });
    expect(now.result.messages.map((m) => m.uid)).not.toContain(deleted);

    // the next page is anchored on the last UID shown: nothing skipped, nothing twice, the deleted one left out
    const next = await page(t, mine, now.result.nextBefore!);
    expect(next).toEqual(await page(fresh, theirs, truth.nextBefore!));
    const shown = [...now.result.messages, ...next.messages].map((m) => m.uid);
    const all = (await other.search({ all: true }, { uid: true })) as number[];
    expect(shown).toEqual([...all].sort((a, b) => b - a));
    expect(shown).not.toContain(nextDeleted);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('a second sign-in asking for its first page gets it from memory (one FETCH of UID and FLAGS)', async () => {
    const signInFirstPage = async () => {
      const csrf = await getCsrf(t.app);
      const res = await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: csrf.headers,
        payload: { email: user.email, password: user.password, firstPage: FOLDER },
      });
      expect(res.statusCode).toBe(200);
      expect(cookieHeader(setCookies(res))).toContain('pigeon_session');
      return res.json<SignInAnswer>().first?.page;
    };
    const signedIn = await fetchesDuring(signInFirstPage);
    const { syncToken: _token, ...carried } = signedIn.result ?? {};
    expect(signedIn.fetches.filter((f) => f === 'rows')).toEqual([]);
    expect(carried).toEqual(await page(fresh, theirs));
  });
});
