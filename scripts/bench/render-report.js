'use strict';
// Prints issue 22 (4): each tool building the example and a 5-pipeline + 5,000-object repository, with the
// function vs the oracle; and the function alone on each ResourceList the tools really sent.
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { TOOLS, exampleRepo, largeRepo, measure, fnAlone } = require('./render');
const { report } = require('./report');

function reportRender(runs) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'mpfn-bench-render-'));
  try {
    const repos = { 'the example (3 pipelines, 2 Secrets)': exampleRepo(path.join(work, 'example')), '5 pipelines + 5,000 objects': largeRepo(path.join(work, 'large')) };
    for (const [label, dir] of Object.entries(repos)) {
      for (const tool of Object.keys(TOOLS)) {
        const n = label.startsWith('5 pipelines') ? Math.max(3, Math.ceil(runs / 2)) : runs;
        const m = measure(tool, dir, work, n);
        const alone = fnAlone(m.captured, n);
        report({ id: '4', what: `${tool}, ${label}, median of ${n}`, value: `${m.ms.toFixed(0)} ms`, baseline: `oracle ${m.baseMs.toFixed(0)} ms`, ratio: m.ratio.toFixed(2), target: '≤ 1.10', ok: m.ratio <= 1.1, detail: `adds ${(m.ms - m.baseMs).toFixed(0)} ms; the function alone on what ${tool} sent: ${alone.toFixed(0)} ms` });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { reportRender };
