import { expect } from 'chai';
import { generatedPath, withKptPaths } from '../../src/manifests/kpt-path';
import type { ConfigMap, ServiceAccount } from '../../src/manifests/types';

const objects: (ConfigMap | ServiceAccount)[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations: { z: '1' } }, data: {} },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'b' } },
];

describe('manifests: kpt path annotations', () => {
  it('puts all objects into one generated file with distinct indexes', () => {
    const out = withKptPaths(objects, 'telemetry-metric-gateway.yaml');
    expect(out.map((o) => o.metadata.annotations)).to.deep.equal([
      { 'internal.config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/path': 'generated/telemetry-metric-gateway.yaml', z: '1' },
      { 'internal.config.kubernetes.io/index': '1', 'internal.config.kubernetes.io/path': 'generated/telemetry-metric-gateway.yaml' },
    ]);
  });

  it('does not modify its input', () => {
    withKptPaths(objects, 'x.yaml');
    expect(objects[1]?.metadata).to.deep.equal({ name: 'b' });
  });

  it('rejects file names that would leave the generated directory', () => {
    for (const bad of ['../x.yaml', 'sub/x.yaml', 'x.yml', '', '.yaml']) expect(() => generatedPath(bad), bad).to.throw(/internal/);
  });
});
