// Start and stop the fixture's servers; every call is safe to repeat.
import path from 'node:path';
import { mailFixture } from './config.ts';
import { runScript } from './run-script.ts';

let starting: Promise<void> | undefined;

/** Starts Dovecot + Postfix unless they run (installs the packages first if missing); ~0.2 s when up. */
export function ensureMailFixture(): Promise<void> {
  // callers in one process share one start.sh run
  starting ??= runScript('start.sh', [], 900_000)
    .then(() => undefined)
    .finally(() => (starting = undefined));
  return starting;
}

/** Stops this fixture's Dovecot and Postfix (only processes it started); mail and config stay. */
export async function stopMailFixture(): Promise<void> {
  await runScript('stop.sh');
}

/** Stops only Dovecot, so clients see the IMAP server go away (reconnect tests). */
export async function stopDovecot(): Promise<void> {
  await runScript('stop.sh', ['dovecot']);
}

/** Starts Dovecot again (start.sh starts whatever is missing) and waits until its ports answer. */
export function startDovecot(): Promise<void> {
  return ensureMailFixture();
}

/** Stops only Postfix, so SMTP submission is refused (outbox retry tests); startPostfix() brings it back. */
export async function stopPostfix(): Promise<void> {
  await runScript('stop.sh', ['postfix']);
}

/** Starts Postfix again (start.sh starts whatever is missing) and waits until its ports answer. */
export function startPostfix(): Promise<void> {
  return ensureMailFixture();
}

/** Log files to read when a test against the fixture fails. */
export function mailLogs(): { dovecot: string; postfix: string } {
  const logDir = path.join(mailFixture.dir, 'log');
  return { dovecot: path.join(logDir, 'dovecot.log'), postfix: path.join(logDir, 'postfix.log') };
}
