#!/usr/bin/env node
'use strict';
// npm run bench: the performance budget, measured in one run on this machine (never as a timed test).
// Each case runs the real executables as orchestrators do (a fresh process per run) and reports the
// median of several runs next to its baseline measured in the same loop, so machine load hits both.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { stringify } = require('yaml');

const root = path.resolve(__dirname, '..');
const FN = path.join(root, 'function', 'metricpipeline-fn');
const STATUS = path.join(root, 'function', 'metricpipeline-status');
const work = mkdtempSync(path.join(os.tmpdir(), 'mpfn-bench-'));
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

function resourceList(items, functionConfig) {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) }, { aliasDuplicateObjects: false });
}

function pipeline(name, spec = {}) {
  return {
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: { ...spec, output: { otlp: { endpoint: { value: `https://${name}.backend.example.com:4317` } } } },
  };
}

function configMap(i) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `app-config-${i}`, namespace: `team-${i % 20}`, labels: { app: `app-${i % 100}`, tier: 'backend' } },
    data: { 'settings.yaml': `replicas: ${i % 5}\nmode: "0755"\nreleased: 2021-01-01\n`, version: '1.10', enabled: 'yes', id: String(i) },
  };
}

function deployment(i) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: `team-${i % 20}`, labels: { app: `app-${i}` }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: `app-${i}` } },
      template: {
        metadata: { labels: { app: `app-${i}` } },
        spec: { containers: [{ name: 'app', image: `registry.example.com/app:${i}.0.1`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }] },
      },
    },
  };
}

function writeInput(name, text) {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
}

/** Runs argv with stdin from a file; returns wall milliseconds and peak RSS (KiB, from GNU time). */
function runOnce(argv, inputFile) {
  const input = readFileSync(inputFile);
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { input, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  const rssKiB = Number(String(r.stderr).trim().split('\n').pop());
  return { ms, rssKiB };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Interleaves the candidate and its baseline so that both see the same machine. */
function compare(candidate, baseline, inputFile, runs = RUNS) {
  const c = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    c.push(runOnce(candidate, inputFile));
    b.push(runOnce(baseline, inputFile));
  }
  const cms = median(c.map((x) => x.ms));
  const bms = median(b.map((x) => x.ms));
  return { ms: cms, baseMs: bms, ratio: cms / bms, rssMiB: Math.max(...c.map((x) => x.rssKiB)) / 1024 };
}

const NODE_E0 = ['node', '-e', '0'];
const YAML_FLOOR = ['node', '-e', "const Y=require('yaml');process.stdout.write(Y.parseDocument(require('fs').readFileSync(0,'utf8'),{version:'1.1'}).toString())"];
const results = [];

function report(id, what, value, target, ok, detail) {
  results.push({ id, what, value, target, ok, detail });
  console.log(`${ok ? 'PASS' : 'MISS'}  (${id}) ${what}: ${value} (target ${target})${detail ? ` — ${detail}` : ''}`);
}

// (a) cold start on a small input
{
  const items = [pipeline('backend'), ...Array.from({ length: 20 }, (_, i) => configMap(i))];
  const file = writeInput('small.yaml', resourceList(items));
  const r = compare([FN], NODE_E0, file);
  report('a', 'cold start, 1 pipeline + 20 objects, ratio to `node -e 0`', r.ratio.toFixed(2), '≤ 1.6', r.ratio <= 1.6, `${r.ms.toFixed(0)} ms vs ${r.baseMs.toFixed(0)} ms`);
}

// (b) 10,000-object pass-through
{
  const items = [pipeline('backend'), ...Array.from({ length: 9999 }, (_, i) => (i % 2 ? configMap(i) : deployment(i)))];
  const text = resourceList(items);
  const file = writeInput('large.yaml', text);
  const r = compare([FN], ['node', ...YAML_FLOOR.slice(1)], file, Math.min(RUNS, 7));
  report('b', `10,000-object pass-through (${(text.length / 1e6).toFixed(1)} MB), ratio to yaml parse + stringify`, r.ratio.toFixed(2), '≤ 1.3', r.ratio <= 1.3, `${r.ms.toFixed(0)} ms vs ${r.baseMs.toFixed(0)} ms`);
  report('b', '10,000-object pass-through, peak RSS', `${r.rssMiB.toFixed(0)} MiB`, '≤ 300 MiB', r.rssMiB <= 300);
}

// (c) 50 pipelines with pull inputs
{
  const items = Array.from({ length: 50 }, (_, i) =>
    pipeline(`pipeline-${String(i).padStart(2, '0')}`, {
      input: { prometheus: { enabled: true }, runtime: { enabled: true }, ...(i % 2 === 0 ? { istio: { enabled: true } } : {}) },
    }),
  );
  const fc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { maxPipelines: '0' } };
  const file = writeInput('fifty.yaml', resourceList(items, fc));
  const r = compare([FN], NODE_E0, file);
  report('c', '50 pipelines (prometheus + runtime, istio on half), ratio to `node -e 0`', r.ratio.toFixed(2), '≤ 5', r.ratio <= 5, `${r.ms.toFixed(0)} ms vs ${r.baseMs.toFixed(0)} ms`);
}

// (d) status evaluation over 200 collector pods
{
  const { fleetSnapshot } = require(path.join(root, 'dist', 'test', 'status', 'support', 'generate.js'));
  const pipelines = ['backend', 'dynatrace', 'platform', 'shop', 'audit'];
  const before = writeInput('before.prom', fleetSnapshot({ pods: 200, pipelines, tick: 1, failing: { shop: 1 } }));
  const after = writeInput('after.prom', fleetSnapshot({ pods: 200, pipelines, tick: 2, failing: { shop: 1 } }));
  const mb = (readFileSync(before).length / 1e6).toFixed(1);
  const times = [];
  for (let i = 0; i < Math.min(RUNS, 11); i++) times.push(runOnce([STATUS, 'evaluate', '--gateway', before, after, '--window', '60'], before).ms);
  const s = median(times) / 1000;
  report('d', `status evaluation, 200 gateway pods (2 × ${mb} MB snapshots), wall time incl. start`, `${s.toFixed(2)} s`, '≤ 0.5 s', s <= 0.5);
}

console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'}; median of ${RUNS} runs (7 for b, 11 for d)`);
rmSync(work, { recursive: true, force: true });
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
