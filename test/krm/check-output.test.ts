/**
 * check-output: the guard that turns "the function did not run" (kustomize without --enable-exec exits 0 and
 * prints its input) into a failure, and otherwise passes the manifests through untouched.
 */
import { expect } from 'chai';
import { checkOutput } from '../../src/krm/check-output';
import { run, type Io } from '../../src/krm/main';

const PIPELINE = 'apiVersion: telemetry.kyma-project.io/v1beta1\nkind: MetricPipeline\nmetadata: {name: a}\nspec: {}\n';
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData: {k: v}\n';
const GATEWAY =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: telemetry-metric-gateway\n  labels: {app.kubernetes.io/managed-by: metricpipeline-fn}\n';

function io(stdin: string): Io & { out: string; err: string } {
  const captured = { out: '', err: '' };
  return Object.assign(captured, {
    stdin: () => stdin,
    stdout: (t: string) => (captured.out += t),
    stderr: (t: string) => (captured.err += t),
    now: () => new Date(0),
  });
}

describe('check-output', () => {
  it('fails on MetricPipelines without anything the function renders, saying why it matters', () => {
    const check = checkOutput(`${PIPELINE}---\n${SECRET}`);
    expect(check.ok).to.equal(false);
    expect(check.message).to.match(/^the output holds 1 MetricPipeline\(s\) but nothing metricpipeline-fn renders/);
    expect(check.message).to.contain('--enable-exec');
    expect(check.message).to.contain('delete the collectors');
  });

  it('passes a render (stream, List or ResourceList) and output without MetricPipelines', () => {
    expect(checkOutput(`${PIPELINE}---\n${GATEWAY}`).ok).to.equal(true);
    expect(checkOutput(SECRET).ok).to.equal(true);
    expect(checkOutput('').ok).to.equal(true);
    const list = (kind: string) => `apiVersion: v1\nkind: ${kind}\nitems:\n- {apiVersion: telemetry.kyma-project.io/v1alpha1, kind: MetricPipeline, metadata: {name: a}}\n`;
    expect(checkOutput(list('List')).ok).to.equal(false);
    expect(checkOutput(list('ResourceList')).ok).to.equal(false);
  });

  it('ignores a MetricPipeline kind of another API group', () => {
    expect(checkOutput('apiVersion: example.com/v1\nkind: MetricPipeline\nmetadata: {name: a}\n').ok).to.equal(true);
  });

  it('refuses what is not YAML instead of passing it on', () => {
    expect(checkOutput('a: [b\n').ok).to.equal(false);
  });

  it('as a command: stdin to stdout byte for byte when it passes; exit 1, nothing on stdout, one line on stderr when not', () => {
    const text = `# a comment kustomize would not write\n${PIPELINE}---\n${GATEWAY}`;
    const good = io(text);
    expect(run(['check-output'], good)).to.equal(0);
    expect(good.out).to.equal(text);
    expect(good.err).to.equal('');
    const bad = io(PIPELINE);
    expect(run(['check-output'], bad)).to.equal(1);
    expect(bad.out).to.equal('');
    expect(bad.err.trim().split('\n')).to.have.length(1);
    expect(run(['check-output', 'a', 'b'], io(''))).to.equal(1);
  });
});
