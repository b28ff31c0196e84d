// Runs scripts/mail/*.sh; a failure carries the script's stderr, which says what went wrong.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scriptsDir = fileURLToPath(new URL('../../../scripts/mail/', import.meta.url));

/** Runs `bash scripts/mail/<script> ...args` and resolves with its stdout. */
export function runScript(script: string, args: string[] = [], timeoutMs = 300_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [scriptsDir + script, ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: process.env },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const why = err.killed ? `killed after ${timeoutMs} ms` : `exit ${err.code ?? err.signal}`;
        const tail = stderr.trim().split('\n').slice(-20).join('\n');
        reject(new Error(`scripts/mail/${script} ${args.join(' ')} failed (${why}):\n${tail}`, { cause: err }));
      },
    );
  });
}
