import assert from 'node:assert/strict';
import { parseSnapshot, UNNAMED_POD, type PodMetrics } from '../../../src/status/metrics/samples';
import { PrometheusParseError } from '../../../src/status/metrics/prometheus-text';
import { realSample } from '../support/fixtures';

function counters(pod: PodMetrics | undefined): [string, string, number][] {
  assert.ok(pod, 'pod exists');
  return [...pod.counters.values()].map((c) => [c.kind, c.component, c.value]);
}

function queues(pod: PodMetrics | undefined): [string, number | undefined, number | undefined][] {
  assert.ok(pod, 'pod exists');
  return [...pod.queues.values()].map((q) => [q.exporter, q.size, q.capacity]);
}

describe('status/metrics/samples', () => {
  it('treats a file without # POD lines as one pod', () => {
    const snap = parseSnapshot('otelcol_exporter_sent_metric_points{exporter="otlp_grpc/a"} 5\nother 1\n');
    assert.deepEqual([...snap.keys()], [UNNAMED_POD]);
    assert.deepEqual(counters(snap.get(UNNAMED_POD)), [['sent', 'otlp_grpc/a', 5]]);
    assert.equal(snap.get(UNNAMED_POD)?.sampleCount, 2);
  });

  it('splits a multi-pod file at # POD lines, HELP/TYPE before the first marker allowed', () => {
    const snap = parseSnapshot(
      [
        '# HELP otelcol_exporter_sent_metric_points x',
        '# POD gw-0',
        'otelcol_exporter_sent_metric_points{exporter="otlp_grpc/a"} 1',
        '# POD   gw-1  ',
        'otelcol_exporter_sent_metric_points{exporter="otlp_grpc/a"} 2',
        '# POD gw-2',
        '# PODS are not markers',
      ].join('\n'),
    );
    assert.deepEqual([...snap.keys()], ['gw-0', 'gw-1', 'gw-2']);
    assert.deepEqual(counters(snap.get('gw-1')), [['sent', 'otlp_grpc/a', 2]]);
    assert.equal(snap.get('gw-2')?.sampleCount, 0);
  });

  it('rejects samples before the first marker, a pod named twice and an unnamed marker', () => {
    const cases: [string, number, RegExp][] = [
      ['a 1\n# POD gw-0\nb 1', 2, /before the first '# POD <name>'/],
      ['# POD gw-0\na 1\n# POD gw-0\na 2', 3, /appears twice/],
      ['# POD \na 1', 1, /needs a pod name/],
    ];
    for (const [text, line, reason] of cases) {
      assert.throws(
        () => parseSnapshot(text, 'f.prom'),
        (e: unknown) => e instanceof PrometheusParseError && e.line === line && reason.test(e.message),
        text,
      );
    }
  });

  it('accepts both `name` and `name_total`, and the uptime with unit suffixes', () => {
    const snap = parseSnapshot(
      [
        'otelcol_exporter_sent_metric_points_total{exporter="e"} 1',
        'otelcol_exporter_send_failed_metric_points_total{exporter="e"} 2',
        'otelcol_exporter_enqueue_failed_metric_points_total{exporter="e"} 3',
        'otelcol_receiver_refused_metric_points_total{receiver="otlp",transport="grpc"} 4',
        'otelcol_exporter_sent_metric_points_created{exporter="e"} 1.7e9',
        'otelcol_process_uptime_seconds_total 99',
      ].join('\n'),
    );
    const pod = snap.get(UNNAMED_POD);
    assert.deepEqual(counters(pod), [
      ['sent', 'e', 1],
      ['sendFailed', 'e', 2],
      ['enqueueFailed', 'e', 3],
      ['refused', 'otlp', 4],
    ]);
    assert.equal(pod?.uptimeSeconds, 99);
  });

  it('keeps series that differ only in other labels apart (error_type at level detailed)', () => {
    const snap = parseSnapshot(
      [
        'otelcol_exporter_send_failed_metric_points{error_type="Unavailable",exporter="e"} 5',
        'otelcol_exporter_send_failed_metric_points{error_type="DeadlineExceeded",exporter="e"} 7',
      ].join('\n'),
    );
    assert.equal(snap.get(UNNAMED_POD)?.counters.size, 2);
  });

  it('reads sample D (synthesized v0.159, default reader)', () => {
    const pod = parseSnapshot(realSample('d-v0.159-default-reader-synthesized.prom')).get(UNNAMED_POD);
    assert.deepEqual(counters(pod), [
      ['refused', 'otlp', 1200],
      ['refused', 'otlp', 0],
      ['sent', 'otlp_grpc/backend-a', 1.79e6],
      ['sent', 'otlp_http/backend-b', 1.87e6],
      ['sendFailed', 'otlp_grpc/backend-a', 8700],
      ['enqueueFailed', 'otlp_grpc/backend-a', 2400],
      ['enqueueFailed', 'otlp_http/backend-b', 0],
    ]);
    assert.deepEqual(queues(pod), [
      ['otlp_grpc/backend-a', 812, 1000],
      ['otlp_http/backend-b', 3, 1000],
    ]);
    assert.equal(pod?.uptimeSeconds, 3712.55);
  });

  it('reads sample E (synthesized, Kyma reader: _total, units, scope labels)', () => {
    const pod = parseSnapshot(realSample('e-v0.159-kyma-reader-synthesized.prom')).get(UNNAMED_POD);
    assert.deepEqual(counters(pod), [
      ['sent', 'otlp_grpc/metricpipeline-a', 1.79e6],
      ['enqueueFailed', 'otlp_grpc/metricpipeline-a', 2400],
      ['refused', 'otlp', 1200],
    ]);
    assert.equal(pod?.uptimeSeconds, 3712.55);
  });

  it('reads the real captures A (v0.124.1), B (v0.90.0-dev) and C (v0.57.0)', () => {
    const a = parseSnapshot(realSample('a-v0.124.1-real.prom')).get(UNNAMED_POD);
    assert.deepEqual(counters(a), [
      ['sendFailed', 'debug', 0],
      ['sent', 'debug', 132],
    ]);
    assert.equal(a?.sampleCount, 3);
    const b = parseSnapshot(realSample('b-v0.90.0-dev-real.prom')).get(UNNAMED_POD);
    assert.deepEqual(queues(b), [['otlp', 0, 1000]]);
    assert.equal(b?.uptimeSeconds, 3.938331);
    const c = parseSnapshot(realSample('c-v0.57.0-real.prom')).get(UNNAMED_POD);
    // Log-record series are not metric points; only the metric-point counter of the exporter is read.
    assert.deepEqual(counters(c), [['enqueueFailed', 'splunk_hec/logs', 0]]);
    assert.deepEqual(queues(c), [['splunk_hec/logs', 0, 5000]]);
  });
});
