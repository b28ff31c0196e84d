// Cost of sanitizing the reported pathological mail (ten style attributes holding `url(` + 40,000 spaces, 0.5 MB;
// 11 s per pass with the old regex CSS filter) beside an ordinary newsletter of the same size, in one run.
// Run: node scripts/pnpm.mjs --filter @pigeon/bench exec tsx sanitize.ts
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { sanitizeMessageHtml } from '../apps/server/src/mail/reading/sanitize.ts';
import { repeat, summarize } from './stats.ts';

const RUNS = 20;
const pad = ' '.repeat(40_000);
const pathological = Array.from({ length: 10 }, (_, i) => `<p style="color:#333;background:url(${pad}">p${i}</p>`).join(
  '',
);
const row = (i: number) =>
  `<tr><td style="padding:8px;border-bottom:1px solid #eee;font:14px Arial"><a href="https://shop.example/item/${i}"><img src="https://cdn.example/i/${i}.jpg" width="80" height="80" alt="item ${i}"></a></td><td style="padding:8px;color:#333">Item ${i} — a short description of the product with <b>bold</b> words</td></tr>`;
let newsletter = '<style>.x{color:#333}@media (max-width:600px){td{display:block}}</style><table width="600">';
for (let i = 0; newsletter.length < pathological.length; i++) newsletter += row(i);
newsletter += '</table>';

const time = (fn: () => unknown) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

console.log(
  `sanitize: ${RUNS} runs each, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const [name, html] of [
  ['newsletter (baseline)', newsletter],
  ['pathological url( mail', pathological],
] as const) {
  sanitizeMessageHtml(html, { remote: false }); // warm
  const s = summarize(await repeat(RUNS, async () => time(() => sanitizeMessageHtml(html, { remote: false }))));
  console.log(`${name.padEnd(24)} ${String(html.length).padStart(7)} bytes  median ${s.median} ms  p95 ${s.p95} ms`);
}
