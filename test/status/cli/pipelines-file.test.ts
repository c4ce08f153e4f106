import assert from 'node:assert/strict';
import { parsePipelinesFile, PipelinesFileError } from '../../../src/status/cli/pipelines-file';

const MP = (name: string, input: string) =>
  `apiVersion: telemetry.kyma-project.io/v1beta1\nkind: MetricPipeline\nmetadata:\n  name: ${name}\nspec:\n  input:\n    ${input}:\n      enabled: true\n`;

describe('status/cli/pipelines-file', () => {
  it('reads a YAML or JSON list of names: the agent feeds all of them', () => {
    assert.deepEqual(parsePipelinesFile('- b\n- a\n', 'p.yaml'), { pipelines: ['a', 'b'], agentPipelines: undefined });
    assert.deepEqual(parsePipelinesFile('["x", "my.pipe"]', 'p.json'), { pipelines: ['my.pipe', 'x'], agentPipelines: undefined });
    assert.deepEqual(parsePipelinesFile('', 'p.yaml'), { pipelines: [], agentPipelines: undefined });
  });

  it('reads MetricPipeline streams and lists: agent pipelines are those with pull inputs', () => {
    const stream = [MP('prom', 'prometheus'), MP('istio', 'istio'), MP('rt', 'runtime'), MP('push', 'otlp')].join('---\n');
    assert.deepEqual(parsePipelinesFile(stream, 'p.yaml'), {
      pipelines: ['istio', 'prom', 'push', 'rt'],
      agentPipelines: ['istio', 'prom', 'rt'],
    });
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'telemetry.kyma-project.io/v1alpha1', kind: 'MetricPipeline', metadata: { name: 'a' }, spec: { input: { runtime: { enabled: false } } } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ignored' } },
      ],
    });
    assert.deepEqual(parsePipelinesFile(list, 'p.json'), { pipelines: ['a'], agentPipelines: [] });
  });

  it('gives one-line errors for files that are no pipeline list', () => {
    const cases: [string, RegExp][] = [
      ['a: [unclosed', /^p\.yaml:1: not YAML or JSON: /],
      ['otelcol_exporter_sent_metric_points{exporter="x"} 1', /is not a MetricPipeline name/],
      ['- 42', /expected a pipeline name or a MetricPipeline, got number/],
      ['apiVersion: telemetry.kyma-project.io/v1beta1\nkind: MetricPipeline\nmetadata: {}\n', /without metadata.name/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parsePipelinesFile(text, 'p.yaml'),
        (e: unknown) => e instanceof PipelinesFileError && message.test(e.message) && !e.message.includes('\n'),
        text,
      );
    }
  });
});
