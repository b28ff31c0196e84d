// Runs scripts/mail/*.sh; a failure carries the script's stderr, which says what went wrong.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scriptsDir = fileURLToPath(new URL('../../../scripts/mail/', import.meta.url));

/** Runs `bash scripts/mail/<script> ...args` and resolves with its stdout. */
export function runScript(script: string, args: string[] = [], timeoutMs = 300_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [scriptsDir + script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // After 'exit', wait for 'close' (all output read) only briefly: a daemon the script started may
    // keep a copy of our pipes open for good.
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        if (code === 0) return resolve(stdout);
        const why = signal ? `killed by ${signal}` : `exit ${code}`;
        const tail = stderr.trim().split('\n').slice(-20).join('\n');
        reject(new Error(`scripts/mail/${script} ${args.join(' ')} failed (${why}):\n${tail}`));
      };
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 1000);
      child.once('close', () => {
        clearTimeout(grace);
        finish();
      });
    });
  });
}
