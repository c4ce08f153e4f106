'use strict';
// Prints the data-plane figures (issue 22 (1), (2); issue 21's sizing) from dataPlane()'s result.
const { report } = require('./report');
const { PODS, PIPELINES, SIZING_RATE } = require('./data-plane');

const cpu = (q) => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));
const mib = (q) => Number(q.replace(/[MG]i$/, '')) * (q.endsWith('Gi') ? 1024 : 1);
const k = (x) => `${(x / 1000).toFixed(1)}k points/s`;
const mc = (cores) => `${(cores * 1000).toFixed(0)}m CPU`;

function reportDataPlane(r) {
  const g1 = r.gateway1;
  const g5 = r[`gateway${PIPELINES}`];
  const bare = g1.bare.rate;
  report({ id: '1', what: `gateway throughput, 1 pipeline, k8sattributes over ${PODS} Pods, accepted without refusing or dropping`, value: k(g1.capacity.rate), baseline: `bare collector ${k(bare)}`, ratio: (g1.capacity.rate / bare).toFixed(2), target: '≥ 0.6', ok: g1.capacity.rate / bare >= 0.6, detail: `${g1.enrichment.enriched}/${g1.enrichment.resources} resources enriched with k8s.pod.name at ${k(SIZING_RATE)}` });
  // Where generator and collectors share few cores, the generator can be the limit of both searches; CPU per
  // point at a fixed rate is the load-independent view of the same question.
  const bareCpu = r.bareSizing.load.cores;
  report({ id: '1', what: `CPU at ${k(SIZING_RATE)}, bare collector ÷ gateway (1 pipeline): the throughput ratio if CPU were the only limit`, value: `${mc(g1.load.cores)} gateway`, baseline: `${mc(bareCpu)} bare`, ratio: (bareCpu / g1.load.cores).toFixed(2), target: '≥ 0.6', ok: bareCpu / g1.load.cores >= 0.6 });
  report({ id: '1', what: `gateway throughput, ${PIPELINES} pipelines (every point to ${PIPELINES} backends), per pipeline`, value: k(g5.capacity.rate), baseline: `bare collector ${k(g5.bare.rate)} (1 backend, searched alongside)`, ratio: (g5.capacity.rate / g5.bare.rate).toFixed(2) });
  const b = g5.backpressure;
  if (b) {
    const others = b.received.slice(1);
    const kept = Math.min(...others) / b.sent;
    const v0 = b.verdicts['pipeline-0'];
    const healthy = Object.entries(b.verdicts).filter(([name]) => name !== 'pipeline-0').every(([, v]) => v.status === 'True');
    report({ id: '2', what: `backpressure: pipeline-0's backend down ${b.window} s at ${k(b.achieved)} (half capacity), gateway peak memory`, value: `RSS ${b.peakRssMiB.toFixed(0)} MiB, cgroup ${b.peakCgroupMiB.toFixed(0)} MiB`, baseline: `rendered limit ${b.limitMiB.toFixed(0)} MiB`, ratio: (b.peakCgroupMiB / b.limitMiB).toFixed(2), target: '< 1, no OOM', ok: b.peakCgroupMiB < b.limitMiB && b.gatewayAlive && (b.failcnt === 0), detail: `cgroup failcnt ${b.failcnt}; gateway ${b.gatewayAlive ? 'alive' : 'DEAD'}` });
    report({ id: '2', what: 'backpressure: memory_limiter refusals (receiver refused) / what the down pipeline dropped (queue full)', value: `${b.receiverRefused} refused (client saw ${b.clientRefused})`, baseline: `${b.enqueueFailed} dropped by pipeline-0's full queue, ${b.sendFailed} failed sends`, target: 'refuse before the limit', ok: b.peakCgroupMiB < b.limitMiB, detail: b.receiverRefused === 0 ? 'the bounded sending queue dropped instead: memory never came near the limiter\'s threshold' : undefined });
    report({ id: '2', what: 'backpressure: the other pipelines keep their full rate', value: `${others.map((o) => o.toString()).join(', ')} points`, baseline: `${b.sent} sent`, ratio: kept.toFixed(3), target: '≥ 0.99', ok: kept >= 0.99 });
    report({ id: '2', what: 'backpressure: the status job (metricpipeline-status evaluate) on the gateway\'s /metrics before and after', value: `pipeline-0 ${v0 ? `${v0.status}/${v0.reason}` : JSON.stringify(b.verdicts).slice(0, 200)}; others ${healthy ? 'healthy' : JSON.stringify(b.verdicts)}`, target: 'pipeline-0 flagged, others healthy', ok: Boolean(v0 && v0.status !== 'True' && healthy) });
  }
  for (const [name, g] of [['1 pipeline', g1], [`${PIPELINES} pipelines`, g5]]) {
    report({ id: '21', what: `gateway usage, ${name}, idle → ${k(SIZING_RATE)} per pipeline`, value: `${mc(g.idle.cores)}, ${g.idle.rssMiB.toFixed(0)} MiB → ${mc(g.load.cores)}, peak ${g.load.peakRssMiB.toFixed(0)} MiB (heap ${g.load.heapMiB.toFixed(0)} MiB)`, baseline: `requests ${g.resources.requests.cpu} / ${g.resources.requests.memory}, limit ${g.resources.limits.memory}`, target: 'requests ≥ usage at 10k/s', ok: cpu(g.resources.requests.cpu) >= g.load.cores && mib(g.resources.requests.memory) >= g.load.peakRssMiB, detail: g.load.clean ? undefined : `load step not clean: ${g.load.why}` });
  }
  const bs = r.bareSizing;
  report({ id: '21', what: `bare collector usage, idle → ${k(SIZING_RATE)}`, value: `${mc(bs.idle.cores)}, ${bs.idle.rssMiB.toFixed(0)} MiB → ${mc(bs.load.cores)}, peak ${bs.load.peakRssMiB.toFixed(0)} MiB` });
}

module.exports = { reportDataPlane };
