import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { parseSnapshot } from '../../../src/status/metrics/samples';
import { decodeState, encodeState, MAX_SNAPSHOT_BYTES, SNAPSHOT_KEY, STATE_KEY, type JobState } from '../../../src/status/job/state';
import { fleetSnapshot } from '../support/generate';

const AT = new Date('2026-11-24T10:00:00.000Z');

describe('status/job/state', () => {
  it('round-trips problems and the counters of a scrape, including NaN and infinities', () => {
    const gateway = parseSnapshot(
      '# POD gw-1\notelcol_exporter_sent_metric_points{exporter="otlp_grpc/metricpipeline-a"} 100\notelcol_exporter_send_failed_metric_points{exporter="otlp_grpc/metricpipeline-a"} NaN\notelcol_receiver_refused_metric_points{receiver="otlp"} +Inf\notelcol_process_uptime 12.5\n# POD gw-2\nother_metric 1\n',
    );
    const state: JobState = {
      evaluatedAt: AT,
      flowProblems: { a: ['GatewayThrottling'], b: [] },
      workloadProblems: { gateway: 'crashLoop' },
      scrape: { takenAt: AT, gateway },
    };
    const encoded = encodeState(state);
    assert.equal(encoded.note, undefined);
    const { state: back, problem } = decodeState(encoded.data, encoded.binaryData);
    assert.equal(problem, undefined);
    assert.deepEqual(back?.flowProblems, state.flowProblems);
    assert.deepEqual(back?.workloadProblems, { gateway: 'crashLoop' });
    assert.equal(back?.evaluatedAt.toISOString(), AT.toISOString());
    const pod = back?.scrape?.gateway?.get('gw-1');
    assert.equal(pod?.uptimeSeconds, 12.5);
    const values = [...(pod?.counters.values() ?? [])].map((c) => [c.kind, c.component, c.value]);
    assert.deepEqual(values, [
      ['sent', 'otlp_grpc/metricpipeline-a', 100],
      ['sendFailed', 'otlp_grpc/metricpipeline-a', Number.NaN],
      ['refused', 'otlp', Number.POSITIVE_INFINITY],
    ]);
    assert.equal(back?.scrape?.gateway?.get('gw-2')?.sampleCount, 1);
    assert.equal(back?.scrape?.agent, undefined);
    // The summary stays readable with kubectl.
    assert.match(encoded.data[STATE_KEY] as string, /"GatewayThrottling"/);
  });

  it('keeps a 300-pod fleet small enough for a ConfigMap thanks to gzip', () => {
    const fleet = parseSnapshot(fleetSnapshot({ pods: 300, pipelines: ['alpha', 'beta', 'gamma', 'delta', 'epsilon'], tick: 3 }));
    const encoded = encodeState({ evaluatedAt: AT, flowProblems: {}, workloadProblems: {}, scrape: { takenAt: AT, agent: fleet } });
    assert.equal(encoded.note, undefined);
    assert.ok((encoded.binaryData[SNAPSHOT_KEY] as string).length < MAX_SNAPSHOT_BYTES);
    assert.equal(decodeState(encoded.data, encoded.binaryData).state?.scrape?.agent?.size, 300);
  });

  it('leaves out a scrape too large for a ConfigMap, with a note', () => {
    const pods = new Map();
    for (let i = 0; i < 3000; i++) {
      const counters = new Map();
      for (let j = 0; j < 40; j++) counters.set(`series-${i}-${j}-${Math.random().toString(36)}${Math.random().toString(36)}`, { kind: 'sent', component: `otlp_grpc/${Math.random().toString(36)}`, value: Math.random() });
      pods.set(`pod-${i}`, { counters, queues: new Map(), uptimeSeconds: 1, sampleCount: 1 });
    }
    const encoded = encodeState({ evaluatedAt: AT, flowProblems: {}, workloadProblems: {}, scrape: { takenAt: AT, gateway: pods } });
    assert.match(encoded.note ?? '', /exceeds/);
    assert.deepEqual(encoded.binaryData, {});
    assert.equal(decodeState(encoded.data, encoded.binaryData).state?.scrape, undefined);
  });

  it('drops what it cannot read instead of failing', () => {
    assert.match(decodeState({}, {}).problem ?? '', /missing/);
    assert.match(decodeState({ [STATE_KEY]: '{' }, {}).problem ?? '', /not JSON/);
    assert.match(decodeState({ [STATE_KEY]: '{"version": 99}' }, {}).problem ?? '', /format version/);
    assert.match(decodeState({ [STATE_KEY]: '{"version": 1}' }, {}).problem ?? '', /incomplete/);
    const ok = encodeState({ evaluatedAt: AT, flowProblems: {}, workloadProblems: { gateway: 'imagePull' }, scrape: { takenAt: AT, gateway: new Map() } });
    const broken = decodeState(ok.data, { [SNAPSHOT_KEY]: 'not gzip' });
    assert.ok(broken.state !== undefined && broken.state.scrape === undefined);
    assert.match(broken.problem ?? '', /unreadable/);
    const malformed = decodeState(ok.data, { [SNAPSHOT_KEY]: gzipSync(JSON.stringify({ gateway: { p: { n: 1, c: [['k', 'bogus', 'x', 1]] } } })).toString('base64') });
    assert.match(malformed.problem ?? '', /unreadable/);
    const unknownProblem = JSON.parse(ok.data[STATE_KEY] as string) as Record<string, unknown>;
    unknownProblem['workloadProblems'] = { gateway: 'nonsense' };
    assert.deepEqual(decodeState({ [STATE_KEY]: JSON.stringify(unknownProblem) }, {}).state?.workloadProblems, {});
  });
});
