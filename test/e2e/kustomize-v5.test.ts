/**
 * kustomize v5 (built from sigs.k8s.io/kustomize/kustomize/v5 by `npm run peers`), the kustomize Argo CD
 * and Flux run today, renders the bundled example through the exec function exactly as the npm 4.5.4
 * binary does (test/e2e/kustomize.test.ts holds the golden file both must match).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
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
});
