#!/usr/bin/env node
'use strict';
// npm run bench: what users feel (issue 22), measured side by side in one run on this machine (never as a
// timed test). Every figure is printed with its baseline, the ratio, the target and a verdict.
//   data plane (scripts/bench/data-plane.js): the rendered gateway on the real collector vs a bare collector;
//   agent (scripts/bench/agent.js): the rendered agent's scrape vs a bare prometheus receiver;
//   render (scripts/bench/render.js): kustomize v5 / 4.5.4 / kpt with the function vs an oracle;
//   kept: 10,000-object pass-through and status evaluation.
// BENCH_ONLY=data,agent,render,kept picks parts; BENCH_BACKPRESSURE_S (default 120, the 2 minutes)
// sets the outage; BENCH_RUNS the runs per render case; BENCH_JSON=FILE writes the figures as JSON.
const { writeFileSync, mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { report, results } = require('./bench/report');

const only = new Set((process.env.BENCH_ONLY ?? 'data,agent,render,kept').split(','));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

async function main() {
  const started = Date.now();
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (only.has('data')) {
    const { dataPlane } = require('./bench/data-plane');
    const { reportDataPlane } = require('./bench/data-plane-report');
    console.log('\n== data plane (real otelcol, rendered gateway, loopback)');
    reportDataPlane(await dataPlane({ log: (s) => console.log(s), backpressureSeconds: Number(process.env.BENCH_BACKPRESSURE_S ?? 120) }));
  }
  if (only.has('agent')) {
    const { agentCost, reportAgent } = require('./bench/agent');
    console.log('\n== agent cost (real otelcol, rendered agent vs bare prometheus receiver)');
    reportAgent(await agentCost({ log: (s) => console.log(s) }));
  }
  if (only.has('render')) {
    console.log('\n== render inside the tools');
    require('./bench/render-report').reportRender(RUNS);
  }
  if (only.has('kept')) {
    console.log('\n== kept');
    require('./bench/kept').reportKept();
  }
  console.log(`\nload average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
  const missed = results.filter((r) => r.ok === false).length;
  console.log(`${results.filter((r) => r.ok === true).length} passed, ${missed} missed, ${results.filter((r) => r.ok === undefined).length} reported`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
