'use strict';
// Issue 22 (3): what the rendered agent costs per scrape cycle. The rendered agent (prometheus input only)
// discovers 300 annotated Pods through a real API server and scrapes them; a bare collector scrapes the same
// 300 endpoints from a static list (prometheus receiver -> batch -> otlp). Both run at the same time, so the
// machine's load hits both; each reports its own CPU seconds and RSS on :8888. The targets (loadgen targets:
// ~500 series each on 300 loopback pod IPs) and the counting backends are the same kind for both.
// Stand-ins: run-pod for the kubelet (see scripts/peers/run-pod); the "gateway" the agent exports to is a
// counting backend listening on the gateway Service's name, mapped by --add-host (there is no cluster DNS).
const { writeFileSync, mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { stringify } = require('yaml');
const { LOADGEN, OTELCOL, buildLoadgen, startLogged, startSink, stop, scrape, sleep, dist } = require('./collectors');
const { report } = require('./report');
const { startControlPlane } = dist('support/peers.js');
const { prepareControlPlane, renderItems, freePort } = dist('flow/support.js');
const { runPod } = dist('support/run-pod.js');

const TARGETS = 300;
const SERIES = 500;
const INTERVAL_S = 30;
const CYCLES = Number(process.env.BENCH_AGENT_CYCLES ?? 2);
const GATEWAY_HOST = 'telemetry-otlp-metrics.kyma-system.svc.cluster.local';

const ip = (prefix, i) => `${prefix}${20 + Math.floor(i / 250)}.${1 + (i % 250)}`;

function createScrapedPods(cp, prefix) {
  const pods = Array.from({ length: TARGETS }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `scraped-${i}`, namespace: 'shop', labels: { app: `scraped-${i % 30}` }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'registry.example.com/app:1' }] },
  }));
  cp.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }));
  const withStatus = pods.map((p, i) => ({ ...p, status: { phase: 'Running', podIP: ip(prefix, i), podIPs: [{ ip: ip(prefix, i) }], hostIP: '127.0.0.1' } }));
  cp.kubectl(['replace', '--subresource=status', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: withStatus }));
}

async function startBareScraper(dir, prefix, sinkEndpoint) {
  const metricsPort = await freePort();
  const config = {
    receivers: { prometheus: { config: { scrape_configs: [{ job_name: 'bare', scrape_interval: `${INTERVAL_S}s`, sample_limit: 50000, static_configs: [{ targets: Array.from({ length: TARGETS }, (_, i) => `${ip(prefix, i)}:8080`) }] }] } } },
    processors: { batch: { send_batch_size: 1024, send_batch_max_size: 1024, timeout: '10s' } },
    exporters: { otlp: { endpoint: sinkEndpoint, tls: { insecure: true }, compression: 'gzip' } },
    service: {
      telemetry: { metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: '127.0.0.1', port: metricsPort } } } }] } },
      pipelines: { metrics: { receivers: ['prometheus'], processors: ['batch'], exporters: ['otlp'] } },
    },
  };
  const file = path.join(dir, 'bare-scraper.yaml');
  writeFileSync(file, stringify(config));
  const p = await startLogged(OTELCOL, [`--config=file:${file}`], /Everything is ready/, 'bare scraper', { env: { PATH: process.env.PATH ?? '', HOME: dir } });
  return { metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, stop: () => stop(p.child) };
}

async function agentCost({ log }) {
  buildLoadgen();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-bench-agent-'));
  const x = 1 + Math.floor(Math.random() * 254);
  const prefix = `127.${x}.`;
  const cleanup = [];
  try {
    const targets = await startLogged(LOADGEN, ['targets', '-ips-prefix', prefix, '-count', String(TARGETS), '-series', String(SERIES)], /targets ready/, 'targets');
    cleanup.push(() => stop(targets.child));
    const agentSink = await startSink(`127.${x}.5.2`, 4317);
    const bareSink = await startSink();
    cleanup.push(() => agentSink.stop(), () => bareSink.stop());
    const cp = startControlPlane();
    cleanup.push(() => cp.stop());
    await prepareControlPlane(cp, ['kyma-system', 'shop'], ['shop']);
    createScrapedPods(cp, prefix);
    const output = renderItems([{ apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name: 'scraped' }, spec: { input: { prometheus: { enabled: true } }, output: { otlp: { endpoint: { value: 'http://127.0.0.1:4317' } } } } }]);
    const file = path.join(dir, 'agent.yaml');
    writeFileSync(file, output);
    cp.kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: require('yaml').parse(output).items }));
    log(`  ${TARGETS} targets × ${SERIES} series; both collectors scrape every ${INTERVAL_S} s; measuring ${CYCLES} cycles after the first`);
    const agent = await runPod(file, 'DaemonSet/kyma-system/telemetry-metric-agent', { kubeconfig: cp.kubeconfig, podIp: `127.${x}.5.3`, node: 'node-1', hosts: { [GATEWAY_HOST]: `127.${x}.5.2` }, timeoutMs: 90_000 });
    cleanup.push(() => agent.stop(20_000));
    const bare = await startBareScraper(dir, prefix, bareSink.endpoint);
    cleanup.push(() => bare.stop());
    const agentUrl = `http://127.${x}.5.3:8888/metrics`;
    // The first cycle warms up (service discovery, first scrapes, series creation); then CYCLES full intervals.
    await sleep((INTERVAL_S + 5) * 1000);
    const read = async () => ({ agent: await scrape(agentUrl), bare: await scrape(bare.metricsUrl), agentSink: await agentSink.count(), bareSink: await bareSink.count() });
    const a = await read();
    await sleep(CYCLES * INTERVAL_S * 1000);
    const b = await read();
    const per = (side) => ({
      cpuPerCycle: ((b[side].otelcol_process_cpu_seconds_total ?? 0) - (a[side].otelcol_process_cpu_seconds_total ?? 0)) / CYCLES,
      rssMiB: (b[side].otelcol_process_memory_rss_bytes ?? 0) / 2 ** 20,
      scrapedPerCycle: ((b[side].otelcol_receiver_accepted_metric_points_total ?? 0) - (a[side].otelcol_receiver_accepted_metric_points_total ?? 0)) / CYCLES,
      deliveredPerCycle: (b[`${side}Sink`] - a[`${side}Sink`]) / CYCLES,
    });
    return { agent: per('agent'), bare: per('bare'), cycles: CYCLES };
  } finally {
    for (const c of cleanup.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  }
}

function reportAgent(r) {
  const { agent, bare } = r;
  const ratio = agent.cpuPerCycle / bare.cpuPerCycle;
  report({ id: '3', what: `agent CPU per ${INTERVAL_S} s scrape cycle, ${TARGETS} annotated pods × ~${SERIES} series (mean of ${r.cycles} cycles)`, value: `${agent.cpuPerCycle.toFixed(2)} CPU s`, baseline: `bare prometheus receiver ${bare.cpuPerCycle.toFixed(2)} CPU s`, ratio: ratio.toFixed(2), detail: `delivered per cycle: agent ${agent.deliveredPerCycle.toFixed(0)} points, bare ${bare.deliveredPerCycle.toFixed(0)}` });
  report({ id: '3', what: 'agent RSS after the cycles', value: `${agent.rssMiB.toFixed(0)} MiB`, baseline: `bare ${bare.rssMiB.toFixed(0)} MiB`, ratio: (agent.rssMiB / bare.rssMiB).toFixed(2) });
}

module.exports = { agentCost, reportAgent };
