/**
 * The Argo CD plugin sidecar (examples/argocd/sidecar/Dockerfile) built on the function image and run the
 * way Argo CD's cmp-server runs plugin.yaml: its commands through the image's own sh, as user 999,
 * here additionally without network and with a read-only root.
 */
import { expect } from 'chai';
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { FUNCTION_BIN, REPO_ROOT } from '../support/run-fn';
import { KUSTOMIZE_BIN, requireTool } from '../support/tools';
import { binDir, ensureSidecarImage, podman, run, scratch, SIDECAR_IMAGE } from './podman';

const ARGOCD = path.join(REPO_ROOT, 'examples', 'argocd');

interface Command {
  command: string[];
  args?: string[];
}
interface Plugin {
  spec: { generate: Command; discover: { find: Command } };
}

const plugin = (): Plugin => parse(readFileSync(path.join(ARGOCD, 'repo-server', 'plugin.yaml'), 'utf8')) as Plugin;
const argv = (c: Command): string[] => [...c.command, ...(c.args ?? [])];

/** Runs a plugin command in the sidecar image over a copy of an application directory, like cmp-server. */
function inSidecar(appDir: string, command: string[]) {
  return podman([
    'run', '--rm', '--network', 'none', '--user', '999', '--read-only', '--cap-drop', 'ALL',
    '--volume', `${appDir}:/src:ro`, '--workdir', '/src',
    SIDECAR_IMAGE, ...command,
  ]);
}

describe('Argo CD plugin sidecar image (podman)', function () {
  before(function () {
    this.timeout(30 * 60_000);
    if (!requireTool(this, 'podman')) return;
    ensureSidecarImage();
  });

  it("runs plugin.yaml's generate command as user 999 and prints what the exec function renders on the host", () => {
    const app = path.join(ARGOCD, 'app');
    const { dir, cleanup } = scratch('argocd-host');
    try {
      const bin = binDir(dir, { 'metricpipeline-fn': FUNCTION_BIN });
      const onHost = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', '.'], {
        cwd: app,
        env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      });
      expect(onHost.code, onHost.stderr).to.equal(0);
      const generated = inSidecar(app, argv(plugin().spec.generate));
      expect(generated.code, generated.stderr).to.equal(0);
      expect(generated.stdout).to.equal(onHost.stdout);
      expect(generated.stdout).to.contain('kind: Deployment');
    } finally {
      cleanup();
    }
  });

  it('fails the generation (non-zero, nothing on stdout) when the function rejects the input', () => {
    const { dir, cleanup } = scratch('argocd-broken');
    try {
      cpSync(path.join(ARGOCD, 'app'), dir, { recursive: true });
      chmodSync(dir, 0o755); // mkdtemp makes it private; the sidecar reads it as user 999
      // A Secret of another namespace would be copied, which the example's `credentials: reference` refuses.
      const pipelines = path.join(dir, 'pipelines.yaml');
      writeFileSync(pipelines, readFileSync(pipelines, 'utf8').replaceAll('namespace: kyma-system', 'namespace: shop'));
      const generated = inSidecar(dir, argv(plugin().spec.generate));
      expect(generated.code).not.to.equal(0);
      expect(generated.stdout).to.equal('');
      expect(generated.stderr).to.contain('backend-credentials');
    } finally {
      cleanup();
    }
  });

  it("discover claims the example application and not a plain kustomize directory", () => {
    const find = argv(plugin().spec.discover.find);
    const claimed = inSidecar(path.join(ARGOCD, 'app'), find);
    expect(claimed.code, claimed.stderr).to.equal(0);
    expect(claimed.stdout.trim()).not.to.equal('');
    const plain = inSidecar(path.join(REPO_ROOT, 'examples', 'kustomize', 'base'), find);
    expect(plain.code, plain.stderr).to.equal(0);
    expect(plain.stdout.trim()).to.equal('');
  });
});
