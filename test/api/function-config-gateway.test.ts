import { expect } from 'chai';
import { decodeSettings, DEFAULT_SETTINGS } from '../../src/api/function-config';

const typed = (fields: object) => ({ apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'fn' }, ...fields });
const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data });

function decoded(config: unknown): { maxConnectionAge?: string; problems: string[] } {
  const r = decodeSettings(config);
  return r.ok ? { maxConnectionAge: r.settings.gateway.maxConnectionAge, problems: [] } : { problems: r.problems.map((p) => `${p.path}: ${p.message}`) };
}

describe('functionConfig: gateway settings', () => {
  it('ends gRPC connections after 5m unless gatewayMaxConnectionAge says otherwise, typed and as ConfigMap alike', () => {
    expect(DEFAULT_SETTINGS.gateway.maxConnectionAge).to.equal('5m');
    expect(decoded(typed({ gatewayMaxConnectionAge: '90s' })).maxConnectionAge).to.equal('90s');
    expect(decoded(configMap({ gatewayMaxConnectionAge: '1h' })).maxConnectionAge).to.equal('1h');
  });

  it('refuses what Go would not parse as a duration of at least 1s', () => {
    for (const bad of ['5', '0s', '1d', '1.5m']) {
      expect(decoded(typed({ gatewayMaxConnectionAge: bad })).problems, bad).to.deep.equal([
        'gatewayMaxConnectionAge: must be a duration of at least 1s such as 30s or 1m30s (units h, m, s, ms)',
      ]);
    }
  });
});
