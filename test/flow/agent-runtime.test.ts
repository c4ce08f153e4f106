/**
 * Issue 18, the runtime input end to end: the scenario `agent-two-pipelines` (test/collector/agent-scenarios.ts,
 * golden files test/golden/collector/agent-two-pipelines*.yaml) rendered by the function and run:
 *
 *   shop   prometheus input, namespace shop only, OTLP input off
 *   infra  runtime input (containers off, additional metric k8s.pod.uptime), kube-system excluded; OTLP from infra only
 *
 * Real: the function's output applied to a real kube-apiserver + etcd; the agent (DaemonSet, node-1) and the
 * gateway (Deployment) as the real collector reading the rendered configs unchanged, authorised by the rendered
 * RBAC; the kubeletstats receiver scraping over HTTPS with the pod's service-account token, k8s_cluster
 * watching real Deployments/StatefulSets and holding the real Lease, k8sattributes on real Pods; the OTLP
 * producers (official OpenTelemetry JS SDK, test/flow/pod-client.ts); the backends (real collectors writing
 * what they receive, one per pipeline).
 *
 * Stand-ins, and why:
 *  - the kubelet's API (no kubelet here): test/flow/stand-in-kubelet.ts serves /stats/summary and /pods for the
 *    node's Pod objects, authenticating and authorising each caller through the real API server (the stand-in
 *    itself is checked in test/flow/stand-in-kubelet.test.ts, including the 401/403 it gives other callers);
 *  - the kubelet running pods, the scheduler and the controllers: scripts/peers/run-pod for the collectors and
 *    producers, test/flow/runtime-world.ts for pods whose processes do not matter (db-0, coredns);
 *  - cluster DNS and node-name resolution: run-pod's /etc/hosts maps node-1 to its host IP 127.X.Y.1 (the
 *    receiver calls https://${env:MY_NODE_NAME}:10250) and the gateway Service's name to the gateway pod's IP.
 *
 * The Prometheus cases of the scenario (shop's input) are proven in test/flow/agent.test.ts.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { ControlPlane } from '../support/peers';
import { REPO_ROOT } from '../support/run-fn';
import { runPod, type RunningPod } from '../support/run-pod';
import { kubeApi } from './kube-api';
import { NODE_INTERFACES, type Summary } from './kubelet-summary';
import { buildWorld, type World } from './runtime-world';
import { startStandInKubelet, type KubeletRequest, type StandInKubelet } from './stand-in-kubelet';
import { prepareControlPlane, producerDeployment, randomSubnet, readSink, renderItems, requireFlowPeers, startSink, stopProcess, stopwatch, waitFor, type Producer, type Received, type Sink, controlPlaneSoon } from './support';

const SUBNET = randomSubnet();
const NODE = { name: 'node-1', hostIp: `${SUBNET}.1` };
const GATEWAY_IP = `${SUBNET}.2`;
const AGENT_IP = `${SUBNET}.3`;
type ProducerKey = 'infra' | 'shop' | 'marker';
const PRODUCERS: Record<ProducerKey, Producer> = {
  infra: { namespace: 'infra', deployment: 'producer-infra', ip: `${SUBNET}.4`, protocol: 'grpc', metric: 'flow_infra_requests' },
  shop: { namespace: 'shop', deployment: 'producer-shop', ip: `${SUBNET}.5`, protocol: 'http', metric: 'flow_shop_requests' },
  // An application claiming an input marker of its own.
  marker: { namespace: 'infra', deployment: 'producer-marker', ip: `${SUBNET}.6`, protocol: 'grpc', metric: 'flow_marker_requests', env: { OTEL_RESOURCE_ATTRIBUTES: 'kyma.input.name=made-up' } },
};
const AGENT_USER = 'system:serviceaccount:kyma-system:telemetry-metric-agent';

/** The scenario's pipelines as a user writes them; only the endpoints are this run's backends. */
function pipelines(ports: { shop: number; infra: number }): object[] {
  return parseAllDocuments(`
apiVersion: telemetry.kyma-project.io/v1beta1
kind: MetricPipeline
metadata: {name: shop}
spec:
  input:
    otlp: {enabled: false}
    prometheus:
      enabled: true
      namespaces: {include: [shop]}
  output:
    otlp:
      endpoint: {value: "http://127.0.0.1:${ports.shop}"}
---
apiVersion: telemetry.kyma-project.io/v1beta1
kind: MetricPipeline
metadata: {name: infra}
spec:
  input:
    otlp:
      namespaces: {include: [infra]}
    runtime:
      enabled: true
      namespaces: {exclude: [kube-system]}
      resources:
        container: {enabled: false}
      additionalMetrics: [k8s.pod.uptime]
  output:
    otlp:
      endpoint: {value: "http://127.0.0.1:${ports.infra}"}
`).map((d) => d.toJS() as object);
}

interface Row {
  resource: Record<string, string>;
  metric: string;
  points: { attributes: Record<string, string>; time: string }[];
}
const rowsOf = (received: Received[]): Row[] => received.flatMap((r) => r.detail.map((d) => ({ resource: r.attributes, metric: d.name, points: d.points })));

/** The sum of a counter's series on a collector's /metrics whose labels include `label="value"`. */
function counter(text: string, name: RegExp, label: string, value: string): number {
  return text
    .split('\n')
    .filter((l) => name.test(l.slice(0, l.indexOf('{'))) && l.includes(`${label}="${value}"`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
const FILTERED = /^otelcol_processor_filter_datapoints_filtered(_total)?$/;

describe('flow: the runtime input through a stand-in kubelet, the agent and the gateway (issue 18, scenario 3)', function () {
  this.timeout(240_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  const sinks: { shop?: Sink; infra?: Sink } = {};
  let kubelet: StandInKubelet | undefined;
  const producers: Partial<Record<ProducerKey, RunningPod>> = {};
  const podName = (key: ProducerKey) => producers[key]!.podName;
  let gateway: RunningPod | undefined;
  let agent: RunningPod | undefined;
  let world: World | undefined;
  let items: { kind: string; metadata: { name: string }; data?: Record<string, string> }[] = [];
  let infra: Row[] = [];
  let shop: Row[] = [];
  const self = { agent: '', gateway: '' };
  let served: { requests: KubeletRequest[]; summary?: Summary } = { requests: [] };
  const clock = stopwatch();

  const find = (rows: Row[], metric: string, resource: Record<string, string> = {}) =>
    rows.filter((r) => r.metric === metric && Object.entries(resource).every(([k, v]) => r.resource[k] === v));

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-runtime-'));
    await Promise.all([
      startSink(otelcol, dir, 'shop', 'grpc').then((s) => (sinks.shop = s)),
      startSink(otelcol, dir, 'infra', 'grpc').then((s) => (sinks.infra = s)),
      controlPlaneSoon().then((c) => (cp = c)),
    ]);
    if (cp === undefined) throw new Error('no control plane');
    clock.mark('control plane and sinks up');

    const output = renderItems(pipelines({ shop: sinks.shop!.port, infra: sinks.infra!.port }), { collectionInterval: '2s', runtimeCollectionInterval: '2s' });
    const outputFile = path.join(dir, 'output.yaml');
    writeFileSync(outputFile, output);
    items = (parse(output) as { items: typeof items }).items;
    await prepareControlPlane(cp, ['kyma-system', 'infra', 'shop'], ['infra', 'shop', 'kube-system']);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    kubelet = await startStandInKubelet(kubeApi(cp), NODE);
    const onNode = { kubeconfig: cp.kubeconfig, node: NODE.name, hostIp: NODE.hostIp };
    gateway = await runPod(outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', { ...onNode, podIp: GATEWAY_IP });
    world = buildWorld(cp, NODE, { db: `${SUBNET}.7`, coredns: `${SUBNET}.8` });
    clock.mark('gateway and workloads up');

    const producersFile = path.join(dir, 'producers.yaml');
    writeFileSync(producersFile, Object.values(PRODUCERS).map((p) => stringify(producerDeployment(p, GATEWAY_IP))).join('---\n'));
    cp.kubectl(['apply', '-f', producersFile]);
    for (const [key, p] of Object.entries(PRODUCERS) as [ProducerKey, Producer][]) {
      producers[key] = await runPod(producersFile, `Deployment/${p.namespace}/${p.deployment}`, { ...onNode, podIp: p.ip, ready: /pod-client: exporting/ });
    }
    agent = await runPod(outputFile, 'DaemonSet/kyma-system/telemetry-metric-agent', {
      ...onNode,
      podIp: AGENT_IP,
      hosts: { [NODE.name]: NODE.hostIp, 'telemetry-otlp-metrics.kyma-system.svc.cluster.local': GATEWAY_IP },
    });
    clock.mark('producers and agent up');

    const wanted: [string, (rows: Row[]) => boolean][] = [
      ['db-0 pod metric', (r) => find(r, 'k8s.pod.cpu.usage', { 'k8s.pod.name': 'db-0', 'k8s.statefulset.name': 'db' }).length > 0],
      ['producer-shop pod metric', (r) => find(r, 'k8s.pod.cpu.usage', { 'k8s.deployment.name': 'producer-shop' }).length > 0],
      ['k8s.pod.uptime', (r) => find(r, 'k8s.pod.uptime', { 'k8s.namespace.name': 'infra' }).length > 0],
      ['node network on eth0', (r) => find(r, 'k8s.node.network.io').some((m) => m.points.some((p) => p.attributes['interface'] === 'eth0'))],
      ['PVC volume', (r) => find(r, 'k8s.volume.available', { 'k8s.volume.name': 'data' }).length > 0],
      ['deployment metric', (r) => find(r, 'k8s.deployment.available', { 'k8s.deployment.name': 'producer-infra' }).length > 0],
      ['OTLP from infra', (r) => find(r, PRODUCERS.infra.metric).some((m) => m.resource['k8s.pod.name'] !== undefined)],
      ['OTLP with a made-up marker', (r) => find(r, PRODUCERS.marker.metric).some((m) => m.resource['k8s.pod.name'] !== undefined)],
    ];
    const missing = () => wanted.filter(([, ok]) => !ok(rowsOf(readSink(sinks.infra!.file)))).map(([what]) => what);
    await waitFor('the infra backend to receive every kind of data', () => (missing().length === 0 ? true : undefined), 90_000, () =>
      `; missing: ${missing().join(', ')}\n--- agent log (tail) ---\n${agent?.log().slice(-5000)}\n--- gateway log (tail) ---\n${gateway?.log().slice(-3000)}`);
    clock.mark('infra received everything');
    [self.agent, self.gateway] = await Promise.all([AGENT_IP, GATEWAY_IP].map(async (ip) => (await fetch(`http://${ip}:8888/metrics`)).text()));

    // Producers flush, the agent's last batch reaches the gateway, the gateway drains to the backends.
    await Promise.all(Object.values(producers).map((p) => p.stop()));
    await agent.stop(20_000);
    await gateway.stop(20_000);
    clock.mark('stopped');
    infra = rowsOf(readSink(sinks.infra!.file));
    shop = rowsOf(readSink(sinks.shop!.file));
    served = { requests: [...kubelet.requests], summary: kubelet.lastSummary() };
    clock.report();
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...Object.values(producers).map((p) => p.stop()), agent?.stop(), gateway?.stop()]);
    await Promise.all([stopProcess(sinks.shop?.process), stopProcess(sinks.infra?.process), kubelet?.close()]);
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('runs the configs of the golden agent-two-pipelines scenario, but for the 2s intervals (and plain-text backends)', () => {
    const relay = (name: string) => parse(items.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!.data!['relay.conf']!.replace(/(collection_interval|scrape_interval): 2s/g, '$1: 30s')) as Record<string, Record<string, Record<string, unknown>>>;
    const golden = (file: string) => parse(readFileSync(path.join(REPO_ROOT, 'test', 'golden', 'collector', file), 'utf8')) as unknown;
    const gatewayConf = relay('telemetry-metric-gateway');
    for (const exporter of Object.values(gatewayConf['exporters']!)) {
      expect(exporter['tls'], 'http:// endpoints').to.deep.equal({ insecure: true });
      delete exporter['tls'];
    }
    const agentConf = relay('telemetry-metric-agent');
    expect(agentConf).to.deep.equal(golden('agent-two-pipelines.yaml'));
    expect(gatewayConf).to.deep.equal(golden('agent-two-pipelines.gateway.yaml'));
    // What lets the stand-in kubelet's self-signed certificate through, as a kubelet's usually is.
    expect(agentConf['receivers']!['kubeletstats']).to.include({ endpoint: 'https://${env:MY_NODE_NAME}:10250', insecure_skip_verify: true, auth_type: 'serviceAccount' });
  });

  it('the kubelet let the agent in on its token: TokenReview and SubjectAccessReview by the rendered RBAC', () => {
    for (const p of ['/stats/summary', '/pods']) {
      expect(served.requests.filter((r) => r.path === p && r.status === 200 && r.user === AGENT_USER), p).to.not.be.empty;
    }
    expect(served.requests.filter((r) => r.status !== 200), 'every request of the agent was answered').to.deep.equal([]);
    expect(agent!.log()).to.not.match(/endpoint failed/);
  });

  it('runtime pod metric, namespace infra -> infra, enriched in the agent (workload, node labels, service.name)', () => {
    const db = find(infra, 'k8s.pod.cpu.usage', { 'k8s.pod.name': 'db-0', 'k8s.namespace.name': 'infra' });
    expect(db).to.not.be.empty;
    for (const r of db) expect(r.resource, JSON.stringify(r.resource)).to.include({ 'k8s.statefulset.name': 'db', 'k8s.node.name': NODE.name, 'host.arch': 'amd64', 'service.name': 'db' });
    const producer = find(infra, 'k8s.pod.cpu.usage', { 'k8s.pod.name': podName('infra') });
    expect(producer).to.not.be.empty;
    for (const r of producer) expect(r.resource).to.include({ 'k8s.namespace.name': 'infra', 'k8s.deployment.name': 'producer-infra', 'service.name': 'producer-infra' });
  });

  it('runtime pod metric, namespace shop -> infra (its runtime input excludes only kube-system), not shop', () => {
    expect(find(infra, 'k8s.pod.cpu.usage', { 'k8s.namespace.name': 'shop', 'k8s.pod.name': podName('shop') })).to.not.be.empty;
    expect(shop, 'the shop backend').to.deep.equal([]);
    expect(counter(self.gateway, FILTERED, 'filter', 'filter/drop-if-input-source-runtime'), "shop's pipeline dropped the runtime data it got").to.be.greaterThan(0);
  });

  it('runtime pod metric, namespace kube-system -> nowhere (dropped by infra\'s namespace filter in the gateway)', () => {
    expect(served.summary?.pods.map((p) => p.podRef.namespace), 'the kubelet reported the kube-system pod').to.include('kube-system');
    expect([...infra, ...shop].filter((r) => r.resource['k8s.namespace.name'] === 'kube-system')).to.deep.equal([]);
    expect(counter(self.gateway, FILTERED, 'filter', 'filter/infra-filter-by-namespace-runtime-input')).to.be.greaterThan(0);
  });

  it('runtime additional metric k8s.pod.uptime -> infra', () => {
    expect(find(infra, 'k8s.pod.uptime', { 'k8s.pod.name': 'db-0', 'k8s.namespace.name': 'infra', 'service.name': 'db' })).to.not.be.empty;
  });

  it('runtime node metric (no namespace) -> infra, enriched neither in the agent nor in the gateway', () => {
    const node = find(infra, 'k8s.node.cpu.usage');
    expect(node).to.not.be.empty;
    // Enrichment would have added the node's labels (host.arch), the gateway's the agent pod's (connection).
    for (const r of node) expect(r.resource).to.deep.equal({ 'k8s.node.name': NODE.name });
  });

  it('runtime node network: the physical interface -> infra, the virtual ones -> nowhere (dropped in the agent)', () => {
    const interfaces = new Set(find(infra, 'k8s.node.network.io').flatMap((r) => r.points.map((p) => p.attributes['interface'])));
    expect([...interfaces]).to.deep.equal([...NODE_INTERFACES.physical]);
    const reported = (served.summary?.node.network as { interfaces?: { name: string }[] } | undefined)?.interfaces?.map((i) => i.name);
    expect(reported, 'the kubelet reported them').to.include.members([...NODE_INTERFACES.virtual]);
    expect(counter(self.agent, FILTERED, 'filter', 'filter/drop-virtual-network-interfaces')).to.be.greaterThan(0);
  });

  it('runtime volumes: the PVC-backed one -> infra, enriched; configMap, emptyDir and secret ones -> nowhere (dropped in the agent)', () => {
    const pvc = find(infra, 'k8s.volume.available', { 'k8s.pod.name': 'db-0', 'k8s.volume.name': world!.pvcVolume });
    expect(pvc).to.not.be.empty;
    for (const r of pvc) expect(r.resource).to.include({ 'k8s.volume.type': 'persistentVolumeClaim', 'k8s.persistentvolumeclaim.name': 'data-db-0', 'k8s.statefulset.name': 'db', 'service.name': 'db' });
    const reported = served.summary?.pods.find((p) => p.podRef.name === 'db-0')?.volume.map((v) => v.name);
    expect(reported, 'the kubelet reported them').to.include.members(world!.nonPvcVolumes);
    const types = new Set(infra.map((r) => r.resource['k8s.volume.type']).filter((t) => t !== undefined));
    expect([...types]).to.deep.equal(['persistentVolumeClaim']);
    expect(infra.filter((r) => world!.nonPvcVolumes.includes(r.resource['k8s.volume.name'] ?? ''))).to.deep.equal([]);
    expect(counter(self.agent, FILTERED, 'filter', 'filter/drop-non-pvc-volumes-metrics')).to.be.greaterThan(0);
  });

  it('projected volumes (kube-api-access-*, no k8s.volume.type from the receiver) -> nowhere, unlike Kyma\'s type list', () => {
    const reported = served.summary?.pods.flatMap((p) => p.volume.map((v) => v.name)) ?? [];
    expect(reported.some((name) => /^kube-api-access-/.test(name)), 'the kubelet reported them').to.equal(true);
    expect(infra.filter((r) => /^kube-api-access-/.test(r.resource['k8s.volume.name'] ?? ''))).to.deep.equal([]);
  });

  it('runtime deployment metric from k8s_cluster -> infra, not enriched; kube-system\'s deployment -> nowhere', () => {
    const deployment = find(infra, 'k8s.deployment.available', { 'k8s.deployment.name': 'producer-infra' });
    expect(deployment).to.not.be.empty;
    // Enrichment would have set service.name from k8s.deployment.name.
    for (const r of deployment) expect(Object.keys(r.resource).sort()).to.deep.equal(['k8s.deployment.name', 'k8s.deployment.uid', 'k8s.namespace.name']);
    expect(find(infra, 'k8s.deployment.available', { 'k8s.deployment.name': 'coredns' })).to.deep.equal([]);
  });

  it('does not collect container metrics at all: the only runtime pipeline switched them off', () => {
    expect(served.summary?.pods.every((p) => p.containers.length > 0), 'the kubelet reported containers').to.equal(true);
    expect(infra.filter((r) => /^(k8s\.)?container\./.test(r.metric)).map((r) => r.metric)).to.deep.equal([]);
  });

  it('OTLP push, namespace infra -> infra, enriched in the gateway', () => {
    const pushed = find(infra, PRODUCERS.infra.metric);
    expect(pushed).to.not.be.empty;
    for (const r of pushed) expect(r.resource).to.include({ 'k8s.namespace.name': 'infra', 'k8s.pod.name': podName('infra'), 'k8s.deployment.name': 'producer-infra', 'service.name': 'producer-infra' });
  });

  it('OTLP push, namespace shop -> nowhere (infra takes OTLP from infra only, shop takes none)', () => {
    expect([...infra, ...shop].filter((r) => r.metric === PRODUCERS.shop.metric)).to.deep.equal([]);
    expect(counter(self.gateway, FILTERED, 'filter', 'filter/infra-filter-by-namespace-otlp-input')).to.be.greaterThan(0);
    expect(counter(self.gateway, FILTERED, 'filter', 'filter/drop-if-input-source-otlp')).to.be.greaterThan(0);
  });

  it('OTLP push claiming an unknown input marker -> infra as OTLP (taken at its word it would reach shop too)', () => {
    const pushed = find(infra, PRODUCERS.marker.metric);
    expect(pushed).to.not.be.empty;
    for (const r of pushed) expect(r.resource).to.include({ 'k8s.namespace.name': 'infra', 'k8s.pod.name': podName('marker') });
    expect(shop.filter((r) => r.metric === PRODUCERS.marker.metric)).to.deep.equal([]);
  });

  it('drops every kyma.* attribute before export', () => {
    expect([...infra, ...shop].flatMap((r) => Object.keys(r.resource)).filter((k) => k.startsWith('kyma.'))).to.deep.equal([]);
  });

  it('never duplicates a data point on the way', () => {
    const keys = infra.flatMap((r) => {
      const resource = JSON.stringify(Object.entries(r.resource).sort());
      return r.points.map((p) => `${resource} ${r.metric} ${JSON.stringify(Object.entries(p.attributes).sort())} ${p.time}`);
    });
    expect(keys.length).to.be.greaterThan(0);
    expect(keys.length - new Set(keys).size).to.equal(0);
  });
});
