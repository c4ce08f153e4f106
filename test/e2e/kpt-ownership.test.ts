import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FUNCTION_BIN, REPO_ROOT } from '../support/run-fn';
import { requireTool } from '../support/tools';

/**
 * Under kpt the output is the package on disk: an object the function drops is a file deleted, a value it
 * changes is a file rewritten. A user's file carrying the function's label, with keep-chomping block
 * scalars, must come through byte for byte; the function's own files must follow a namespace change.
 * (Folded scalars are left out: kpt itself re-spells `>-` as a quoted string, even with `cat` as function.)
 */
const PACKAGE = path.join(REPO_ROOT, 'fixtures', 'kpt-package');

const USER_FILE = `# The team reuses the function's label for its own dashboards.
apiVersion: v1
kind: ConfigMap
metadata:
  name: dashboards
  namespace: monitoring
  labels:
    app.kubernetes.io/managed-by: metricpipeline-fn
data:
  kept: |+
    keeps its blank lines

  stripped: |-
    no line break
  last: |+
    ends the file


`;

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function git(dir: string, ...args: string[]) {
  return sh('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], dir);
}

function checkout(dirs: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mpfn-kpt-own-'));
  dirs.push(dir);
  cpSync(PACKAGE, dir, { recursive: true });
  const kptfile = path.join(dir, 'Kptfile');
  writeFileSync(kptfile, readFileSync(kptfile, 'utf8').replace('../../function/metricpipeline-fn', FUNCTION_BIN));
  writeFileSync(path.join(dir, 'dashboards.yaml'), USER_FILE);
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-qm', 'base']]) expect(git(dir, ...args).code).to.equal(0);
  return dir;
}

function namespacesOf(file: string): string[] {
  return [...new Set(parseAllDocuments(readFileSync(file, 'utf8')).map((d) => (d.toJS() as { metadata: { namespace?: string } }).metadata.namespace ?? ''))].sort();
}

describe('kpt and objects carrying the managed-by label (real kpt binary)', function () {
  let kpt = '';
  const dirs: string[] = [];
  before(function () {
    kpt = requireTool(this, 'kpt') ?? '';
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('kpt fn render keeps a user file with the label byte for byte, and warns about it', () => {
    const dir = checkout(dirs);
    const r = sh(kpt, ['fn', 'render', dir, '--allow-exec'], dir);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.contain('ConfigMap/monitoring/dashboards metadata.labels: the object carries the app.kubernetes.io/managed-by: metricpipeline-fn label');
    expect(existsSync(path.join(dir, 'dashboards.yaml')), 'the user file was deleted').to.equal(true);
    expect(readFileSync(path.join(dir, 'dashboards.yaml'), 'utf8')).to.equal(USER_FILE);
  });

  it('kpt fn eval follows a namespace change: the old namespace objects give way to the new ones', () => {
    const dir = checkout(dirs);
    for (const namespace of ['first', 'second']) {
      const r = sh(kpt, ['fn', 'eval', dir, '--exec', FUNCTION_BIN, '--', `namespace=${namespace}`, 'statusImage=registry.example.com/status:1'], dir);
      expect(r.code, r.out).to.equal(0);
    }
    const gateway = path.join(dir, 'generated', 'telemetry-metric-gateway.yaml');
    // Cluster-scoped objects have no namespace.
    expect(namespacesOf(gateway)).to.deep.equal(['', 'second']);
    expect(readFileSync(path.join(dir, 'dashboards.yaml'), 'utf8')).to.equal(USER_FILE);
  });
});
