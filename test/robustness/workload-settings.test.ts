/**
 * Function settings reach the pod templates, and resource defaults never contradict the user's values.
 * Whether the API server accepts the resulting workloads (schema, Pod Security "restricted", requests not
 * above limits) for the render variants and for generated settings is judged by test/peers/apiserver.test.ts.
 */
import { expect } from 'chai';
import { pipeline, render, typedConfig, type Obj } from './render-variants';

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

interface PodSpec {
  containers: Container[];
  tolerations?: unknown[];
}

/** The pod spec of the workload of a kind (Deployment, DaemonSet) in a render. */
function podSpec(objects: Obj[], kind: string): PodSpec {
  const workload = objects.find((o) => o.kind === kind) as unknown as { spec: { template: { spec: PodSpec } } } | undefined;
  if (workload === undefined) throw new Error(`no ${kind} rendered`);
  return workload.spec.template.spec;
}

const CUSTOM_CONFIG = typedConfig({
  gatewayReplicas: 3,
  podLabels: { 'team.example.com/owner': 'observability', tier: 'platform' },
  agentTolerations: [
    { key: 'dedicated', operator: 'Equal', value: 'telemetry', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ],
});

const ALL_INPUTS = [pipeline('all', { prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } })];

describe('robustness: function settings in the workloads', () => {
  it('the custom settings reach the pod templates', () => {
    const objects = render(ALL_INPUTS, CUSTOM_CONFIG);
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number; template: { metadata: { labels: Record<string, string> } } } };
    expect(deployment.spec.replicas).to.equal(3);
    expect(deployment.spec.template.metadata.labels).to.include({ 'team.example.com/owner': 'observability', tier: 'platform' });
    expect(podSpec(objects, 'DaemonSet').tolerations).to.deep.equal([
      { key: 'dedicated', operator: 'Equal', value: 'telemetry', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  // Regression (found by the generated settings, now in test/peers/apiserver.test.ts): a request above a
  // default limit made the API server reject the workload.
  it("a default limit never contradicts the user's request, nor a default request the user's limit", () => {
    const resourcesOf = (kind: string, objects: Obj[]) => podSpec(objects, kind).containers[0]?.resources;
    const raised = render([pipeline('a')], typedConfig({ gatewayResources: { requests: { memory: '2Gi' } } }));
    expect(resourcesOf('Deployment', raised)).to.deep.equal({ limits: { memory: '2Gi' }, requests: { cpu: '35m', memory: '2Gi' } });
    const lowered = render([pipeline('a', { runtime: { enabled: true } })], typedConfig({ agentResources: { limits: { cpu: '10m', memory: '32Mi' } } }));
    expect(resourcesOf('DaemonSet', lowered)).to.deep.equal({ limits: { cpu: '10m', memory: '32Mi' }, requests: { cpu: '10m', memory: '32Mi' } });
    // Defaults alone, and values that do not conflict, stay as they were.
    const plain = render([pipeline('a')], typedConfig({ gatewayResources: { requests: { memory: '512Mi' } } }));
    expect(resourcesOf('Deployment', plain)).to.deep.equal({ limits: { memory: '1024Mi' }, requests: { cpu: '35m', memory: '512Mi' } });
  });
});
