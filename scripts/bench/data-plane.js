'use strict';
// Issue 22, data plane (1), (2) and the gateway sizing of issue 21: the real collector (.peers/bin/otelcol)
// with the rendered gateway config against a real API server holding 1,000 Pods, next to a bare collector
// with the same binary and the same counting backends, loadgen as the client. Returns the figures; prints
// every step as it goes.
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildLoadgen, startSink, startBare, sleep } = require('./collectors');
const { memoryCgroupParent, startCluster, renderGateway, startGateway } = require('./gateway');
const { capacities, usage } = require('./throughput');
const { backpressure } = require('./backpressure');

const PODS = 1000;
const PIPELINES = 5;
const SIZING_RATE = 10_000;

function bytes(q) {
  const m = /^(\d+)(Mi|Gi)?$/.exec(q);
  return Number(m[1]) * (m[2] === 'Gi' ? 2 ** 30 : m[2] === 'Mi' ? 2 ** 20 : 1);
}

async function dataPlane({ log, backpressureSeconds, sizingSeconds = 20 }) {
  buildLoadgen();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-bench-dp-'));
  const x = 1 + Math.floor(Math.random() * 254);
  const podsPrefix = `127.${x}.`;
  const gatewayIp = `127.${x}.5.2`;
  const cgroupParent = memoryCgroupParent();
  const out = { cgroup: cgroupParent !== undefined };
  const cleanup = [];
  try {
    const sinks = [];
    for (let i = 0; i < PIPELINES; i++) sinks.push(await startSink());
    const bareSink = await startSink();
    cleanup.push(() => Promise.all([...sinks, bareSink].map((s) => s.stop())));

    log('  bare collector (otlp -> batch -> otlp)');
    const bare = await startBare(dir, bareSink.endpoint);
    cleanup.push(() => bare.stop());
    out.bareSizing = { idle: await usage(bare, [bareSink], podsPrefix, 0, 10), load: await usage(bare, [bareSink], podsPrefix, SIZING_RATE, sizingSeconds) };

    log(`  API server with ${PODS} Pods`);
    const cluster = await startCluster(podsPrefix, PODS);
    cleanup.push(() => cluster.cp.stop());
    out.podsSeconds = cluster.podsSeconds;

    for (const n of [1, PIPELINES]) {
      log(`  rendered gateway, ${n} pipeline(s)${cgroupParent ? '' : ' (no writable memory cgroup: limit not enforced)'}, searched side by side with the bare collector`);
      const r = renderGateway(cluster.cp, dir, `gateway-${n}`, sinks.slice(0, n));
      const gw = await startGateway(cluster.cp, r.file, gatewayIp, cgroupParent);
      try {
        const res = { resources: r.resources };
        // Sizing first, on a fresh gateway: after the capacity search its heap would still be at the peak's size.
        res.idle = await usage(gw, sinks.slice(0, n), podsPrefix, 0, 15);
        res.load = await usage(gw, sinks.slice(0, n), podsPrefix, SIZING_RATE, sizingSeconds);
        res.enrichment = await sinks[0].enrichment();
        log(`    idle ${res.idle.cores.toFixed(3)} cores ${res.idle.rssMiB.toFixed(0)} MiB; at ${SIZING_RATE}/s ${res.load.cores.toFixed(3)} cores, peak ${res.load.peakRssMiB.toFixed(0)} MiB${res.load.clean ? '' : ` (${res.load.why})`}`);
        const caps = await capacities([{ name: 'bare', target: bare, sinks: [bareSink] }, { name: `gateway-${n}`, target: gw, sinks: sinks.slice(0, n) }], podsPrefix, log);
        res.capacity = caps[`gateway-${n}`];
        res.bare = caps.bare;
        if (n === PIPELINES && backpressureSeconds > 0) {
          await sleep(5000);
          res.backpressure = await backpressure({ gateway: gw, sinks, podsPrefix, rate: res.capacity.rate / 2, seconds: backpressureSeconds, limitBytes: bytes(r.resources.limits.memory), dir, log });
        }
        out[`gateway${n}`] = res;
      } finally {
        await gw.stop();
      }
    }
    return out;
  } finally {
    for (const c of cleanup.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { dataPlane, PODS, PIPELINES, SIZING_RATE };

if (require.main === module) {
  dataPlane({ log: (s) => console.log(s), backpressureSeconds: Number(process.env.BENCH_BACKPRESSURE_S ?? 120) })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
