import { strict as assert } from 'node:assert';
import { validateOttl } from '../../src/validate/ottl';
import { pipelineWith } from './pipeline';

const fields = (findings: ReturnType<typeof validateOttl>): Array<[string | undefined, string]> =>
  findings.map((f) => [f.field, f.message]);

describe('validateOttl', () => {
  it('accepts the Kyma documentation examples', () => {
    const p = pipelineWith(
      [
        { conditions: [], statements: ['set(resource.attributes["deployment.environment.name"], "production")'] },
        {
          conditions: ['IsMatch(metric.name, "^k8s.node.*")'],
          statements: [
            'delete_matching_keys(resource.attributes, "kyma.*")',
            'set(resource.attributes["k8s.cluster.name"], "x") where resource.attributes["k8s.cluster.name"] == nil or resource.attributes["k8s.cluster.name"] == ""',
          ],
        },
      ],
      [
        { conditions: ['metric.type == METRIC_DATA_TYPE_SUMMARY', 'not(IsMatch(datapoint.attributes["interface"], "^(eth|en).*"))'] },
        { conditions: ['metric.name == "k8s.pod.phase" and datapoint.value_int == 4'] },
      ],
    );
    assert.deepEqual(validateOttl(p), []);
  });

  it('reports a statement with its field path, the pipeline ref, reason and column', () => {
    const p = pipelineWith([
      {
        conditions: [],
        statements: ['set(metric.description, "a")', 'set(metric.unit, "s")', 'set(metric.name, "x") where sett == 1', 'sett(metric.name, "x")'],
      },
    ]);
    const findings = validateOttl(p);
    assert.deepEqual(fields(findings), [
      [
        'spec.transform[0].statements[2]',
        'OTTL statement is invalid at column 29: path "sett" has no context prefix: the collector infers the context from path prefixes and rejects paths without one',
      ],
      ['spec.transform[0].statements[3]', 'OTTL statement is invalid at column 1: unknown function "sett"; did you mean "set"?'],
    ]);
    for (const f of findings) {
      assert.equal(f.severity, 'error');
      assert.equal(f.reason, 'OTTLSpecInvalid');
      assert.deepEqual(f.ref, p.ref);
    }
  });

  it('reports transform and filter conditions with their own field paths', () => {
    const p = pipelineWith(
      [{ conditions: ['metric.name == "a"', 'IsMatch(metric.name)'], statements: ['set(metric.unit, "s")'] }],
      [{ conditions: ['metric.type == METRIC_DATA_TYPE_GAGUE'] }],
    );
    assert.deepEqual(fields(validateOttl(p)), [
      ['spec.transform[0].conditions[1]', 'OTTL condition is invalid at column 20: function "IsMatch" takes 2 arguments (target, pattern), got 1'],
      [
        'spec.filter[0].conditions[0]',
        'OTTL condition is invalid at column 16: unknown enum "METRIC_DATA_TYPE_GAGUE"; did you mean "METRIC_DATA_TYPE_GAUGE"?',
      ],
    ]);
  });

  it('rejects the bare path of the Kyma config-builder golden, as context inference does', () => {
    const p = pipelineWith([
      { conditions: ['resource.attributes["k8s.namespace.name"] == "production"'], statements: ['set(attributes["environment"], "prod")'] },
    ]);
    assert.deepEqual(fields(validateOttl(p)), [
      [
        'spec.transform[0].statements[0]',
        'OTTL statement is invalid at column 5: path "attributes[...]" has no context prefix: the collector infers the context ' +
          'from path prefixes and rejects paths without one; write "datapoint.attributes" or "resource.attributes" or "scope.attributes"',
      ],
    ]);
  });

  it('infers the context over the whole transform group, conditions included', () => {
    const p = pipelineWith([{ conditions: ['datapoint.value_int > 0'], statements: ['set(metric.unit, "s")', 'convert_sum_to_gauge()'] }]);
    assert.deepEqual(fields(validateOttl(p)), [
      [
        'spec.transform[0].statements[1]',
        'OTTL statement is invalid at column 1: function "convert_sum_to_gauge" is not available in the datapoint context, which ' +
          'the collector infers from the path "datapoint.value_int" (it is only available in the metric context); put statements ' +
          'that need different contexts into separate transform entries',
      ],
    ]);
  });

  it('falls back to a lower context that offers the function, as the collector does', () => {
    const p = pipelineWith([
      { conditions: ['metric.name == "rpc.duration"'], statements: ['convert_summary_sum_val_to_sum("delta", true)'] },
      { conditions: ['metric.name == "x"'], statements: ['convert_sum_to_gauge()'] },
    ]);
    assert.deepEqual(validateOttl(p), []);
  });

  it('reports a transform whose statements and conditions name no context', () => {
    const p = pipelineWith([{ conditions: [], statements: ['convert_sum_to_gauge()'] }]);
    assert.deepEqual(fields(validateOttl(p)), [
      [
        'spec.transform[0]',
        'OTTL statements and conditions of this transform are invalid: none of them references a path with a context prefix ' +
          '(such as metric.name or datapoint.attributes["key"]), so the collector cannot infer the context to run them in',
      ],
    ]);
  });

  it('requires the conditions of a transform to name a context on their own, as Kyma validates them separately', () => {
    const p = pipelineWith([{ conditions: ['IsMatch("a", "b")'], statements: ['set(datapoint.attributes["x"], "y")'] }]);
    assert.deepEqual(fields(validateOttl(p)), [
      [
        'spec.transform[0].conditions',
        'OTTL conditions of this transform are invalid: none of them references a path with a context prefix (such as ' +
          'metric.name or datapoint.attributes["key"]), so the collector cannot infer the context to run them in',
      ],
    ]);
  });

  it('reports a filter whose conditions name no context', () => {
    const p = pipelineWith([], [{ conditions: ['true'] }]);
    assert.equal(validateOttl(p)[0]?.field, 'spec.filter[0].conditions');
  });

  it('reports a cache of another context than the inferred one on the item that uses it', () => {
    const p = pipelineWith([
      { conditions: ['datapoint.value_int > 0'], statements: ['set(metric.cache["x"], "y")', 'set(datapoint.attributes["a"], "b")'] },
    ]);
    const findings = validateOttl(p);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.field, 'spec.transform[0].statements[0]');
    assert.match(findings[0]?.message ?? '', /^OTTL statement is invalid at column 5: "metric\.cache\[\.\.\.\]" can only be used/);
  });

  it('rejects filter-processor-only converters, which Kyma does not offer for data point filters', () => {
    const p = pipelineWith([], [{ conditions: ['HasAttrKeyOnDatapoint("my.key")'] }]);
    const findings = validateOttl(p);
    assert.equal(findings[0]?.field, 'spec.filter[0].conditions[0]');
    assert.match(findings[0]?.message ?? '', /use ContainsValue\(Keys\(datapoint\.attributes\), "key"\) instead$/);
  });

  it('never copies literal values into messages', () => {
    const p = pipelineWith([{ conditions: [], statements: ['set(datapoint.attributes["token"], "s3cr3t"' ] }], [
      { conditions: ['resource.attributes["pw"] == "hunter2" and'] },
    ]);
    const messages = validateOttl(p).map((f) => f.message).join(' ');
    assert.ok(!/s3cr3t|hunter2|token|"pw"/.test(messages), messages);
  });
});
