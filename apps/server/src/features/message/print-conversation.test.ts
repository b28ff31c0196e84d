import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '@pigeon/shared';
import { printConversationDocument } from './print-conversation.ts';

const detail = (uid: number, subject: string, from: string): MessageDetail => ({
  uid,
  subject,
  from: { name: '', address: from },
  fromIsAddress: true,
  to: [{ name: '', address: 'parent@school.test' }],
  date: '2026-03-02T01:30:00.000Z',
  size: 100,
  flags: { seen: true, flagged: false, answered: false, draft: false },
  hasAttachments: false,
  preview: '',
  cc: [],
  bcc: [],
  replyTo: [],
  messageId: null,
  inReplyTo: null,
  references: [],
  text: '',
  hasHtml: true,
  hasRemoteContent: false,
  attachments: [],
  bodyNotice: null,
});

const at = (doc: string, needle: string) => doc.indexOf(needle);

describe('printConversationDocument', () => {
  const messages = [
    {
      detail: detail(3, '소풍 <안내>', 'kim@school.test'),
      bodyHtml: '<style>p{display:none!important}</style><p>One</p>',
    },
    { detail: detail(9, 'Re: 소풍 <안내>', 'me@school.test'), bodyHtml: '<pre>Two</pre>' },
  ];

  it('prints every message in order, each with its escaped headers, under the first subject', () => {
    const doc = printConversationDocument({ messages, lang: 'en', timeZone: 'Asia/Seoul' });
    expect(doc).toContain('<title>소풍 &#60;안내&#62;</title>');
    expect(doc).toContain('<p data-testid="print-conversation-count">A conversation of 2 messages, oldest first</p>');
    expect(doc.match(/data-testid="print-message"/g)).toHaveLength(2);
    expect(at(doc, 'kim@school.test')).toBeLessThan(at(doc, 'me@school.test'));
    expect(at(doc, '<p>One</p>')).toBeLessThan(at(doc, '<pre>Two</pre>'));
    expect(doc).toContain('Re: 소풍 &#60;안내&#62;');
    expect(doc).not.toMatch(/<script/i);
  });

  it('gives each message its own shadow root, so its CSS stays inside it, and shields its headers again inside', () => {
    const doc = printConversationDocument({ messages, lang: 'en' });
    const first = at(doc, 'data-uid="3"');
    const second = at(doc, 'data-uid="9"');
    const css = at(doc, 'p{display:none!important}');
    // the first message's style sits between its own shadow root's opening and the second message
    expect(at(doc.slice(first), '<template shadowrootmode="open">')).toBe(at(doc.slice(first), '>') + 1);
    expect(css).toBeGreaterThan(first);
    expect(css).toBeLessThan(second);
    expect(doc.slice(first, second).match(/<template shadowrootmode="open">/g)).toHaveLength(2); // message, then its headers
    expect(doc.slice(first, second).match(/<\/template>/g)).toHaveLength(2);
    expect(doc).toContain(':host{all:initial!important;display:block!important');
  });

  it('labels in Korean, and prints "(no subject)" for a conversation without one', () => {
    const doc = printConversationDocument({
      messages: [{ detail: detail(1, '  ', 'kim@school.test'), bodyHtml: '' }],
      lang: 'ko',
    });
    expect(doc).toContain('<html lang="ko">');
    expect(doc).toContain('<title>(제목 없음)</title>');
    expect(doc).toContain('메시지 1개의 대화, 오래된 순');
    expect(doc).toContain('<dt>보낸 사람</dt>');
  });
});
