import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { apiRoutes, IDEMPOTENCY_KEY_HEADER, type OutboxItem, type OutboxList } from '@pigeon/shared';
import { createUser, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { draftTo, findByMessageId, waitForMessage, waitForState } from '../../../test/compose-helpers.ts';

// A device replays what it queued offline with an Idempotency-Key (decision 031): the server queues it once.

let t: TestApp;
let alice: MailUser;
let bob: MailUser;
let me: SignedIn;

beforeAll(async () => {
  [alice, bob] = await Promise.all([createUser('idem-a'), createUser('idem-b')]);
  t = await buildTestApp({ sendUndoSeconds: 0 });
  me = await signIn(t.app, alice.email, alice.password);
});

afterAll(async () => {
  await t?.close();
});

const post = (key: string | undefined, subject: string) =>
  t.app.inject({
    method: 'POST',
    url: apiRoutes.outbox(me.accountId),
    headers: { ...me.headers, ...(key === undefined ? {} : { [IDEMPOTENCY_KEY_HEADER]: key }) },
    payload: draftTo(bob.email, { subject }),
  });

async function rowsWithSubject(subject: string): Promise<OutboxItem[]> {
  const res = await t.app.inject({ method: 'GET', url: apiRoutes.outbox(me.accountId), headers: me.headers });
  return res.json<OutboxList>().items.filter((i) => i.subject === subject);
}

describe('outbox with an idempotency key', () => {
  it('a repeated POST answers the message already queued (200, same id), and it arrives once', async () => {
    const key = randomUUID();
    const subject = `Queued offline ${key}`;
    const first = await post(key, subject);
    expect(first.statusCode).toBe(201);
    const again = await post(key, subject);
    expect(again.statusCode).toBe(200);
    expect(again.json<OutboxItem>().id).toBe(first.json<OutboxItem>().id);

    const item = first.json<OutboxItem>();
    await waitForState(t.app, me, item.id, 'sent');
    // after it was sent, the key still answers the same message
    const late = await post(key, subject);
    expect(late.statusCode).toBe(200);
    expect(late.json<OutboxItem>()).toMatchObject({ id: item.id, state: 'sent' });
    await waitForMessage(bob, 'INBOX', item.messageId);
    expect(await findByMessageId(bob, 'INBOX', item.messageId)).toHaveLength(1);
    expect(await rowsWithSubject(subject)).toHaveLength(1);
  });

  it('two POSTs racing with one key queue one message', async () => {
    const key = randomUUID();
    const subject = `Raced ${key}`;
    const answers = await Promise.all([post(key, subject), post(key, subject), post(key, subject)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.json<OutboxItem>().id)).size).toBe(1);
    expect(await rowsWithSubject(subject)).toHaveLength(1);
  });

  it('without a key every POST is a new message; a malformed key is refused with a clear code', async () => {
    const subject = `No key ${randomUUID()}`;
    expect((await post(undefined, subject)).statusCode).toBe(201);
    expect((await post(undefined, subject)).statusCode).toBe(201);
    expect(await rowsWithSubject(subject)).toHaveLength(2);

    const bad = await post('short', `Bad key ${randomUUID()}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.invalid');
  });
});
