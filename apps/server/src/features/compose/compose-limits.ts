import type { AuthedSession } from '../../core/auth.types.ts';
import type { MailStore } from '../../mail/mail-store.ts';
import type { TlsSettings } from '../../imap/connect.ts';
import { smtpSizeLimit } from '../outbox/smtp.ts';
import { attachmentLimit } from './compose.service.ts';

const PROBE_EVERY_MS = 10 * 60_000;
const MAX_SERVERS = 1000;

/** What SMTP SIZE and the store's APPENDLIMIT leave for attachments, per mail server. */
export interface ComposeLimitProbe {
  /** from what is already known: opens no connection (GET …/compose/limits) */
  known(session: AuthedSession): number;
  /** asks the servers when the last answer is older than a few minutes (an upload, a POST) */
  probe(session: AuthedSession): Promise<number>;
}

export function createComposeLimitProbe(deps: {
  configured: number;
  /** the store of the session's account: its APPENDLIMIT (a POP3 account's own store names none) */
  mail: (session: AuthedSession) => Pick<MailStore, 'appendLimit'>;
  tls: TlsSettings;
  now?: () => number;
}): ComposeLimitProbe {
  const now = deps.now ?? Date.now;
  const smtpSize = new Map<string, { size: number; at: number }>();
  const appendLimit = new Map<string, number>();
  const smtpKey = (s: AuthedSession) => `${s.account.smtp.host}:${s.account.smtp.port}`;
  const imapKey = (s: AuthedSession) => `${s.account.incoming.host}:${s.account.incoming.port}`;
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= MAX_SERVERS && !map.has(key)) map.delete(map.keys().next().value!);
    map.set(key, value);
  };
  const known = (session: AuthedSession) =>
    attachmentLimit(deps.configured, smtpSize.get(smtpKey(session))?.size ?? 0, appendLimit.get(imapKey(session)) ?? 0);

  return {
    known,
    async probe(session) {
      const cached = smtpSize.get(smtpKey(session));
      if (!cached || now() - cached.at > PROBE_EVERY_MS) {
        const size = await smtpSizeLimit(session.account.smtp, deps.tls).catch(() => 0);
        remember(smtpSize, smtpKey(session), { size, at: now() });
      }
      const limit = await deps
        .mail(session)
        .appendLimit()
        .catch(() => 0);
      remember(appendLimit, imapKey(session), limit);
      return known(session);
    },
  };
}
