/**
 * examples/flux through the real flux CLI (.peers/bin/flux, built by scripts/peers/build-flux): the output
 * of ci/render.sh, built offline with `flux build kustomization --dry-run` against the example's Flux
 * Kustomizations (cluster/metric-pipelines-{oci,git}.yaml). That runs what kustomize-controller runs on the
 * artifact: its kustomize build, its labels, and the Kustomization's postBuild.substitute, which replaces
 * ${…} in every object that does not opt out. The rendered ConfigMap/Secret opt out
 * (kustomize.toolkit.fluxcd.io/substitute: disabled), so the collector config's ${env:…} references must
 * come out exactly as rendered; a copy without the opt-out shows that substitution does run here and
 * would damage them. Skips loudly without the peer; mandatory when REQUIRE_TOOLS contains flux.
 */
import { expect } from 'chai';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ANNOTATIONS, FLUX_SUBSTITUTE_DISABLED, GATEWAY, METRIC_PIPELINE_KIND } from '../../src/constants';
import { EXAMPLES, find, generatedObjects, objects, run, withToolsOnPath, type K8sObject, type Run } from '../examples/support';
import { requirePeer } from '../support/peers';

const FLUX_EXAMPLE = path.join(EXAMPLES, 'flux');
const RENDER = path.join(FLUX_EXAMPLE, 'ci', 'render.sh');
const RENDERED_FILE = 'metric-pipelines.yaml';

interface FluxKustomization extends K8sObject {
  spec: { path: string; postBuild?: { substitute?: Record<string, string> } };
}

const VARIANTS = [
  { name: 'OCI', file: path.join(FLUX_EXAMPLE, 'cluster', 'metric-pipelines-oci.yaml') },
  { name: 'Git', file: path.join(FLUX_EXAMPLE, 'cluster', 'metric-pipelines-git.yaml') },
];

const key = (o: K8sObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const placeholders = (o: unknown): string[] => [...new Set(JSON.stringify(o).match(/\$\{[^}]*\}/g) ?? [])].sort();
const optedOut = (o: K8sObject): boolean => o.metadata.annotations?.[ANNOTATIONS.fluxSubstitute] === FLUX_SUBSTITUTE_DISABLED;

describe('peer: flux build kustomization over the Flux example (render in CI, Flux applies the output)', function () {
  let flux = '';
  let tools: ReturnType<typeof withToolsOnPath> | undefined;
  let rendered: K8sObject[] = [];
  let renderedText = '';
  let builds = 0;

  before(function () {
    flux = requirePeer(this, 'flux');
    tools = withToolsOnPath('flux-peer');
    const out = path.join(tools.dir, 'rendered');
    const r = run(RENDER, [out], { env: tools.env });
    expect(r.code, r.stderr).to.equal(0);
    renderedText = readFileSync(path.join(out, RENDERED_FILE), 'utf8');
    rendered = objects(renderedText);
  });
  after(() => tools?.cleanup());

  /**
   * Lays the rendered manifests out where the Kustomization's spec.path points inside the artifact or
   * repository (a fresh directory per call) and runs `flux build kustomization` there, offline.
   */
  function fluxBuild(kustomizationFile: string, manifests: string, extra: string[] = []): Run & { dir: string } {
    const ks = parse(readFileSync(kustomizationFile, 'utf8')) as FluxKustomization;
    const root = path.join(tools!.dir, `source-${++builds}`);
    const dir = path.join(root, ks.spec.path);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, RENDERED_FILE), manifests);
    const args = ['build', 'kustomization', ks.metadata.name, '--path', dir, '--kustomization-file', kustomizationFile, '--dry-run', ...extra];
    return { ...run(flux, args, { cwd: root, env: { ...process.env, KUBECONFIG: path.join(root, 'no-kubeconfig') } }), dir };
  }

  for (const variant of VARIANTS) {
    describe(`${variant.name} variant (${path.relative(EXAMPLES, variant.file)})`, () => {
      let built: K8sObject[] = [];
      before(() => {
        const r = fluxBuild(variant.file, renderedText);
        expect(r.code, `flux build failed:\n${r.stderr}`).to.equal(0);
        built = objects(r.stdout);
        // flux generates a kustomization.yaml when the path has none, and must clean it up again.
        expect(readdirSync(r.dir)).to.deep.equal([RENDERED_FILE]);
      });

      it('the example post-build substitutes variables, so the opt-out is what is under test', () => {
        const ks = parse(readFileSync(variant.file, 'utf8')) as FluxKustomization;
        expect(ks.spec.postBuild?.substitute, 'postBuild.substitute').to.be.an('object').that.is.not.empty;
      });

      it('builds every rendered object, labelled as applied by this Kustomization', () => {
        expect(built.map(key).sort()).to.deep.equal(rendered.map(key).sort());
        for (const o of built) {
          expect(o.metadata.labels?.['kustomize.toolkit.fluxcd.io/name'], key(o)).to.equal('metric-pipelines');
          expect(o.metadata.labels?.['kustomize.toolkit.fluxcd.io/namespace'], key(o)).to.equal('flux-system');
        }
      });

      it('contains the gateway Deployment and the MetricPipelines', () => {
        const deployment = find(built, 'Deployment', GATEWAY.name);
        expect(deployment.metadata.namespace).to.equal('kyma-system');
        const pipelines = (list: K8sObject[]): string[] => list.filter((o) => o.kind === METRIC_PIPELINE_KIND).map((o) => o.metadata.name).sort();
        expect(pipelines(rendered)).to.deep.equal(['backend']);
        expect(pipelines(built)).to.deep.equal(pipelines(rendered));
        for (const name of pipelines(built)) {
          expect(find(built, METRIC_PIPELINE_KIND, name)['spec']).to.deep.equal(find(rendered, METRIC_PIPELINE_KIND, name)['spec']);
        }
      });

      it('leaves the collector config and every ${…} reference exactly as rendered', () => {
        const configMaps = generatedObjects(rendered).filter((o) => o.kind === 'ConfigMap');
        expect(configMaps.length).to.be.greaterThan(0);
        expect(configMaps.some((o) => JSON.stringify(o['data']).includes('${env:')), 'a ConfigMap references env vars').to.equal(true);
        for (const o of generatedObjects(rendered).filter((g) => g.kind === 'ConfigMap' || g.kind === 'Secret')) {
          const after = find(built, o.kind, o.metadata.name);
          expect(optedOut(after), `${key(o)} keeps the opt-out annotation`).to.equal(true);
          expect(after['data'], `${key(o)} data`).to.deep.equal(o['data']);
          expect(after['stringData'], `${key(o)} stringData`).to.deep.equal(o['stringData']);
        }
        for (const o of rendered) {
          expect(placeholders(find(built, o.kind, o.metadata.name)), key(o)).to.deep.equal(placeholders(o));
        }
      });

      it('also builds with --strict-substitute (no object outside the opt-out has a ${…} to fill)', () => {
        const r = fluxBuild(variant.file, renderedText, ['--strict-substitute']);
        expect(r.code, r.stderr).to.equal(0);
      });
    });
  }

  describe('control: the same output without the opt-out annotation', () => {
    const strip = (text: string): string => {
      const docs = objects(text).map((o) => {
        const annotations = { ...o.metadata.annotations };
        delete annotations[ANNOTATIONS.fluxSubstitute];
        return { ...o, metadata: { ...o.metadata, annotations } };
      });
      expect(docs.filter(optedOut), 'annotation stripped').to.deep.equal([]);
      return docs.map((o) => stringify(o)).join('---\n');
    };

    it('has its ${env:…} references destroyed by the post-build substitution', () => {
      const r = fluxBuild(VARIANTS[0]!.file, strip(renderedText));
      expect(r.code, r.stderr).to.equal(0);
      const built = objects(r.stdout);
      const damaged = rendered.filter((o) => placeholders(o).length > 0).map((o) => find(built, o.kind, o.metadata.name));
      expect(damaged.length).to.be.greaterThan(0);
      for (const o of damaged) expect(placeholders(o), key(o)).to.deep.equal([]);
    });

    it('fails the build under --strict-substitute, naming the unset variable', () => {
      const r = fluxBuild(VARIANTS[0]!.file, strip(renderedText), ['--strict-substitute']);
      expect(r.code).not.to.equal(0);
      expect(r.stderr).to.match(/variable not set \(strict mode\)/);
    });
  });

});
