import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiRoutes,
  type ConversationDetail,
  type ConversationPage,
  type ErrorBody,
  type MessageActionResult,
  type Preferences,
} from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { uidThread } from '../../imap/thread.ts';
import { appendMessage, buildMessage, createUser, imapClient, type MailUser } from '../message/test-mail.ts';
import { threadsHere } from '../../mail/imap/conversation-threads.ts';

let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
const uid: Record<string, number> = {};
let day = 0;

const BOX = 'Talks';
type Mail = { subject: string; from?: string; id: string; inReplyTo?: string; references?: string[] };

async function add(name: string, mail: Mail, box = BOX, flags: string[] = []) {
  const raw = await buildMessage({
    subject: mail.subject,
    from: mail.from ?? 'Kim Teacher <kim@school.test>',
    to: user.email,
    date: new Date(Date.UTC(2024, 2, 1 + day++, 9)),
    messageId: `<${mail.id}@school.test>`,
    ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}@school.test>` } : {}),
    ...(mail.references ? { references: mail.references.map((r) => `<${r}@school.test>`) } : {}),
    text: `${name} text`,
  });
  uid[name] = await appendMessage(imap, box, raw, flags);
}

const get = async <T>(url: string): Promise<T> => {
  const res = await t.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const conversations = (query = '') => get<ConversationPage>(`${apiRoutes.conversations(accountId, BOX)}${query}`);
const partition = (threads: number[][]) => threads.map((th) => th.join(',')).sort();

beforeAll(async () => {
  user = await createUser('t-conv');
  imap = await imapClient(user);
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  await imap.mailboxCreate(BOX);
  await imap.mailboxCreate('Sent').catch(() => undefined);
  // a conversation with a reply chain and the user's own replies in Sent
  await add('plan', { subject: 'Trip plan', id: 'plan' }, BOX, ['\\Seen']);
  await add('plan-lee', { subject: 'Re: Trip plan', from: 'Lee <lee@school.test>', id: 'lee', inReplyTo: 'plan' });
  await add('my-answer', { subject: 'Re: Trip plan', from: user.email, id: 'mine1', inReplyTo: 'lee' }, 'Sent');
  await add('my-later', { subject: 'Re: Trip plan', from: user.email, id: 'mine2', inReplyTo: 'plan' }, 'Sent');
  await add('plan-park', {
    subject: 'Re: Re: Trip plan',
    from: 'Park <park@school.test>',
    id: 'park',
    references: ['plan', 'mine2'],
  });
  // linked only through a message that is not in the folder (deleted or never received)
  await add('bus', { subject: 'Bus times', id: 'bus', references: ['gone'] }, BOX, ['\\Seen']);
  await add('bus-2', { subject: 'New timetable', id: 'bus2', references: ['gone'] }, BOX, ['\\Seen', '\\Flagged']);
  // no header links these two: the subject alone groups them
  await add('lunch', { subject: 'Lunch on Friday', id: 'lunch' });
  await add('lunch-re', { subject: 'RE: Lunch on Friday', from: 'Choi <choi@school.test>', id: 'lunch2' });
  await add('alone', { subject: 'Unrelated', id: 'alone' }, BOX, ['\\Seen']);
  await add('other-sent', { subject: 'Something else', from: user.email, id: 'other' }, 'Sent');
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

describe('conversations of a folder', () => {
  it('groups replies, children of a missing parent and subject-only matches, newest first', async () => {
    const page = await conversations();
    expect(page.total).toBe(4);
    expect(page.nextBefore).toBeNull();
    expect(page.conversations.map((c) => [c.latest.subject, c.count, c.id])).toEqual([
      ['Unrelated', 1, uid.alone],
      ['RE: Lunch on Friday', 2, uid.lunch],
      ['New timetable', 2, uid.bus],
      ['Re: Re: Trip plan', 3, uid.plan],
    ]);
    const trip = page.conversations[3]!;
    expect(trip.unread).toBe(2);
    expect(trip.participants).toEqual(['Kim Teacher', 'Lee', 'Park']);
    const bus = page.conversations[2]!;
    expect([bus.unread, bus.flagged]).toEqual([0, true]);
  });

  it('pages anchored on the newest UID of the last conversation', async () => {
    const first = await conversations('?limit=3');
    expect(first.conversations).toHaveLength(3);
    expect(first.nextBefore).toBe(uid['bus-2']);
    const second = await conversations(`?limit=3&before=${first.nextBefore}`);
    expect(second.conversations.map((c) => c.id)).toEqual([uid.plan]);
    expect(second.nextBefore).toBeNull();
  });

  it('threads the same way without the server THREAD command (RFC 5256 here)', async () => {
    await imap.mailboxOpen(BOX);
    const server = await uidThread(imap);
    const here = await threadsHere(imap);
    expect(partition(here)).toEqual(partition(server));
    expect(partition(here)).toContain([uid.plan, uid['plan-lee'], uid['plan-park']].join(','));
  });

  it('opens a conversation oldest first with the user’s own replies from Sent', async () => {
    const detail = await get<ConversationDetail>(apiRoutes.conversation(accountId, BOX, uid.plan!));
    expect(detail.uids).toEqual([uid.plan, uid['plan-lee'], uid['plan-park']]);
    expect(detail.messages.map((m) => [m.path, m.uid])).toEqual([
      [BOX, uid.plan],
      [BOX, uid['plan-lee']],
      ['Sent', uid['my-answer']],
      ['Sent', uid['my-later']],
      [BOX, uid['plan-park']],
    ]);
  });

  it('a reply that arrives joins its conversation and moves it to the top', async () => {
    await add('plan-new', {
      subject: 'Re: Trip plan',
      from: 'Lee <lee@school.test>',
      id: 'lee2',
      references: ['plan'],
    });
    const page = await conversations();
    expect(page.conversations[0]).toMatchObject({ id: uid.plan, count: 4, unread: 3 });
    expect(page.conversations[0]!.latest.uid).toBe(uid['plan-new']);
  });

  it('applies an action to every message of the conversation', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.conversationActions(accountId, BOX, uid.plan!),
      headers,
      payload: { action: 'markRead' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<MessageActionResult>().uids).toHaveLength(4);
    await imap.mailboxOpen(BOX);
    const unseen = await imap.search({ seen: false }, { uid: true });
    expect(unseen).toEqual([uid.lunch, uid['lunch-re']]);

    const archived = await t.app.inject({
      method: 'POST',
      url: apiRoutes.conversationActions(accountId, BOX, uid.bus!),
      headers,
      payload: { action: 'archive' },
    });
    expect(archived.statusCode, archived.body).toBe(200);
    const other = await imapClient(user);
    try {
      const status = await other.status('Archive', { messages: true });
      expect(status && status.messages).toBe(2);
    } finally {
      await other.logout();
    }
    expect((await conversations()).total).toBe(3);
  });

  it('answers conversation.not_found for a conversation that is not there', async () => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.conversation(accountId, BOX, 999_999), headers });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorBody>().error.code).toBe('conversation.not_found');
  });
});

describe('the conversations setting', () => {
  it('is off by default, per user, and follows the user to another device', async () => {
    expect(await get<Preferences>(apiRoutes.preferences)).toEqual({ conversations: false });
    const set = await t.app.inject({
      method: 'PATCH',
      url: apiRoutes.preferences,
      headers,
      payload: { conversations: true },
    });
    expect(set.statusCode, set.body).toBe(200);
    const other = await signIn(t.app, user.email, user.password);
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.preferences, headers: other.headers });
    expect(res.json<Preferences>()).toEqual({ conversations: true });
    const stranger = await createUser('t-conv-other');
    const theirs = await signIn(t.app, stranger.email, stranger.password);
    const them = await t.app.inject({ method: 'GET', url: apiRoutes.preferences, headers: theirs.headers });
    expect(them.json<Preferences>()).toEqual({ conversations: false });
    const bad = await t.app.inject({
      method: 'PATCH',
      url: apiRoutes.preferences,
      headers,
      payload: { conversations: 'yes', admin: true },
    });
    expect(bad.statusCode).toBe(400);
  });
});
