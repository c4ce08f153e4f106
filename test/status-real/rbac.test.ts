/**
 * Issue 19, part 1: the status job's rendered RBAC on a real API server (RBAC authorizer), and the job
 * authenticating with a TokenRequest token of its own ServiceAccount (run-pod, as the kubelet would mount it).
 *
 * Real: kube-apiserver + etcd, the rendered ServiceAccount, ClusterRole, Role and bindings applied as the
 * function wrote them; `kubectl auth can-i --as=<the job's ServiceAccount>` asks the real authorizer; the job
 * is the bundled program run with the CronJob's command and arguments.
 * Stand-in: run-pod for the kubelet (see scripts/peers/run-pod).
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { requireFlowPeers, stopwatch } from '../flow/support';
import { mapConcurrently } from '../support/concurrency';
import { expectCleanRun, metricPipeline, NS, runStatusJob, startStatusCluster, STATUS_SA, type StatusCluster } from './support';

/** Every call the job makes (src/status/cluster/api.ts), as can-i arguments. */
const NEEDED: string[][] = [
  ['list', 'metricpipelines.telemetry.kyma-project.io'],
  ['get', 'metricpipelines.telemetry.kyma-project.io/backend'],
  ['patch', 'metricpipelines.telemetry.kyma-project.io/backend', '--subresource=status'],
  ['get', 'configmaps/telemetry-metric-gateway', '-n', NS],
  ['get', 'configmaps/telemetry-metric-status', '-n', NS],
  ['create', 'configmaps', '-n', NS],
  ['update', 'configmaps/telemetry-metric-status', '-n', NS],
  ['get', 'deployments.apps/telemetry-metric-gateway', '-n', NS],
  ['get', 'daemonsets.apps/telemetry-metric-agent', '-n', NS],
  ['list', 'pods', '-n', NS],
  ['list', 'endpointslices.discovery.k8s.io', '-n', NS],
];

/** What it must not be able to do: read credentials, reach outside its namespace, exec, change specs. */
const FORBIDDEN: string[][] = [
  ['get', 'secrets', '-n', NS],
  ['list', 'secrets', '-n', NS],
  ['list', 'secrets', '--all-namespaces'],
  ['get', 'configmaps/telemetry-metric-gateway', '-n', 'default'],
  ['list', 'configmaps', '-n', NS],
  ['get', 'configmaps/kube-root-ca.crt', '-n', NS],
  ['update', 'configmaps/telemetry-metric-gateway', '-n', NS],
  ['list', 'pods', '-n', 'default'],
  ['create', 'pods/exec', '-n', NS],
  ['create', 'pods', '-n', NS],
  ['update', 'metricpipelines.telemetry.kyma-project.io/backend'],
  ['patch', 'metricpipelines.telemetry.kyma-project.io/backend'],
  ['create', 'metricpipelines.telemetry.kyma-project.io'],
  ['delete', 'metricpipelines.telemetry.kyma-project.io/backend'],
  ['watch', 'metricpipelines.telemetry.kyma-project.io'],
  ['update', 'deployments.apps/telemetry-metric-gateway', '-n', NS],
  ['list', 'endpointslices.discovery.k8s.io', '-n', 'default'],
];

describe('status job on a real API server: exactly its RBAC, its own token (issue 19)', function () {
  this.timeout(120_000);
  let c: StatusCluster | undefined;
  const clock = stopwatch();

  before(async function () {
    requireFlowPeers(this);
    clock.restart();
    const pipeline = metricPipeline('backend', { output: { otlp: { protocol: 'grpc', endpoint: { value: 'http://127.0.0.1:4317' } } } });
    c = await startStatusCluster([pipeline], { gatewayReplicas: '1', statusWindowSeconds: '10' });
    clock.mark('cluster up, output applied');
  });

  after(function () {
    clock.report();
    c?.stop();
  });

  /** The authorizer's answer to each question, keyed by the question. */
  const canI = async (questions: string[][]): Promise<Record<string, string>> => {
    const answers = await mapConcurrently(questions, 6, (args) =>
      // `can-i` answers on stdout and exits 1 for "no".
      new Promise<string>((resolve) =>
        execFile('kubectl', ['--kubeconfig', c!.cp.kubeconfig, 'auth', 'can-i', ...args, `--as=${STATUS_SA}`], { timeout: 30_000 }, (_, stdout) => resolve(stdout.trim())),
      ),
    );
    return Object.fromEntries(questions.map((a, i) => [a.join(' '), answers[i] as string]));
  };
  const all = (questions: string[][], answer: string) => Object.fromEntries(questions.map((a) => [a.join(' '), answer]));

  it('may do every call it makes', async () => {
    expect(await canI(NEEDED)).to.deep.equal(all(NEEDED, 'yes'));
  });

  it('may not read Secrets, other namespaces or other ConfigMaps, exec into pods or change a MetricPipeline', async () => {
    expect(await canI(FORBIDDEN)).to.deep.equal(all(FORBIDDEN, 'no'));
  });

  it('authenticates with its own ServiceAccount token and writes the status through the status subresource', async () => {
    const run = await runStatusJob(c!);
    clock.mark('job run');
    expectCleanRun(run);
    // The CronJob's own command, with the ServiceAccount's files where client-node's in-cluster config reads them.
    expect(run.log).to.match(new RegExp(`running node /app/function/metricpipeline-status run --namespace ${NS} .*/var/run/secrets/kubernetes.io/serviceaccount`));
    const p = c!.pipeline('backend');
    expect(p.status?.observedGeneration).to.equal(p.metadata.generation);
    expect((p.status?.conditions ?? []).map((x) => x.type)).to.deep.equal(['ConfigurationGenerated', 'GatewayHealthy', 'AgentHealthy', 'TelemetryFlowHealthy', 'Ready']);
    // The state it keeps for the next run: created by the job (create), in its own namespace.
    const state = JSON.parse(c!.cp.kubectl(['get', 'configmap', 'telemetry-metric-status', '-n', NS, '-o', 'json'])) as { data: Record<string, string> };
    expect(Object.keys(state.data)).to.include('state.json');
  });

  it('is refused once its ClusterRoleBinding is gone: the token carries no other right', async () => {
    c!.cp.kubectl(['delete', 'clusterrolebinding', 'telemetry-metric-status']);
    const run = await runStatusJob(c!);
    clock.mark('job run without its binding');
    expect(run.code, run.log).to.equal(4);
    const failure = run.lines.find((l) => l.msg === 'MetricPipelines could not be listed; no status written');
    expect(failure, run.log).to.not.equal(undefined);
    expect(String(failure?.['error'])).to.match(new RegExp(`403 .*"${STATUS_SA}" cannot list resource "metricpipelines"`));
  });
});
