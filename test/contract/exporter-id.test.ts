import assert from 'node:assert/strict';
import { TYPES } from '../../src/collector/distribution';
import { AGENT } from '../../src/constants';
import { exporterOwner, OTLP_EXPORTER_TYPES, pipelineExporterId, resolvePipeline, type ExporterPipeline } from '../../src/contract/exporter-id';

function pipelineOf(id: string, known?: string[]): string | undefined {
  const owner = exporterOwner(id);
  if (owner.kind !== 'pipeline') return undefined;
  return resolvePipeline(owner, known === undefined ? undefined : new Set(known));
}

describe('contract/exporter-id', () => {
  it('parses what it formats, for every OTLP exporter type and pipeline names with dots and the prefix', () => {
    for (const type of OTLP_EXPORTER_TYPES) {
      for (const name of ['backend', 'my.pipeline.v2', 'a', 'metricpipeline-x', 'x-1']) {
        const id = pipelineExporterId(type, name);
        assert.equal(id, `${type}/metricpipeline-${name}`);
        const owner = exporterOwner(id) as ExporterPipeline;
        assert.equal(owner.kind, 'pipeline', id);
        assert.equal(owner.prefixed, true, id);
        assert.equal(resolvePipeline(owner, new Set([name])), name, id);
        assert.equal(resolvePipeline(owner, undefined), name, id);
      }
    }
  });

  it('knows the exporter types the function emits at the pinned collector', () => {
    assert.ok((OTLP_EXPORTER_TYPES as readonly string[]).includes(TYPES.otlpGrpcExporter));
    assert.ok((OTLP_EXPORTER_TYPES as readonly string[]).includes(TYPES.otlpHttpExporter));
  });

  it("reads the agent's exporter to the gateway as shared by every agent pipeline (not prefixed)", () => {
    assert.deepEqual(exporterOwner(AGENT.exporterId), { kind: 'pipeline', pipeline: 'gateway', prefixed: false });
  });

  it('maps current and old exporter ids to the pipeline name', () => {
    const cases: [string, string][] = [
      ['otlp/metricpipeline-backend', 'backend'],
      ['otlphttp/metricpipeline-backend', 'backend'],
      ['otlp_grpc/metricpipeline-backend', 'backend'],
      ['otlp_http/metricpipeline-backend', 'backend'],
      ['otlp/backend', 'backend'],
      ['otlphttp/backend', 'backend'],
      ['otlp_grpc/backend', 'backend'],
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
