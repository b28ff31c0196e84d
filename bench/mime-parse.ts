// Cost of parseMail's fix-ups over plain mailparser, per message of the difficult-MIME corpus, in one run.
// Run: node scripts/pnpm.mjs --filter @pigeon/bench exec tsx mime-parse.ts
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { simpleParser } from 'mailparser';
import { corpus, corpusSource } from '../apps/server/src/mail/mime/fixtures/corpus.ts';
import { parseMail } from '../apps/server/src/mail/mime/parse-mail.ts';
import { repeat, summarize } from './stats.ts';

const RUNS = 20;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

console.log(
  `mime-parse: ${RUNS} runs each, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('file'.padEnd(28), 'bytes'.padStart(7), '| simpleParser median p95 | parseMail median p95 (ms)');
for (const c of corpus) {
  const source = corpusSource(c.file);
  // warm both paths once so the first run's module loading is not counted
  await simpleParser(source, { keepCidLinks: true, skipTextToHtml: true });
  await parseMail(source);
  const base = summarize(
    await repeat(RUNS, () => time(() => simpleParser(source, { keepCidLinks: true, skipTextToHtml: true }))),
  );
  const ours = summarize(await repeat(RUNS, () => time(() => parseMail(source))));
  console.log(
    c.file.padEnd(28),
    String(source.length).padStart(7),
    `| ${String(base.median).padStart(6)} ${String(base.p95).padStart(6)}`,
    `         | ${String(ours.median).padStart(6)} ${String(ours.p95).padStart(6)}`,
  );
}
