'use strict';
// One line per figure: verdict, value, baseline, ratio, target; kept for BENCH_JSON.
const results = [];

/**
 * `ok`: true (PASS), false (MISS) or undefined (INFO: a figure the issue asks to report, without a target).
 * `baseline` and `ratio` may be undefined where the figure has none.
 */
function report({ id, what, value, baseline, ratio, target, ok, detail }) {
  results.push({ id, what, value, baseline, ratio, target, ok, detail });
  const verdict = ok === undefined ? 'INFO' : ok ? 'PASS' : 'MISS';
  const parts = [`${value}`];
  if (baseline !== undefined) parts.push(`baseline ${baseline}`);
  if (ratio !== undefined) parts.push(`ratio ${ratio}`);
  if (target !== undefined) parts.push(`target ${target}`);
  console.log(`${verdict}  (${id}) ${what}: ${parts.join(' | ')}${detail ? ` — ${detail}` : ''}`);
}

module.exports = { report, results };
