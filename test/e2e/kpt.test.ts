import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FUNCTION_BIN, REPO_ROOT } from '../support/run-fn';
import { requireTool } from '../support/tools';

const PACKAGE = path.join(REPO_ROOT, 'fixtures', 'kpt-package');
const USER_FILES = ['pipelines.yaml', 'secret.yaml', 'settings.yaml'];

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** A throw-away git checkout of the kpt package with the function referenced by absolute path. */
function checkout(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mpfn-kpt-'));
  cpSync(PACKAGE, dir, { recursive: true });
  const kptfile = path.join(dir, 'Kptfile');
  writeFileSync(kptfile, readFileSync(kptfile, 'utf8').replace('../../function/metricpipeline-fn', FUNCTION_BIN));
  for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base']]) {
    expect(sh('git', args, dir).code).to.equal(0);
  }
  return dir;
}

function gitStatus(dir: string): string {
  return sh('git', ['status', '--porcelain'], dir).out.trim();
}

function commitAll(dir: string): void {
  sh('git', ['add', '-A'], dir);
  sh('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'rendered'], dir);
}

describe('kpt end to end (real kpt binary)', function () {
  let kpt = '';
  const dirs: string[] = [];
  before(function () {
    kpt = requireTool(this, 'kpt') ?? '';
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('kpt fn render --allow-exec writes the gateway into generated/, leaves user files untouched, and is idempotent', () => {
    const dir = checkout();
    dirs.push(dir);
    const first = sh(kpt, ['fn', 'render', dir, '--allow-exec'], dir);
    expect(first.code, first.out).to.equal(0);
    const generated = path.join(dir, 'generated', 'telemetry-metric-gateway.yaml');
    expect(existsSync(generated), first.out).to.equal(true);
    const kinds = parseAllDocuments(readFileSync(generated, 'utf8')).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).to.include.members(['Deployment', 'Service', 'ConfigMap', 'Secret', 'ClusterRole']);
    // The package's shop-runtime pipeline pulls metrics: the agent gets its own file.
    const agentKinds = parseAllDocuments(readFileSync(path.join(dir, 'generated', 'telemetry-metric-agent.yaml'), 'utf8')).map(
      (d) => (d.toJS() as { kind: string }).kind,
    );
    expect(agentKinds).to.deep.equal([
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'ConfigMap',
      'DaemonSet',
      'Service',
      'NetworkPolicy',
      'NetworkPolicy',
    ]);
    // The user's files keep comments and value spelling: git sees no change in them.
    for (const file of USER_FILES) {
      expect(sh('git', ['diff', '--exit-code', '--', file], dir).code, `${file} changed:\n${sh('git', ['diff', file], dir).out}`).to.equal(0);
    }
    commitAll(dir);
    const second = sh(kpt, ['fn', 'render', dir, '--allow-exec'], dir);
    expect(second.code, second.out).to.equal(0);
    expect(gitStatus(dir), 'second render changed files').to.equal('');
  });

  it('kpt fn eval --exec renders the same objects and a second eval changes nothing', () => {
    const dir = checkout();
    dirs.push(dir);
    const args = ['fn', 'eval', dir, '--exec', FUNCTION_BIN, '--', 'namespace=kyma-system', 'gatewayReplicas=3', 'istio=true', 'runtimeCollectionInterval=1m'];
    const first = sh(kpt, args, dir);
    expect(first.code, first.out).to.equal(0);
    expect(existsSync(path.join(dir, 'generated', 'telemetry-metric-gateway.yaml'))).to.equal(true);
    const agent = readFileSync(path.join(dir, 'generated', 'telemetry-metric-agent.yaml'), 'utf8');
    expect(agent).to.contain('collection_interval: 1m').and.to.contain('sidecar.istio.io/inject: "true"');
    for (const file of USER_FILES) expect(sh('git', ['diff', '--exit-code', '--', file], dir).code).to.equal(0);
    commitAll(dir);
    const second = sh(kpt, args, dir);
    expect(second.code, second.out).to.equal(0);
    expect(gitStatus(dir)).to.equal('');
  });

  it('kpt fn render fails with the function message and leaves the package intact on bad input', () => {
    const dir = checkout();
    dirs.push(dir);
    // The Secret is in the input, so its keys are checked (a Secret of the gateway namespace that is not in
    // the input would be read in the cluster instead).
    writeFileSync(path.join(dir, 'secret.yaml'), readFileSync(path.join(dir, 'secret.yaml'), 'utf8').replace('endpoint: https://', 'url: https://'));
    commitAll(dir);
    const r = sh(kpt, ['fn', 'render', dir, '--allow-exec'], dir);
    expect(r.code).not.to.equal(0);
    expect(r.out).to.contain("Secret 'shop-backend' of Namespace 'kyma-system'");
    expect(gitStatus(dir)).to.equal('');
  });
});
