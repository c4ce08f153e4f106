'use strict';
// How fast a collector accepts data without refusing or losing any: open-loop steps at fixed rates against
// the collector's own :8888 counters and the counting backends (scripts/bench/collectors.js).
const { generate, scrape, losses, sleep } = require('./collectors');

const STEP_S = Number(process.env.BENCH_STEP_S ?? 8);
/** A batch (send_batch_max_size 1024) may still be waiting for its timeout per pipeline, plus one in flight. */
const LAG_SLACK = 2 * 1024;

/**
 * One step: `rate` points/s for `seconds`, then 3 s to drain. Clean when the generator got no error and kept
 * 97 % of the rate, the collector counted no refusal, failure or drop, and every backend received what was
 * sent (less LAG_SLACK).
 */
async function step(target, sinks, podsPrefix, rate, seconds = STEP_S) {
  const before = await scrape(target.metricsUrl);
  const sinkBefore = await Promise.all(sinks.map((s) => s.count()));
  const g = await generate(target.endpoint, rate, seconds, podsPrefix);
  await sleep(3000);
  const after = await scrape(target.metricsUrl);
  const received = (await Promise.all(sinks.map((s) => s.count()))).map((c, i) => c - sinkBefore[i]);
  const lost = losses(before, after);
  const achieved = g.sent / g.seconds;
  const short = received.filter((r) => r < g.sent - LAG_SLACK);
  const why = [];
  if (g.refused > 0) why.push(`client saw ${g.refused} refused (${g.firstError})`);
  if (achieved < 0.97 * rate) why.push(`sent ${achieved.toFixed(0)}/s of ${rate.toFixed(0)}/s`);
  if (Object.keys(lost).length > 0) why.push(`lost ${JSON.stringify(lost)}`);
  if (short.length > 0) why.push(`backends short: ${received.map((r) => g.sent - r).join(', ')} points`);
  return { rate, achieved, sent: g.sent, clean: why.length === 0, why: why.join('; '), received };
}

/**
 * The highest clean rate of each run ({name, target, sinks}), within ~5 %, searched for all runs at once in
 * alternating steps so that load on the machine hits them alike: a closed-loop probe gives the rate the
 * receiver takes at all; steps of -20 % from 90 % of it find a clean rate; two halvings of the gap to the last
 * unclean rate refine it. `log` gets every step.
 */
async function capacities(runs, podsPrefix, log) {
  const states = [];
  for (const run of runs) {
    const probe = await generate(run.target.endpoint, 5_000_000, 5, podsPrefix);
    const ceiling = probe.sent / probe.seconds;
    log(`    ${run.name}: probe: the receiver took ${ceiling.toFixed(0)} points/s closed-loop`);
    states.push({ run, ceiling, high: ceiling, rate: ceiling * 0.9, best: undefined, refined: 0, done: false });
    await sleep(12_000); // let the probe's backlog drain (or be dropped) before measuring
  }
  while (states.some((st) => !st.done)) {
    for (const st of states.filter((x) => !x.done)) {
      const s = await step(st.run.target, st.run.sinks, podsPrefix, st.rate);
      log(`    ${st.run.name}: ${st.rate.toFixed(0)} points/s: ${s.clean ? 'clean' : s.why}`);
      if (!s.clean) await sleep(5000);
      if (!st.best) {
        if (s.clean) st.best = s;
        else {
          st.high = st.rate;
          st.rate *= 0.8;
          st.done = st.rate < st.ceiling * 0.05;
          continue;
        }
      } else {
        st.refined++;
        if (s.clean) st.best = s;
        else st.high = st.rate;
        st.done = st.refined >= 2;
      }
      st.rate = (st.best.rate + st.high) / 2;
    }
  }
  return Object.fromEntries(states.map((st) => [st.run.name, { rate: st.best?.achieved ?? 0, ceiling: st.ceiling }]));
}

/** CPU (cores) and RSS of a collector over `seconds` at `rate` (0: idle), from its own process metrics. */
async function usage(target, sinks, podsPrefix, rate, seconds) {
  const before = await scrape(target.metricsUrl);
  const t0 = Date.now();
  let peakRss = before.otelcol_process_memory_rss_bytes ?? 0;
  let clean = true;
  let why = '';
  if (rate > 0) {
    const sampler = setInterval(async () => {
      const s = await scrape(target.metricsUrl).catch(() => ({}));
      peakRss = Math.max(peakRss, s.otelcol_process_memory_rss_bytes ?? 0);
    }, 1000);
    const s = await step(target, sinks, podsPrefix, rate, seconds);
    clearInterval(sampler);
    clean = s.clean;
    why = s.why;
  } else await sleep(seconds * 1000);
  const after = await scrape(target.metricsUrl);
  const secs = (Date.now() - t0) / 1000;
  peakRss = Math.max(peakRss, after.otelcol_process_memory_rss_bytes ?? 0);
  return {
    cores: ((after.otelcol_process_cpu_seconds_total ?? 0) - (before.otelcol_process_cpu_seconds_total ?? 0)) / secs,
    rssMiB: (after.otelcol_process_memory_rss_bytes ?? 0) / 2 ** 20,
    peakRssMiB: peakRss / 2 ** 20,
    heapMiB: (after.otelcol_process_runtime_heap_alloc_bytes ?? 0) / 2 ** 20,
    clean,
    why,
  };
}

module.exports = { step, capacities, usage, STEP_S };
