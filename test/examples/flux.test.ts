/**
 * examples/flux: the CI render script and the Flux objects that apply its output. Flux never runs the
 * function; what matters is that the rendered output survives Flux's post-build substitution (the
 * collector config's ${env:…} references) and that the Flux objects point at each other correctly.
 */
import { expect } from 'chai';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ANNOTATIONS, FLUX_SUBSTITUTE_DISABLED } from '../../src/constants';
import { KUSTOMIZE_BIN } from '../support/tools';
import { EXAMPLES, expectNoCredential, generatedObjects, objects, run, withToolsOnPath, type K8sObject } from './support';

const FLUX = path.join(EXAMPLES, 'flux');
const RENDER = path.join(FLUX, 'ci', 'render.sh');

interface FluxKustomization extends K8sObject {
  spec: {
    interval: string;
    sourceRef: { kind: string; name: string; namespace?: string };
    path: string;
    prune: boolean;
    postBuild?: { substitute?: Record<string, string> };
  };
}
interface OCIRepository extends K8sObject {
  spec: { interval: string; url: string; ref: { tag?: string; semver?: string; digest?: string } };
}

const load = <T>(file: string): T => parse(readFileSync(path.join(FLUX, 'cluster', file), 'utf8')) as T;

describe('example: Flux (render in CI, apply the output)', () => {
  let tools: ReturnType<typeof withToolsOnPath>;
  before(() => {
    tools = withToolsOnPath('flux-example');
  });
  after(() => tools.cleanup());

  it('ci/render.sh renders the application into one manifest file', () => {
    const out = path.join(tools.dir, 'rendered');
    const r = run(RENDER, [out], { env: tools.env });
    expect(r.code, r.stderr).to.equal(0);
    expect(readdirSync(out)).to.deep.equal(['metric-pipelines.yaml']);
    const all = objects(readFileSync(path.join(out, 'metric-pipelines.yaml'), 'utf8'));
    expect(generatedObjects(all).map((o) => o.kind)).to.include.members(['Deployment', 'Service', 'ConfigMap', 'Secret']);
    for (const o of all) {
      expect(o.metadata.annotations?.['config.kubernetes.io/local-config'], `${o.kind}/${o.metadata.name}`).to.equal(undefined);
    }
  });

  it('renders no credential: the Secret exists only in the cluster (SOPS-decrypted by Flux) and the gateway reads it there', () => {
    const out = path.join(tools.dir, 'rendered-no-credential');
    expect(run(RENDER, [out], { env: tools.env }).code).to.equal(0);
    expectNoCredential('flux', readFileSync(path.join(out, 'metric-pipelines.yaml'), 'utf8'));
    const credentials = load<FluxKustomization & { spec: { decryption?: { provider: string; secretRef?: { name: string } } } }>('credentials.yaml');
    expect(credentials.kind).to.equal('Kustomization');
    expect(credentials.spec.decryption?.provider).to.equal('sops');
    expect(credentials.spec.sourceRef.kind).to.equal('GitRepository');
  });

  it('every rendered object holding ${…} opts out of post-build substitution, so ${env:…} reaches the collector', () => {
    const out = path.join(tools.dir, 'rendered-subst');
    expect(run(RENDER, [out], { env: tools.env }).code).to.equal(0);
    const text = readFileSync(path.join(out, 'metric-pipelines.yaml'), 'utf8');
    expect(text, 'the collector config references env vars').to.contain('${env:');
    const all = objects(text);
    const withPlaceholders = all.filter((o) => JSON.stringify(o).includes('${'));
    expect(withPlaceholders.map((o) => o.kind)).to.include('ConfigMap');
    for (const o of withPlaceholders) {
      expect(o.metadata.annotations?.[ANNOTATIONS.fluxSubstitute], `${o.kind}/${o.metadata.name}`).to.equal(FLUX_SUBSTITUTE_DISABLED);
    }
    // The generated ConfigMaps and Secrets carry the opt-out even without placeholders today.
    for (const o of generatedObjects(all).filter((g) => g.kind === 'ConfigMap' || g.kind === 'Secret')) {
      expect(o.metadata.annotations?.[ANNOTATIONS.fluxSubstitute], `${o.kind}/${o.metadata.name}`).to.equal('disabled');
    }
  });

  it('ci/render.sh fails and writes nothing when the function rejects the input', () => {
    const copy = path.join(tools.dir, 'flux-copy');
    cpSync(FLUX, copy, { recursive: true });
    // A Secret of another namespace would be copied, which the example's `credentials: reference` refuses.
    const pipelines = path.join(copy, 'app', 'pipelines.yaml');
    writeFileSync(pipelines, readFileSync(pipelines, 'utf8').replaceAll('namespace: kyma-system', 'namespace: shop'));
    const out = path.join(tools.dir, 'rendered-broken');
    const r = run(path.join(copy, 'ci', 'render.sh'), [out], { env: tools.env });
    expect(r.code).not.to.equal(0);
    expect(r.stderr).to.contain('backend-credentials');
    expect(existsSync(path.join(out, 'metric-pipelines.yaml'))).to.equal(false);
  });

  it('ci/render.sh fails and writes nothing when kustomize did not run the function (check-output)', () => {
    // A kustomize that drops --enable-exec stands for a CI image whose kustomize cannot run exec functions
    // (or `kubectl kustomize`): it exits 0 and prints the input back.
    const bin = path.join(tools.dir, 'no-exec-bin');
    mkdirSync(bin, { recursive: true });
    const wrapper = path.join(bin, 'kustomize');
    writeFileSync(wrapper, `#!/usr/bin/env bash\nargs=()\nfor a in "$@"; do [[ $a == --enable-exec ]] || args+=("$a"); done\nexec ${KUSTOMIZE_BIN} "\${args[@]}"\n`);
    chmodSync(wrapper, 0o755);
    const out = path.join(tools.dir, 'rendered-no-exec');
    const r = run(RENDER, [out], { env: { ...tools.env, PATH: `${bin}:${tools.env['PATH'] ?? ''}` } });
    expect(r.code).not.to.equal(0);
    expect(r.stderr).to.contain('check-output: the output holds');
    expect(existsSync(path.join(out, 'metric-pipelines.yaml'))).to.equal(false);
  });

  it('OCI variant: the Kustomization applies the OCIRepository that CI pushes with `flux push artifact`', () => {
    const repo = load<OCIRepository>('ocirepository.yaml');
    expect(repo.apiVersion).to.match(/^source\.toolkit\.fluxcd\.io\/(v1|v1beta2)$/);
    expect(repo.kind).to.equal('OCIRepository');
    expect(repo.spec.url).to.match(/^oci:\/\//);
    expect(repo.spec.interval).to.match(/^\d+[smh]$/);
    expect(Object.keys(repo.spec.ref).filter((k) => ['tag', 'semver', 'digest'].includes(k))).to.have.length.greaterThan(0);

    const ks = load<FluxKustomization>('metric-pipelines-oci.yaml');
    expect(ks.apiVersion).to.equal('kustomize.toolkit.fluxcd.io/v1');
    expect(ks.kind).to.equal('Kustomization');
    expect(ks.spec.sourceRef).to.deep.include({ kind: 'OCIRepository', name: repo.metadata.name });
    expect(ks.spec.sourceRef.namespace ?? ks.metadata.namespace).to.equal(repo.metadata.namespace);
    expect(ks.spec.path).to.equal('./');
    expect(ks.spec.prune).to.equal(true);
    expect(ks.spec.interval).to.match(/^\d+[smh]$/);
    // The example uses post-build substitution on purpose: it is why the opt-out annotation matters.
    expect(ks.spec.postBuild?.substitute).to.be.an('object');

    const workflow = readFileSync(path.join(FLUX, 'ci', 'github-actions.yaml'), 'utf8');
    const steps = (parse(workflow) as { jobs: Record<string, { steps: { run?: string }[] }> }).jobs['render-and-push']!.steps.map((s) => s.run ?? '');
    const renderAt = steps.findIndex((s) => s.includes('render.sh'));
    const pushAt = steps.findIndex((s) => s.includes('flux push artifact'));
    expect(renderAt, 'renders').to.be.greaterThan(-1);
    expect(pushAt, 'pushes after rendering').to.be.greaterThan(renderAt);
    expect(steps[pushAt]).to.contain(repo.spec.url.replace(/^oci:\/\/ghcr\.io\/[^/]+\//, ''));
  });

  it('Git variant: the Kustomization applies the committed output from the GitRepository Flux watches', () => {
    const ks = load<FluxKustomization>('metric-pipelines-git.yaml');
    expect(ks.apiVersion).to.equal('kustomize.toolkit.fluxcd.io/v1');
    expect(ks.kind).to.equal('Kustomization');
    expect(ks.spec.sourceRef.kind).to.equal('GitRepository');
    expect(ks.spec.path).to.match(/^\.\/[\w./-]+$/);
    expect(ks.spec.prune).to.equal(true);
    expect(readFileSync(RENDER, 'utf8')).to.contain(ks.spec.path.replace(/^\.\//, ''));
  });
});
