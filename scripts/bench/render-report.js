'use strict';
// Prints issue 22 (4): each tool building the example and a 5-pipeline + 5,000-object repository, with the
// function vs the oracle; and the function alone on each ResourceList the tools really sent.
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { TOOLS, exampleRepo, largeRepo, measure, fnAlone } = require('./render');
const { report } = require('./report');

/**
 * kustomize's own build time grows faster than linearly with the objects (v5.8.2 alone: 81 CPU s for 5,005
 * objects here), so the large repository is built BENCH_LARGE_RUNS times (default 1), with BENCH_OBJECTS
 * objects (default the 5,000).
 */
function reportRender(runs) {
  const objects = Number(process.env.BENCH_OBJECTS ?? 5000);
  const largeRuns = Number(process.env.BENCH_LARGE_RUNS ?? 1);
  const work = mkdtempSync(path.join(os.tmpdir(), 'mpfn-bench-render-'));
  try {
    const repos = [
      ['the example (3 pipelines, 2 Secrets)', exampleRepo(path.join(work, 'example')), runs],
      ["issue 22's case (1 pipeline + 200 ConfigMaps)", largeRepo(path.join(work, 'issue'), 1, 200, true), runs],
      [`5 pipelines + ${objects.toLocaleString('en')} objects`, largeRepo(path.join(work, 'large'), 5, objects), largeRuns],
    ];
    for (const [label, dir, n] of repos) {
      for (const tool of Object.keys(TOOLS)) {
        const m = measure(tool, dir, work, n);
        const alone = fnAlone(m.captured, n);
        report({ id: '4', what: `${tool}, ${label}, median of ${n}`, value: `${m.ms.toFixed(0)} ms`, baseline: `oracle ${m.baseMs.toFixed(0)} ms`, ratio: m.ratio.toFixed(2), target: '≤ 1.10', ok: m.ratio <= 1.1, detail: `adds ${(m.ms - m.baseMs).toFixed(0)} ms; CPU ${m.cpu.toFixed(2)} s vs ${m.baseCpu.toFixed(2)} s (${m.cpuRatio.toFixed(2)}×); the function alone on what ${tool} sent: ${alone.ms.toFixed(0)} ms, ${alone.cpu.toFixed(2)} CPU s` });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { reportRender };
