import assert from 'node:assert/strict';
import { collectorActivity } from '../../../src/status/flow/activity';
import { parseSnapshot } from '../../../src/status/metrics/samples';

const SENT = 'otelcol_exporter_sent_metric_points';
const FAILED = 'otelcol_exporter_send_failed_metric_points';

function activity(before: string, after: string) {
  return collectorActivity(parseSnapshot(before), parseSnapshot(after));
}

describe('status/flow/activity', () => {
  it('sums increases over pods per exporter', () => {
    const a = activity(
      `# POD p0\n${SENT}{exporter="e"} 10\n# POD p1\n${SENT}{exporter="e"} 100\n`,
      `# POD p0\n${SENT}{exporter="e"} 15\n# POD p1\n${SENT}{exporter="e"} 130\n`,
    );
    assert.equal(a.exporters.get('e')?.sent, 35);
    assert.deepEqual(a.restartedPods, []);
    assert.equal(a.pods, 2);
  });

  it('counts the new value of a counter that went down (restart)', () => {
    const a = activity(`${FAILED}{exporter="e"} 900\n`, `${FAILED}{exporter="e"} 4\n`);
    assert.equal(a.exporters.get('e')?.sendFailed, 4);
  });

  it('detects a restart from a smaller uptime even when counters grew', () => {
    const a = activity(
      `${FAILED}{exporter="e"} 10\notelcol_process_uptime 5000\n`,
      `${FAILED}{exporter="e"} 12\notelcol_process_uptime 20\n`,
    );
    assert.equal(a.exporters.get('e')?.sendFailed, 12);
    assert.deepEqual(a.restartedPods, ['']);
  });

  it('counts a pod only in AFTER with its whole values, ignores a pod only in BEFORE', () => {
    const a = activity(
      `# POD old\n${FAILED}{exporter="e"} 1000\n# POD stay\n${SENT}{exporter="e"} 5\n`,
      `# POD stay\n${SENT}{exporter="e"} 5\n# POD new\n${FAILED}{exporter="e"} 3\n`,
    );
    assert.equal(a.exporters.get('e')?.sendFailed, 3);
    assert.equal(a.exporters.get('e')?.sent, 0);
    assert.deepEqual(a.restartedPods, ['new']);
    assert.deepEqual(a.vanishedPods, ['old']);
  });

  it('skips a pod only in AFTER whose uptime predates the window (its BEFORE scrape is missing)', () => {
    const before = parseSnapshot(`# POD a\n${SENT}{exporter="e"} 1\n`);
    const after = parseSnapshot(
      `# POD a\n${SENT}{exporter="e"} 2\n` +
        `# POD old\n${FAILED}{exporter="e"} 500\notelcol_process_uptime 3600\n` +
        `# POD young\n${FAILED}{exporter="e"} 5\notelcol_process_uptime 80\n` +
        `# POD unknown-age\n${FAILED}{exporter="e"} 7\n`,
    );
    const a = collectorActivity(before, after, 60);
    assert.equal(a.exporters.get('e')?.sendFailed, 12, 'young (80 s <= 60 s + grace) and unknown-age pods count');
    assert.deepEqual(a.skippedPods, ['old']);
    assert.deepEqual(a.restartedPods, ['unknown-age', 'young']);
    assert.equal(collectorActivity(before, after).exporters.get('e')?.sendFailed, 512, 'without a window every new pod counts');
  });

  it('counts a series new in AFTER (e.g. a new error_type) from zero', () => {
    const a = activity(
      `${FAILED}{error_type="Unavailable",exporter="e"} 50\n`,
      `${FAILED}{error_type="Unavailable",exporter="e"} 50\n${FAILED}{error_type="DeadlineExceeded",exporter="e"} 6\n`,
    );
    assert.equal(a.exporters.get('e')?.sendFailed, 6);
  });

  it('ignores NaN and negative values instead of poisoning sums', () => {
    const a = activity(`${SENT}{exporter="e"} NaN\n${FAILED}{exporter="e"} 1\n`, `${SENT}{exporter="e"} 7\n${FAILED}{exporter="e"} NaN\n`);
    assert.equal(a.exporters.get('e')?.sent, 7);
    assert.equal(a.exporters.get('e')?.sendFailed, 0);
  });

  it('sums refused points over receivers and pods', () => {
    const r = 'otelcol_receiver_refused_metric_points';
    const a = activity(
      `# POD p0\n${r}{receiver="otlp",transport="grpc"} 1\n${r}{receiver="otlp",transport="http"} 1\n# POD p1\n${r}{receiver="otlp",transport="grpc"} 0\n`,
      `# POD p0\n${r}{receiver="otlp",transport="grpc"} 3\n${r}{receiver="otlp",transport="http"} 1\n# POD p1\n${r}{receiver="otlp",transport="grpc"} 4\n`,
    );
    assert.equal(a.refused, 6);
  });

  it('takes queue utilization from AFTER, max over pods, matching capacity without data_type', () => {
    const q = 'otelcol_exporter_queue_size';
    const c = 'otelcol_exporter_queue_capacity';
    const a = activity(
      `# POD p0\n${q}{data_type="metrics",exporter="e"} 99\n${c}{data_type="metrics",exporter="e"} 100\n`,
      `# POD p0\n${q}{data_type="metrics",exporter="e"} 10\n${c}{data_type="metrics",exporter="e"} 100\n` +
        `# POD p1\n${q}{data_type="metrics",exporter="e"} 60\n${c}{exporter="e"} 100\n` +
        `# POD p2\n${q}{data_type="metrics",exporter="z"} 5\n${c}{data_type="metrics",exporter="z"} 0\n`,
    );
    assert.equal(a.exporters.get('e')?.queueUtilization, 0.6);
    assert.equal(a.exporters.get('z')?.queueUtilization, undefined, 'zero capacity is no information');
  });

  it('lists only exporters of the later scrape and counts its samples', () => {
    const a = activity(`${SENT}{exporter="gone"} 1\n`, `${SENT}{exporter="here"} 1\nunrelated 1\n`);
    assert.deepEqual([...a.exporters.keys()], ['here']);
    assert.equal(a.samples, 2);
  });
});
