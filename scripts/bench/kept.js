'use strict';
// Issue 22 (5), kept from the earlier budget: 10,000-object pass-through against a bare `yaml` round-trip,
// and the status evaluation of 200 gateway pods. A fresh process per run, candidate and baseline alternating.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root } = require('./collectors');
const { report } = require('./report');
const { resourceList, pipeline, others } = require('./objects');

const FN = path.join(root, 'function', 'metricpipeline-fn');
const STATUS = path.join(root, 'function', 'metricpipeline-status');
const YAML_FLOOR = ['node', '-e', "const Y=require('yaml');process.stdout.write(Y.parseDocument(require('fs').readFileSync(0,'utf8'),{version:'1.1'}).toString())"];

/** Wall milliseconds and peak RSS (KiB, GNU time) of one run with `inputFile` on stdin. */
function runOnce(argv, inputFile) {
  const input = readFileSync(inputFile);
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { input, maxBuffer: 1 << 30, cwd: root });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  return { ms, rssKiB: Number(String(r.stderr).trim().split('\n').pop()) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function reportKept() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'mpfn-bench-kept-'));
  try {
    const text = resourceList([pipeline('backend'), ...others(9999)]);
    const large = path.join(work, 'large.yaml');
    writeFileSync(large, text);
    const c = [];
    const b = [];
    for (let i = 0; i < 7; i++) {
      c.push(runOnce([FN], large));
      b.push(runOnce(YAML_FLOOR, large));
    }
    const ratio = median(c.map((x) => x.ms)) / median(b.map((x) => x.ms));
    const rss = Math.max(...c.map((x) => x.rssKiB)) / 1024;
    report({ id: '5', what: `10,000-object pass-through (${(text.length / 1e6).toFixed(1)} MB), median of 7`, value: `${median(c.map((x) => x.ms)).toFixed(0)} ms`, baseline: `yaml parse + stringify ${median(b.map((x) => x.ms)).toFixed(0)} ms`, ratio: ratio.toFixed(2), target: '≤ 1.3', ok: ratio <= 1.3 });
    report({ id: '5', what: '10,000-object pass-through, peak RSS', value: `${rss.toFixed(0)} MiB`, target: '≤ 300 MiB', ok: rss <= 300 });

    const { fleetSnapshot } = require(path.join(root, 'dist', 'test', 'status', 'support', 'generate.js'));
    const pipelines = ['backend', 'dynatrace', 'platform', 'shop', 'audit'];
    const before = path.join(work, 'before.prom');
    const after = path.join(work, 'after.prom');
    writeFileSync(before, fleetSnapshot({ pods: 200, pipelines, tick: 1, failing: { shop: 1 } }));
    writeFileSync(after, fleetSnapshot({ pods: 200, pipelines, tick: 2, failing: { shop: 1 } }));
    const times = [];
    for (let i = 0; i < 11; i++) times.push(runOnce([STATUS, 'evaluate', '--gateway', before, after, '--window', '60'], before).ms);
    const s = median(times) / 1000;
    report({ id: '5', what: `status evaluation, 200 gateway pods (2 × ${(readFileSync(before).length / 1e6).toFixed(1)} MB snapshots), wall time incl. start, median of 11`, value: `${s.toFixed(2)} s`, target: '≤ 0.5 s', ok: s <= 0.5 });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { reportKept };
