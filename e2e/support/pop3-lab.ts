import { mailFixture } from '@pigeon/mail-fixture';
import { discoveryTest } from './discovery-lab.ts';

// A Pigeon of its own WITHOUT MAIL_DOMAINS, whose discovery DNS (in this process) offers school.test's POP3S and
// submission servers only, at the mail fixture's Dovecot and Postfix: the domain has no IMAP (issue 11, decision 026).
export const pop3Zone = () => ({
  '_pop3s._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.pop3s }] },
  '_submissions._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.submissions }] },
});

/** The e2e `test` with `lab`: that Pigeon (one per worker) and its DNS; IMAP's (and POP3's) guessed names go to a
 * closed port, so only the SRV records answer. */
export const pop3Test = discoveryTest(pop3Zone, 'imaps:1,imap:1,smtps:1,smtp:1,pop3s:1,pop3:1');

/** A plain text message as a teacher sends it, for APPENDing to the POP3 maildrop. */
export const plainMessage = (subject: string, text: string) =>
  `From: Teacher <teacher@school.test>\r\nTo: student@school.test\r\nSubject: ${subject}\r\n` +
  `Date: Mon, 07 Dec 2026 08:00:00 +0900\r\nMessage-ID: <${subject.replace(/\W/g, '')}@school.test>\r\n` +
  `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
