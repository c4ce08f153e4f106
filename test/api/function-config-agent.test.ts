import { expect } from 'chai';
import { DEFAULT_SETTINGS, SETTING_KEYS, decodeSettings, durationMs, type Settings } from '../../src/api/function-config';

const typed = (fields: Record<string, unknown>) => ({ apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'c' }, ...fields });
const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });

function settings(config: unknown): Settings {
  const r = decodeSettings(config);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.settings;
}

function problems(config: unknown): string[] {
  const r = decodeSettings(config);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('functionConfig: metric agent settings', () => {
  it('lists the agent keys among the known keys', () => {
    expect(SETTING_KEYS).to.include.members([
      'istio',
      'collectionInterval',
      'prometheusCollectionInterval',
      'istioCollectionInterval',
      'runtimeCollectionInterval',
      'agentResources',
      'agentTolerations',
    ]);
  });

  it('defaults to no Istio support, 30s for every input, default resources and tolerations', () => {
    expect(DEFAULT_SETTINGS.istio).to.equal(false);
    expect(settings(undefined).agent).to.deep.equal({ collectionIntervals: { prometheus: '30s', istio: '30s', runtime: '30s' }, placement: {}, extraEnv: [] });
    expect(settings(typed({})).agent).to.deep.equal({ collectionIntervals: { prometheus: '30s', istio: '30s', runtime: '30s' }, placement: {}, extraEnv: [] });
  });

  it('takes a per-input interval over collectionInterval over the default, typed and as ConfigMap alike', () => {
    const fields = { collectionInterval: '1m', runtimeCollectionInterval: '2m30s' };
    const expected = { prometheus: '1m', istio: '1m', runtime: '2m30s' };
    expect(settings(typed(fields)).agent.collectionIntervals).to.deep.equal(expected);
    expect(settings(configMap(fields)).agent.collectionIntervals).to.deep.equal(expected);
    expect(settings(typed({ prometheusCollectionInterval: '15s' })).agent.collectionIntervals).to.deep.equal({ prometheus: '15s', istio: '30s', runtime: '30s' });
  });

  it('accepts only durations both Go and Prometheus parse, of at least 1s', () => {
    expect(durationMs('1h2m3s4ms')).to.equal(3723004);
    expect(durationMs('500ms')).to.equal(500);
    for (const bad of ['30', '1.5m', '1d', '0s', '500ms', '', '30S', '-30s', '1m 30s']) {
      expect(problems(typed({ collectionInterval: bad })), bad).to.deep.equal([
        'collectionInterval: must be a duration of at least 1s such as 30s or 1m30s (units h, m, s, ms)',
      ]);
    }
    expect(problems(configMap({ istioCollectionInterval: '5' }))).to.deep.equal([
      'data.istioCollectionInterval: must be a duration of at least 1s such as 30s or 1m30s (units h, m, s, ms)',
    ]);
  });

  it('reads istio as a boolean, and "true"/"false" from a ConfigMap', () => {
    expect(settings(typed({ istio: true })).istio).to.equal(true);
    expect(settings(configMap({ istio: 'true' })).istio).to.equal(true);
    expect(settings(configMap({ istio: 'false' })).istio).to.equal(false);
    expect(problems(configMap({ istio: 'yes' }))).to.have.length(1);
    expect(problems(typed({ istio: 'true' }))).to.have.length(1);
  });

  it('leaves pprof off unless asked, and reads it as a boolean', () => {
    expect(DEFAULT_SETTINGS.pprof).to.equal(false);
    expect(settings(typed({ pprof: true })).pprof).to.equal(true);
    expect(settings(configMap({ pprof: 'true' })).pprof).to.equal(true);
    expect(problems(configMap({ pprof: 'on' }))).to.have.length(1);
  });

  it('keeps agentResources for a field-by-field override', () => {
    const expected = { limits: { memory: '2Gi' }, requests: { cpu: '50m' } };
    expect(settings(typed({ agentResources: expected })).agent.resources).to.deep.equal(expected);
    expect(settings(configMap({ agentResources: '{limits: {memory: 2Gi}, requests: {cpu: 50m}}' })).agent.resources).to.deep.equal(expected);
    expect(problems(typed({ agentResources: { limits: { memory: 'lots' } } }))).to.have.length(1);
  });

  it('takes agentTolerations as given, including an empty list', () => {
    const list = [
      { key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' },
      { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ];
    expect(settings(typed({ agentTolerations: list })).agent.tolerations).to.deep.equal(list);
    expect(settings(configMap({ agentTolerations: '[{key: dedicated, operator: Equal, value: monitoring, effect: NoSchedule}, {operator: Exists, effect: NoExecute, tolerationSeconds: 300}]' })).agent.tolerations).to.deep.equal(list);
    expect(settings(typed({ agentTolerations: [] })).agent.tolerations).to.deep.equal([]);
  });

  it('rejects tolerations the API server would reject', () => {
    expect(problems(typed({ agentTolerations: [{ operator: 'Exists', value: 'x' }] }))).to.deep.equal(['agentTolerations[0]: value must be empty when operator is Exists']);
    expect(problems(typed({ agentTolerations: [{ value: 'x' }] }))).to.deep.equal(['agentTolerations[0]: operator must be Exists when key is empty (which matches every taint)']);
    expect(problems(typed({ agentTolerations: [{ operator: 'Exists', tolerationSeconds: 5 }] }))).to.deep.equal(['agentTolerations[0]: tolerationSeconds needs effect NoExecute']);
    expect(problems(typed({ agentTolerations: [{ operator: 'Exists', effect: 'NoWay' }] }))).to.deep.equal([
      'agentTolerations[0].effect: must be one of "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
    expect(problems(typed({ agentTolerations: [{ operater: 'Exists' }] }))).to.deep.include('agentTolerations[0].operater: unknown key "operater"');
    expect(problems(configMap({ agentTolerations: '[{operater: Exists}]' }))).to.deep.include('data.agentTolerations: [0].operater is not a known field');
  });

  it('rejects a request above the limit given next to it, which the API server would reject', () => {
    expect(problems(typed({ gatewayResources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1500m', memory: '1024Mi' } } }))).to.deep.equal([
      'gatewayResources.requests.cpu: 2 must not exceed limits.cpu 1500m',
    ]);
    expect(problems(configMap({ agentResources: '{requests: {memory: 2Gi}, limits: {memory: 1G}}' }))).to.deep.equal([
      'data.agentResources: requests.memory 2Gi must not exceed limits.memory 1G',
    ]);
    // Equal is fine, and a value alone is never in conflict (defaults yield to it).
    expect(problems(typed({ agentResources: { requests: { cpu: '1' }, limits: { cpu: '1000m' } }, gatewayResources: { requests: { memory: '8Gi' } } }))).to.deep.equal([]);
  });
});
