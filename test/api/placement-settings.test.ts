/**
 * Placement and environment settings per component (issue 21): decoded from the typed object and from
 * ConfigMap YAML alike, the mistakes users make refused on the key's path, the function's own variables
 * protected. What the API server decides beyond these checks it decides on a real render
 * (test/peers/apiserver.test.ts, "custom resources/labels/tolerations").
 */
import { expect } from 'chai';
import { decodeSettings } from '../../src/api/function-config';
import { RESERVED_ENV_PREFIXES } from '../../src/constants';
import { pipelineEnvNames } from '../../src/plan/env-vars';

const typed = (fields: object) => ({ apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'fn' }, ...fields });
const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data });

function problems(config: unknown): string[] {
  const r = decodeSettings(config);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

function settingsOf(config: unknown) {
  const r = decodeSettings(config);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.settings;
}

describe('functionConfig: placement and extra env per component', () => {
  it('sets nothing by default: the gateway keeps its spread, every env list is empty', () => {
    const s = settingsOf(typed({}));
    expect(s.gateway.placement).to.deep.equal({});
    expect(s.agent.placement).to.deep.equal({});
    expect(s.status.placement).to.deep.equal({});
    expect(s.gateway.extraEnv).to.deep.equal([]);
    expect(s.agent.extraEnv).to.deep.equal([]);
  });

  it('reads each component\'s keys, typed and from ConfigMap YAML alike', () => {
    const fields = {
      gatewayNodeSelector: { pool: 'telemetry' },
      gatewayTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'telemetry', effect: 'NoSchedule' }],
      gatewayAffinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
      gatewayTopologySpreadConstraints: [],
      gatewayExtraEnv: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }, { name: 'NO_PROXY', valueFrom: { configMapKeyRef: { name: 'proxy', key: 'no' } } }],
      agentNodeSelector: { os: 'linux' },
      statusTolerations: [{ operator: 'Exists' }],
    };
    const fromYaml = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, JSON.stringify(v)]));
    for (const s of [settingsOf(typed(fields)), settingsOf(configMap(fromYaml))]) {
      expect(s.gateway.placement).to.deep.equal({
        nodeSelector: fields.gatewayNodeSelector,
        tolerations: fields.gatewayTolerations,
        affinity: fields.gatewayAffinity,
        topologySpreadConstraints: [],
      });
      expect(s.gateway.extraEnv).to.deep.equal(fields.gatewayExtraEnv);
      expect(s.agent.placement).to.deep.equal({ nodeSelector: { os: 'linux' } });
      expect(s.status.placement).to.deep.equal({ tolerations: [{ operator: 'Exists' }] });
    }
  });

  it('refuses affinity keys and spread constraints the API does not have, on the key\'s path', () => {
    expect(problems(typed({ gatewayAffinity: { antiAffinity: {} } }))).to.deep.equal([
      'gatewayAffinity: must be a map with only nodeAffinity, podAffinity, podAntiAffinity, each a map',
    ]);
    expect(problems(typed({ gatewayTopologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Sometimes' }] }))).to.have.members([
      'gatewayTopologySpreadConstraints[0].maxSkew: must be an integer from 1',
      'gatewayTopologySpreadConstraints[0].whenUnsatisfiable: must be one of "DoNotSchedule", "ScheduleAnyway"',
    ]);
  });

  it('refuses extra env vars that would shadow the function\'s own, or are ambiguous', () => {
    const env = (vars: object[]) => problems(typed({ gatewayExtraEnv: vars }));
    expect(env([{ name: 'MY_POD_IP', value: '1.2.3.4' }])).to.deep.equal(['gatewayExtraEnv[0].name: MY_POD_IP is reserved: the function sets it']);
    expect(env([{ name: 'OTLP_ENDPOINT_METRICPIPELINE_A', value: 'x' }])).to.deep.equal([
      "gatewayExtraEnv[0].name: OTLP_ENDPOINT_METRICPIPELINE_A is reserved: names starting with OTLP_ carry the pipelines' credentials",
    ]);
    expect(env([{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }])).to.deep.equal(['gatewayExtraEnv[0]: must have value or valueFrom, not both']);
    expect(env([{ name: 'A', valueFrom: {} }])).to.deep.equal([
      'gatewayExtraEnv[0].valueFrom: must have exactly one of secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef',
    ]);
    expect(env([{ name: 'A', value: '1' }, { name: 'A', value: '2' }])).to.deep.equal(['gatewayExtraEnv[1].name: A is listed twice']);
    expect(env([{ name: '1A', value: 'x' }])).to.have.length(1);
    expect(problems(typed({ agentExtraEnv: [{ name: 'MY_NODE_NAME', value: 'n' }] }))).to.deep.equal(['agentExtraEnv[0].name: MY_NODE_NAME is reserved: the function sets it']);
  });

  it('reserves a prefix for every variable that carries a pipeline\'s endpoint or credentials', () => {
    const names = pipelineEnvNames('a-pipeline');
    const all = [names.endpoint, names.basicAuthHeader, names.basicAuthUser, names.basicAuthPassword, names.header('X-Token'), names.tlsCa, names.tlsCert, names.tlsKey, names.oauth2TokenUrl, names.oauth2ClientId, names.oauth2ClientSecret];
    for (const name of all) expect(RESERVED_ENV_PREFIXES.some((p) => name.startsWith(p)), name).to.equal(true);
  });
});
