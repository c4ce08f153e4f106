'use strict';
// Issue 22 (2): one backend down for a while at half the measured capacity. Watches the gateway's memory
// (its own RSS and its cgroup's usage against the rendered limit), memory_limiter's refusals (the receiver's
// refused counter), what each pipeline delivered, and what the status job (metricpipeline-status evaluate)
// makes of the gateway's /metrics before and after the outage.
const { spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { generate, scrape, parseProm, sleep, root } = require('./collectors');

const STATUS = path.join(root, 'function', 'metricpipeline-status');

function readNumber(file) {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return 0;
  }
}

async function backpressure({ gateway, sinks, podsPrefix, rate, seconds, limitBytes, dir, log }) {
  const snapshot = async (name) => {
    const text = await (await fetch(gateway.metricsUrl)).text();
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return { file, sums: parseProm(text) };
  };
  await sinks[0].down();
  log(`    backend of pipeline-0 down; ${rate.toFixed(0)} points/s for ${seconds} s`);
  const before = await snapshot('before.prom');
  const sinkBefore = await Promise.all(sinks.map((s) => s.count()));
  let peakRss = 0;
  let peakCgroup = 0;
  const sampler = setInterval(async () => {
    const s = await scrape(gateway.metricsUrl).catch(() => ({}));
    peakRss = Math.max(peakRss, s.otelcol_process_memory_rss_bytes ?? 0);
    if (gateway.cgroup) peakCgroup = Math.max(peakCgroup, readNumber(path.join(gateway.cgroup, 'memory.usage_in_bytes')));
  }, 2000);
  const t0 = Date.now();
  const g = await generate(gateway.endpoint, rate, seconds, podsPrefix);
  await sleep(3000);
  clearInterval(sampler);
  const window = Math.round((Date.now() - t0) / 1000);
  const after = await snapshot('after.prom');
  const received = (await Promise.all(sinks.map((s) => s.count()))).map((c, i) => c - sinkBefore[i]);
  const maxUsage = gateway.cgroup ? readNumber(path.join(gateway.cgroup, 'memory.max_usage_in_bytes')) : 0;
  const failcnt = gateway.cgroup ? readNumber(path.join(gateway.cgroup, 'memory.failcnt')) : 0;
  const d = (k) => (after.sums[k] ?? 0) - (before.sums[k] ?? 0);
  const status = spawnSync(STATUS, ['evaluate', '--gateway', before.file, after.file, '--window', String(window)], { encoding: 'utf8' });
  const verdicts = status.status === 0 ? JSON.parse(status.stdout) : { error: status.stderr };
  await sinks[0].up();
  const gatewayAlive = gateway.pod.child.exitCode === null;
  return {
    sent: g.sent,
    clientRefused: g.refused,
    achieved: g.sent / g.seconds,
    window,
    received,
    receiverRefused: d('otelcol_receiver_refused_metric_points_total'),
    enqueueFailed: d('otelcol_exporter_enqueue_failed_metric_points_total'),
    sendFailed: d('otelcol_exporter_send_failed_metric_points_total'),
    peakRssMiB: peakRss / 2 ** 20,
    peakCgroupMiB: Math.max(peakCgroup, maxUsage) / 2 ** 20,
    limitMiB: limitBytes / 2 ** 20,
    failcnt,
    gatewayAlive,
    verdicts,
  };
}

module.exports = { backpressure };
