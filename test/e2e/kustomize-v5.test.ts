/**
 * kustomize v5 (built from sigs.k8s.io/kustomize/kustomize/v5 by `npm run peers`), the kustomize Argo CD
 * and Flux run today, renders the bundled example through the exec function exactly as the npm 4.5.4
 * binary does (test/e2e/kustomize.test.ts holds the golden file both must match).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectGolden } from '../support/golden';
import { requirePeer } from '../support/peers';
import { REPO_ROOT } from '../support/run-fn';

describe('kustomize v5 end to end (real peer, exec function)', () => {
  let kustomize = '';
  before(function () {
    kustomize = requirePeer(this, 'kustomize');
  });

  it('is kustomize v5', () => {
    const r = spawnSync(kustomize, ['version'], { encoding: 'utf8' });
    expect(r.stdout.trim()).to.match(/^v5\./);
  });

  it('renders the bundled example to the same output as kustomize 4.5.4', () => {
    const r = spawnSync(kustomize, ['build', '--enable-alpha-plugins', '--enable-exec', '.'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).to.equal(0);
    expectGolden('e2e/kustomize-example.yaml', r.stdout);
  });

  it('a top-level `namespace:` that moves the referenced Secrets gets a warning naming where they went (issue 21)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-kustomize-ns-'));
    try {
      for (const f of ['pipelines.yaml', 'secrets.yaml']) cpSync(path.join(REPO_ROOT, 'fixtures', 'example', f), path.join(dir, f));
      const declaration = `apiVersion: fn.metricpipeline.dev/v1alpha1
kind: RenderMetricPipelines
metadata:
  name: metricpipeline-fn
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: ${path.join(REPO_ROOT, 'function', 'metricpipeline-fn')}
statusImage: registry.example.com/status:1
`;
      writeFileSync(path.join(dir, 'fn.yaml'), declaration);
      writeFileSync(path.join(dir, 'kustomization.yaml'), 'namespace: observability\nresources: [pipelines.yaml, secrets.yaml]\ntransformers: [fn.yaml]\n');
      const r = spawnSync(kustomize, ['build', '--enable-alpha-plugins', '--enable-exec', dir], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).to.equal(0);
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: MetricPipeline/'));
      expect(warnings, r.stderr).to.not.be.empty;
      for (const w of warnings) {
        expect(w).to.match(/Secret '[^']+' of Namespace 'kyma-system' is not in the input/);
        expect(w).to.contain("in Namespace 'observability': did a kustomize `namespace:` move it?");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
