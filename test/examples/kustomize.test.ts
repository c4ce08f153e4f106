/**
 * examples/kustomize: a base with the pipelines and an overlay that patches them and declares the
 * exec function with its settings, built like the README says (function on PATH).
 */
import { expect } from 'chai';
import path from 'node:path';
import { KUSTOMIZE_BIN } from '../support/tools';
import { EXAMPLES, find, generatedObjects, objects, run, withToolsOnPath } from './support';

const BASE = path.join(EXAMPLES, 'kustomize', 'base');
const OVERLAY = path.join(EXAMPLES, 'kustomize', 'overlays', 'production');

describe('example: kustomize base + overlay (exec function)', () => {
  let tools: ReturnType<typeof withToolsOnPath>;
  before(() => {
    tools = withToolsOnPath('kustomize-example');
  });
  after(() => tools.cleanup());

  const build = (dir: string) => run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', dir], { env: tools.env });

  it('the base alone holds only the inputs: pipelines and their Secrets', () => {
    const r = build(BASE);
    expect(r.code, r.stderr).to.equal(0);
    expect(objects(r.stdout).map((o) => `${o.kind}/${o.metadata.name}`).sort()).to.deep.equal(['MetricPipeline/backend', 'Secret/backend-credentials']);
  });

  it('the overlay renders the gateway from the patched pipeline with its own settings', () => {
    const r = build(OVERLAY);
    expect(r.code, r.stderr).to.equal(0);
    const all = objects(r.stdout);
    const generated = generatedObjects(all);
    expect(generated.map((o) => o.kind)).to.include.members(['Deployment', 'Service', 'ConfigMap', 'Secret']);

    // The overlay's patch reached the function: the gateway sends to production, not to staging.
    const pipeline = find(all, 'MetricPipeline', 'backend') as unknown as { spec: { output: { otlp: { endpoint: { value: string } } } } };
    expect(pipeline.spec.output.otlp.endpoint.value).to.equal('https://otlp.example.com:4317');
    const gatewaySecret = generated.find((o) => o.kind === 'Secret') as unknown as { data: Record<string, string> };
    const values = Object.values(gatewaySecret.data).map((v) => Buffer.from(v, 'base64').toString('utf8'));
    expect(values).to.include('https://otlp.example.com:4317');
    expect(values.join('\n')).not.to.contain('staging');

    // The overlay's settings: three replicas, the cluster name on every metric.
    const deployment = generated.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number } };
    expect(deployment.spec.replicas).to.equal(3);
    const config = generated.find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    expect(Object.values(config.data).join('\n')).to.contain('"production"');
  });

  it('is deterministic: two builds are byte-identical', () => {
    expect(build(OVERLAY).stdout).to.equal(build(OVERLAY).stdout);
  });
});
