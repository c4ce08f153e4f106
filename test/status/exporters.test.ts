import assert from 'node:assert/strict';
import { exporterOwner, resolvePipeline, type ExporterPipeline } from '../../src/status/exporters';

function pipelineOf(id: string, known?: string[]): string | undefined {
  const owner = exporterOwner(id);
  if (owner.kind !== 'pipeline') return undefined;
  return resolvePipeline(owner, known === undefined ? undefined : new Set(known));
}

describe('status/exporters', () => {
  it('maps current and old exporter ids to the pipeline name', () => {
    const cases: [string, string][] = [
      ['otlp_grpc/metricpipeline-backend', 'backend'],
      ['otlp_http/metricpipeline-backend', 'backend'],
      ['otlp/backend', 'backend'],
      ['otlphttp/backend', 'backend'],
      ['otlp_grpc/backend', 'backend'],
      ['otlp/metricpipeline-backend', 'backend'],
      ['otlp_grpc/metricpipeline-my.pipeline.v2', 'my.pipeline.v2'],
      ['otlp_grpc/metricpipeline-metricpipeline-x', 'metricpipeline-x'],
      ['otlp_grpc/nested/metricpipeline-deep', 'deep'],
    ];
    for (const [id, pipeline] of cases) assert.equal(pipelineOf(id), pipeline, id);
  });

  it('recognizes ids that serve no metric pipeline', () => {
    assert.deepEqual(exporterOwner('debug'), { kind: 'none' });
    assert.deepEqual(exporterOwner('otlp'), { kind: 'none' });
    assert.deepEqual(exporterOwner('/x'), { kind: 'none' });
    assert.deepEqual(exporterOwner('otlp_grpc/'), { kind: 'none' });
    assert.deepEqual(exporterOwner('otlp_grpc/with space'), { kind: 'none' });
    assert.deepEqual(exporterOwner('otlp_grpc/tracepipeline-jaeger'), { kind: 'other-signal' });
    assert.deepEqual(exporterOwner('otlp/logpipeline-loki'), { kind: 'other-signal' });
  });

  it('marks explicitly prefixed ids, which agent-side attribution relies on', () => {
    assert.equal((exporterOwner('otlp_grpc/metricpipeline-x') as ExporterPipeline).prefixed, true);
    assert.equal((exporterOwner('otlp_grpc/gateway') as ExporterPipeline).prefixed, false);
  });

  it('resolves the metricpipeline- ambiguity against known pipeline names', () => {
    // Old-style id of a pipeline named "metricpipeline-foo" vs new-style id of pipeline "foo".
    assert.equal(pipelineOf('otlp/metricpipeline-foo', ['metricpipeline-foo']), 'metricpipeline-foo');
    assert.equal(pipelineOf('otlp/metricpipeline-foo', ['foo', 'metricpipeline-foo']), 'foo');
    assert.equal(pipelineOf('otlp/metricpipeline-foo', ['bar']), undefined);
    assert.equal(pipelineOf('otlp/bar', ['bar']), 'bar');
  });
});
