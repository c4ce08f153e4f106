/**
 * examples/kpt/metrics-exec (Kptfile `exec:`) and function/kpt-pipeline-exec.yaml rendered with the real
 * kpt; the `image:` package is rendered in test/container (it needs podman).
 */
import { expect } from 'chai';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTION_BIN, REPO_ROOT } from '../support/run-fn';
import { requireTool } from '../support/tools';
import { EXAMPLES, objects, run, withToolsOnPath } from './support';

const EXEC_PKG = path.join(EXAMPLES, 'kpt', 'metrics-exec');
const USER_FILES = ['Kptfile', 'fn-config.yaml', 'pipelines.yaml', 'secret.yaml'];

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = readFileSync(full, 'utf8');
  }
  return files;
}

describe('example: kpt packages (exec function, real kpt)', function () {
  let kpt = '';
  let tools: ReturnType<typeof withToolsOnPath>;
  before(function () {
    kpt = requireTool(this, 'kpt') ?? '';
    tools = withToolsOnPath('kpt-example');
  });
  after(() => tools?.cleanup());

  /** A copy of examples/kpt/metrics-exec whose Kptfile is `kptfile` (exec path made absolute). */
  function pkgCopy(name: string, kptfile?: string): string {
    const dir = path.join(tools.dir, name);
    cpSync(EXEC_PKG, dir, { recursive: true });
    const text = kptfile ?? readFileSync(path.join(EXEC_PKG, 'Kptfile'), 'utf8');
    writeFileSync(path.join(dir, 'Kptfile'), text.replace('../../../function/metricpipeline-fn', FUNCTION_BIN));
    return dir;
  }

  it('metrics-exec: kpt fn render --allow-exec writes generated/, leaves the user files alone and is idempotent', () => {
    const dir = pkgCopy('metrics-exec');
    const before = readTree(dir);
    const first = run(kpt, ['fn', 'render', dir, '--allow-exec'], { env: tools.env });
    expect(first.code, first.stderr).to.equal(0);
    const after = readTree(dir);
    for (const file of USER_FILES.filter((f) => f !== 'Kptfile')) expect(after[file], file).to.equal(before[file]);
    const generated = Object.keys(after).filter((f) => f.startsWith('generated/'));
    expect(generated).to.have.length.greaterThan(0);
    const kinds = generated.flatMap((f) => objects(after[f]!).map((o) => o.kind));
    expect(kinds).to.include.members(['Deployment', 'Service', 'ConfigMap', 'Secret']);
    const second = run(kpt, ['fn', 'render', dir, '--allow-exec'], { env: tools.env });
    expect(second.code, second.stderr).to.equal(0);
    expect(readTree(dir)).to.deep.equal(after);
  });

  it('both packages apply their MetricPipelines and the gateway-namespace Secret (not local-config): the status job writes the status, the gateway reads the Secret', () => {
    for (const pkg of ['metrics-exec', 'metrics-image']) {
      const applied = ['pipelines.yaml', 'secret.yaml'].flatMap((f) => objects(readFileSync(path.join(EXEC_PKG, '..', pkg, f), 'utf8')));
      expect(applied.map((o) => o.kind).sort(), pkg).to.deep.equal(['MetricPipeline', 'Secret']);
      for (const o of applied) expect(o.metadata.annotations?.['config.kubernetes.io/local-config'], `${pkg}: ${o.kind} ${o.metadata.name}`).to.equal(undefined);
    }
    const dir = pkgCopy('status-target');
    expect(run(kpt, ['fn', 'render', dir, '--allow-exec'], { env: tools.env }).code).to.equal(0);
    const rendered = Object.entries(readTree(dir)).filter(([f]) => f.startsWith('generated/')).flatMap(([, text]) => objects(text));
    const statusWriter = rendered.filter((o) => o.kind === 'ClusterRole' && JSON.stringify(o).includes('metricpipelines/status'));
    expect(statusWriter, 'a ClusterRole that lets the status job write MetricPipeline status').to.have.length(1);
  });

  it('a Kptfile mutator without configPath, next to fn-config.yaml, gets a warning naming the file to set', () => {
    const kptfile = readFileSync(path.join(EXEC_PKG, 'Kptfile'), 'utf8').replace(/^\s*configPath:.*\n/m, '');
    const dir = pkgCopy('no-config-path', kptfile);
    const r = run(kpt, ['fn', 'render', dir, '--allow-exec'], { env: tools.env });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('RenderMetricPipelines metricpipeline-fn (fn-config.yaml) is in the input but the function got no functionConfig');
    expect(r.stderr).to.contain('set `configPath: fn-config.yaml`');
  });

  it('function/kpt-pipeline-exec.yaml as a Kptfile (function on PATH) renders the same files as the example package', () => {
    const example = pkgCopy('example');
    const snippet = pkgCopy('snippet', readFileSync(path.join(REPO_ROOT, 'function', 'kpt-pipeline-exec.yaml'), 'utf8'));
    for (const dir of [example, snippet]) {
      const r = run(kpt, ['fn', 'render', dir, '--allow-exec'], { env: tools.env });
      expect(r.code, r.stderr).to.equal(0);
    }
    const pick = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([f]) => f.startsWith('generated/')));
    expect(pick(readTree(snippet))).to.deep.equal(pick(readTree(example)));
    expect(existsSync(path.join(snippet, 'generated'))).to.equal(true);
  });
});
