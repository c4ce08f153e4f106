import { expect } from 'chai';
import { buildGatewayObjects } from '../../src/manifests/gateway';
import type { KubeObject } from '../../src/manifests/types';
import { validateKubeObject } from '../support/k8s-schema';
import { DUMMY_CONFIG, find, gatewayPlan } from './fixtures';

/** A deep copy of the gateway Deployment, to break in one place per test. */
function deployment(): KubeObject & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } } {
  const d = find(buildGatewayObjects(gatewayPlan(), DUMMY_CONFIG), 'Deployment');
  return JSON.parse(JSON.stringify(d)) as ReturnType<typeof deployment>;
}

describe('test support: validateKubeObject', () => {
  it('accepts the gateway Deployment', () => {
    expect(validateKubeObject(deployment())).to.deep.equal([]);
  });

  it('reports a misspelled field with its path', () => {
    const d = deployment();
    const c = d.spec.template.spec.containers[0] as Record<string, unknown>;
    c['readinesProbe'] = c['readinessProbe'];
    expect(validateKubeObject(d)).to.deep.equal(['spec.template.spec.containers[0].readinesProbe: unknown field "readinesProbe"']);
  });

  it('reports an unknown field in metadata but accepts any label and annotation keys', () => {
    const d = deployment();
    d.metadata.labels = { ...d.metadata.labels, 'example.com/anything': 'x' };
    (d.metadata as unknown as Record<string, unknown>)['label'] = { a: 'b' };
    expect(validateKubeObject(d)).to.deep.equal(['metadata.label: unknown field "label"']);
  });

  it('reports a wrong type', () => {
    const d = deployment();
    (d.spec as Record<string, unknown>)['replicas'] = '2';
    expect(validateKubeObject(d)).to.deep.equal(['spec.replicas: must be integer']);
  });

  it('reports a missing required field', () => {
    const d = deployment();
    delete (d.spec.template.spec.containers[0] as Record<string, unknown>)['name'];
    expect(validateKubeObject(d)).to.deep.equal(['spec.template.spec.containers[0]: must have required property name']);
  });

  it('reports what the API server rejects beyond the schema', () => {
    const d = deployment();
    (d.spec.template.spec.containers[0] as { ports: { name: string }[] }).ports[0]!.name = 'grpc-collector-port';
    d.metadata.labels = { ...d.metadata.labels, bad: 'not a value' };
    (d.spec as unknown as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels['extra'] = 'x';
    expect(validateKubeObject(d)).to.deep.equal([
      'metadata.labels.bad: invalid label value "not a value"',
      'containers[0].ports[0].name: "grpc-collector-port" is not a valid port name',
      'spec.selector.matchLabels.extra: does not match the pod template labels',
    ]);
  });

  it('rejects a namespace on cluster-scoped objects, invalid names and unknown kinds', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'ns' }, rules: [] };
    expect(validateKubeObject(role)).to.deep.equal(['metadata.namespace: ClusterRole is cluster-scoped and must not have a namespace']);
    expect(validateKubeObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc' }, spec: {} })).to.deep.equal([
      'metadata.name: "1svc" is not a valid Service name',
    ]);
    expect(validateKubeObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).to.deep.equal([
      '(root): no Kubernetes schema for Widget example.com/v1',
    ]);
  });
});
