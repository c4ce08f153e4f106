/**
 * Issue 18, scenario 3, end to end: the metric agent on two nodes and the gateway, run as rendered, with three
 * MetricPipelines that want different pull inputs (test/flow/agent-scenario.ts has them and the targets).
 *
 * Real:
 *  - the function's output applied to a real kube-apiserver + etcd (scripts/peers/control-plane);
 *  - the gateway (Deployment) and two agents (DaemonSet, on node-1 and node-2): the real collector
 *    (.peers/bin/otelcol, the product's components at 0.141.0) reading the rendered config unchanged,
 *    authorised by the rendered ServiceAccounts, (Cluster)Roles and bindings through TokenRequest tokens;
 *  - discovery: the agents' prometheus receivers list and watch the Pod, Service and Endpoints objects in the
 *    API server (with the rendered node field selector); their k8sattributes enrich from the same objects;
 *  - cluster metrics: the k8s_cluster receiver watches a real Deployment, DaemonSet, StatefulSet and Job; the
 *    agents elect its reporter through a real Lease (k8s_leader_elector) in the API server;
 *  - pushed OTLP: the official OpenTelemetry JS SDK (test/flow/pod-client.ts) in a Deployment;
 *  - the backends: three more real collectors (otlp receiver, file exporter).
 *
 * Stand-ins, and why:
 *  - the kubelet for the collectors and the SDK client (and the Deployment/DaemonSet controllers, the
 *    scheduler): scripts/peers/run-pod, as in two-pipelines.test.ts;
 *  - the kubelet for the scrape targets, and the endpoints controller: test/flow/pods.ts writes the Pod
 *    status and the Service's Endpoints as they would. The Endpoints go into etcd directly, because the API
 *    server refuses loopback addresses in Endpoints and every pod IP here is one; the agents still read them
 *    from the API server. The targets' processes are small Node HTTP servers on the pod IPs serving
 *    Prometheus text (test/flow/prometheus-targets.ts) and recording every request;
 *  - cluster DNS: run-pod's --add-host puts telemetry-otlp-metrics.kyma-system.svc.cluster.local -> the
 *    gateway's pod IP into the agents' /etc/hosts (no DNS server, no kube-proxy here);
 *  - which agent scraped a target cannot be read off the request (every connection on loopback comes from
 *    127.0.0.1), so the test shows it by time: agent node-1 runs alone first, and at the end it is stopped
 *    while agent node-2 keeps going.
 *
 * What cannot run here: kubelet stats (the kubeletstats receiver needs a kubelet at https://<node>:10250).
 * The runtime inputs here ask only for cluster resources, yet the agent still renders kubeletstats, with
 * `metric_groups: []`: each agent calls the kubelet every interval, fails ("call to /stats/summary endpoint
 * failed", no such host) and produces nothing. What this test does show is that nothing of the switched-off
 * resources arrives, including the k8s.pod.* and k8s.container.* metrics k8s_cluster would otherwise send.
 * test/flow/agent-runtime.test.ts covers kubeletstats against a stand-in kubelet.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { ControlPlane } from '../support/peers';
import { runPod, type RunningPod } from '../support/run-pod';
import {
  CLUSTER_METRICS,
  DIAGNOSTIC,
  EXPECTED,
  METRICS,
  NODES,
  ORDERS_SERVICE,
  PRODUCER_OF,
  SINK_KEYS,
  WORKLOADS,
  addresses,
  arrived,
  hasFrom,
  hasWorkload,
  pointsFrom,
  pipelines,
  servers,
  targets,
  workloadObjects,
  type NodeName,
  type SinkKey,
} from './agent-scenario';
import { createEndpoints, createPods } from './pods';
import { startTargets, type Targets } from './prometheus-targets';
import { prepareControlPlane, producerDeployment, randomSubnet, readSink, renderItems, requireFlowPeers, startSink, stopProcess, stopwatch, waitFor, type Received, type Sink, controlPlaneSoon } from './support';

const SUBNET = randomSubnet();
const IPS = addresses(SUBNET);
const TARGETS = targets(SUBNET);
const AGENT = 'DaemonSet/kyma-system/telemetry-metric-agent';
const LEASE = 'telemetry-metric-agent-k8scluster';
/** Seconds between scrapes and cluster collections; the minimum the function accepts, to keep the test short. */
const INTERVAL = '1s';

/** Scrapes per target server so far. */
const counts = (t: Targets, names: readonly string[]): Record<string, number> => Object.fromEntries(names.map((n) => [n, t.of(n).length]));

/** The collector's own counter of points a receiver accepted, from its Prometheus endpoint on :8888. */
async function acceptedPoints(ip: string, receiver: string): Promise<number> {
  const text = await (await fetch(`http://${ip}:8888/metrics`)).text();
  const line = new RegExp(`^otelcol_receiver_accepted_metric_points(?:_total)?\\{[^}]*receiver="${receiver}"[^}]*\\} (\\S+)$`, 'gm');
  return [...text.matchAll(line)].reduce((sum, m) => sum + Number(m[1]), 0);
}

interface Observed {
  /** Scrapes per server while only the agent on node-1 ran. */
  aloneOnNode1: Record<string, number>;
  /** Scrapes of node-1's servers when agent node-1 stopped, and after agent node-2 had scraped its own three more times. */
  node1AfterStop: { before: Record<string, number>; after: Record<string, number> };
  received: Record<SinkKey, Received[]>;
  holder: string;
  electorIds: Record<NodeName, string>;
  clusterPoints: Record<NodeName, number>;
  /** The collectors' logs: the agents' by node, and the gateway's. */
  logs: Record<NodeName | 'gateway', string>;
  scrapes: Targets;
}

describe('flow: agents on two nodes, discovery, istio, cluster metrics, agent -> gateway (issue 18, scenario 3)', function () {
  this.timeout(300_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  let targetServers: Targets | undefined;
  const sinks: Partial<Record<SinkKey, Sink>> = {};
  const pods: RunningPod[] = [];
  const agents: Partial<Record<NodeName, RunningPod>> = {};
  let observed: Observed | undefined;
  const seen = (): Observed => {
    if (observed === undefined) throw new Error('the run did not complete (see before all)');
    return observed;
  };
  const clock = stopwatch();
  const mark = clock.mark;

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-flow-agent-'));
    await Promise.all([
      ...SINK_KEYS.map((k) => startSink(otelcol, dir, k, 'grpc').then((s) => (sinks[k] = s))),
      startTargets(TARGETS.flatMap((t) => t.servers)).then((t) => (targetServers = t)),
      controlPlaneSoon().then((c) => (cp = c)),
    ]);
    if (cp === undefined || targetServers === undefined) throw new Error('no control plane or targets');
    const ts = targetServers;
    mark('control plane, sinks and targets up');

    const output = renderItems(pipelines({ shop: sinks.shop!.port, infra: sinks.infra!.port, mesh: sinks.mesh!.port }), { collectionInterval: INTERVAL });
    const outputFile = path.join(dir, 'output.yaml');
    writeFileSync(outputFile, output);
    await prepareControlPlane(cp, ['kyma-system', 'shop', 'other', 'platform'], ['shop', 'other', 'platform']);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: (parse(output) as { items: object[] }).items }));
    cp.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...workloadObjects(), ORDERS_SERVICE.object] }));
    const live = createPods(cp, TARGETS.map((t) => t.pod));
    await createEndpoints(cp, ORDERS_SERVICE, live.filter((p) => p.labels?.['app'] === 'orders'));
    mark('objects applied');

    const gateway = await runPod(outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', { kubeconfig: cp.kubeconfig, podIp: IPS.gateway, node: 'node-1' });
    pods.push(gateway);
    mark('gateway ready');

    const hosts = { 'telemetry-otlp-metrics.kyma-system.svc.cluster.local': IPS.gateway };
    const startAgent = async (node: NodeName) => {
      agents[node] = await runPod(outputFile, AGENT, { kubeconfig: cp!.kubeconfig, podIp: IPS.agents[node], node, hosts });
    };
    const scrapedTwice = (names: readonly string[]) => () => (names.every((n) => ts.of(n).length >= 2) ? true : undefined);
    const scrapeDetail = () => `\nscrapes: ${JSON.stringify(counts(ts, TARGETS.flatMap((t) => t.servers.map((s) => s.name))))}\n--- agent node-1 (tail) ---\n${agents['node-1']?.log().slice(-4000)}`;

    // Phase 1: the agent of node-1 alone. What it scrapes is what it discovered for its own node.
    await startAgent('node-1');
    mark('agent node-1 ready');
    await waitFor('agent node-1 to scrape its node\'s targets twice', scrapedTwice(servers(TARGETS, true, 'node-1')), 30_000, scrapeDetail);
    const aloneOnNode1 = counts(ts, TARGETS.flatMap((t) => t.servers.map((s) => s.name)));
    mark('node-1 targets scraped');

    // Phase 2: both agents and the OTLP producer; wait until every backend has what it should get.
    const producersFile = path.join(dir, 'producer.yaml');
    const producer = PRODUCER_OF(IPS.producer);
    writeFileSync(producersFile, stringify(producerDeployment(producer, IPS.gateway)));
    cp.kubectl(['apply', '-f', producersFile]);
    await Promise.all([
      startAgent('node-2'),
      runPod(producersFile, `Deployment/${producer.namespace}/${producer.deployment}`, { kubeconfig: cp.kubeconfig, podIp: producer.ip, node: 'node-1', ready: /pod-client: exporting/ }).then((p) => pods.push(p)),
    ]);
    await waitFor('agent node-2 to scrape its node\'s targets twice', scrapedTwice(servers(TARGETS, true, 'node-2')), 30_000, scrapeDetail);
    mark('agent node-2 and producer running');
    const read = () => Object.fromEntries(SINK_KEYS.map((k) => [k, readSink(sinks[k]!.file)])) as Record<SinkKey, Received[]>;
    const sinkDetail = () => `\n--- gateway (tail) ---\n${gateway.log().slice(-3000)}\n--- received ---\n${SINK_KEYS.map((k) => `${k}: ${[...new Set(read()[k].flatMap((r) => r.metrics))].sort().join(' ')}`).join('\n')}`;
    await waitFor('every backend to receive what it should', () => (arrived(read()) ? true : undefined), 90_000, sinkDetail);
    mark('backends received');

    // Who reports cluster metrics: the Lease's holder against each agent's elector id and its own counters.
    const holder = cp.kubectl(['get', 'lease', LEASE, '-n', 'kyma-system', '-o', 'jsonpath={.spec.holderIdentity}']).trim();
    const electorIds = Object.fromEntries(NODES.map((n) => [n, /Starting k8s leader elector with UUID[^\n]*"UUID":"([^"]+)"/.exec(agents[n]!.log())?.[1] ?? ''])) as Record<NodeName, string>;
    const clusterPoints = Object.fromEntries(await Promise.all(NODES.map(async (n) => [n, await acceptedPoints(IPS.agents[n], 'k8s_cluster')] as const))) as Record<NodeName, number>;

    // Phase 3: node-1's agent gone; node-2's must not take over node-1's targets. The first count is taken once
    // node-2's targets have been scraped again, so that a request agent node-1 sent before it exited is in it.
    await agents['node-1']!.stop();
    const node1 = servers(TARGETS, true, 'node-1');
    const node2 = servers(TARGETS, true, 'node-2');
    const scrapedMore = (n: number) => {
      const then = counts(ts, node2);
      return waitFor(`agent node-2 to scrape its targets ${n} more time(s)`, () => (node2.every((t) => ts.of(t).length >= then[t]! + n) ? true : undefined), 30_000, scrapeDetail);
    };
    await scrapedMore(1);
    const before = counts(ts, node1);
    await scrapedMore(3);
    const node1AfterStop = { before, after: counts(ts, node1) };
    mark('node-1 agent stopped, node-2 observed');

    // Stop the rest: the collectors flush their batches, so the sinks hold everything that was sent.
    await Promise.all([agents['node-2']!.stop(), ...pods.slice(1).map((p) => p.stop())]);
    await gateway.stop(20_000);
    const logs = { 'node-1': agents['node-1']!.log(), 'node-2': agents['node-2']!.log(), gateway: gateway.log() };
    observed = { aloneOnNode1, node1AfterStop, received: read(), holder, electorIds, clusterPoints, logs, scrapes: ts };
    mark('stopped');
    clock.report();
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...Object.values(agents).map((a) => a?.stop()), ...pods.map((p) => p.stop())]);
    await Promise.all([...Object.values(sinks).map((s) => stopProcess(s?.process)), targetServers?.close()]);
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('each agent scrapes the annotated pods and Services of its own node, and no other node\'s', () => {
    const { aloneOnNode1, node1AfterStop, scrapes } = seen();
    // Agent node-1 alone: its node's targets twice or more, node-2's never.
    for (const name of servers(TARGETS, true, 'node-1')) expect(aloneOnNode1[name], name).to.be.at.least(2);
    for (const name of servers(TARGETS, true, 'node-2')) expect(aloneOnNode1[name], `${name} while only agent node-1 ran`).to.equal(0);
    // Agent node-2 alone (node-1's stopped): node-1's targets get no further scrape while node-2's get three.
    expect(node1AfterStop.after, 'node-1 targets after agent node-1 stopped').to.deep.equal(node1AfterStop.before);
    for (const name of servers(TARGETS, true)) expect(scrapes.of(name), name).to.not.be.empty;
  });

  it('honours prometheus.io/port, path and param_* on pods and Services (default /metrics without them)', () => {
    const { scrapes } = seen();
    // The pods declare container port 8080 only: a scrape reaching the servers on 9100/9200 used the annotation.
    const expectAll = (names: string[], pathname: string, query: Record<string, string>) => {
      for (const name of names) {
        expect(scrapes.of(name), name).to.not.be.empty;
        for (const s of scrapes.of(name)) expect({ path: s.path, query: s.query }, name).to.deep.equal({ path: pathname, query });
      }
    };
    expectAll(['web-1', 'web-2'], EXPECTED.web.path, EXPECTED.web.params);
    expectAll(['api-1', 'api-2'], EXPECTED.orders.path, EXPECTED.orders.params);
    expectAll(['batch-1'], '/metrics', {});
    expectAll(['mesh-1/sidecar', 'mesh-2/sidecar'], '/stats/prometheus', {});
  });

  it('skips pods that are not running, and the http port of pods with an Istio sidecar', () => {
    const { scrapes, received } = seen();
    for (const name of servers(TARGETS, false)) expect(scrapes.of(name), name).to.be.empty;
    for (const key of SINK_KEYS) expect(hasFrom(received[key], METRICS.unscraped), key).to.equal(false);
  });

  it('shop (prometheus, namespace shop, diagnostic metrics): its namespace\'s scraped metrics from both nodes, with up and scrape_*', () => {
    const { shop } = seen().received;
    expect(hasFrom(shop, METRICS.web, ['web-1', 'web-2']), 'pods').to.equal(true);
    expect(hasFrom(shop, METRICS.orders, ['api-1', 'api-2']), 'Service endpoints').to.equal(true);
    for (const m of DIAGNOSTIC) expect(hasFrom(shop, m), m).to.equal(true);
    for (const r of shop) expect(r.attributes['k8s.namespace.name'], JSON.stringify(r)).to.equal('shop');
    const names = new Set(shop.flatMap((r) => r.metrics));
    for (const m of [METRICS.batch, METRICS.istio, METRICS.envoy, METRICS.otlp]) expect(names, 'another namespace, input or OTLP (off)').to.not.include(m);
    expect([...names].filter((m) => m.startsWith('k8s.')), 'runtime').to.be.empty;
  });

  it('infra (prometheus all namespaces, istio with envoy, runtime, OTLP): all of those, without diagnostic metrics', () => {
    const { infra } = seen().received;
    expect(hasFrom(infra, METRICS.web, ['web-1', 'web-2'])).to.equal(true);
    expect(hasFrom(infra, METRICS.orders, ['api-1', 'api-2'])).to.equal(true);
    expect(hasFrom(infra, METRICS.batch, ['batch-1']), 'namespace other').to.equal(true);
    expect(hasFrom(infra, METRICS.istio, ['mesh-1', 'mesh-2'])).to.equal(true);
    expect(hasFrom(infra, METRICS.envoy, ['mesh-1', 'mesh-2'])).to.equal(true);
    expect(infra.some((r) => r.metrics.includes(METRICS.otlp) && r.attributes['k8s.namespace.name'] === 'shop'), 'OTLP from shop').to.equal(true);
    const names = new Set(infra.flatMap((r) => r.metrics));
    for (const m of [...DIAGNOSTIC, METRICS.sidecarOther]) expect(names, m).to.not.include(m);
  });

  it('mesh (v1alpha1: istio without envoy, diagnostic metrics, runtime deployments only): istio_* and up, no envoy_*', () => {
    const { mesh } = seen().received;
    expect(hasFrom(mesh, METRICS.istio, ['mesh-1', 'mesh-2'])).to.equal(true);
    expect(hasFrom(mesh, 'up', ['mesh-1', 'mesh-2']), 'the istio input\'s up').to.equal(true);
    const names = new Set(mesh.flatMap((r) => r.metrics));
    for (const m of [METRICS.envoy, METRICS.sidecarOther, METRICS.web, METRICS.orders, METRICS.batch, METRICS.otlp]) expect(names, m).to.not.include(m);
    for (const m of CLUSTER_METRICS.deployment) expect(hasWorkload(mesh, 'deployment', m), m).to.equal(true);
    const others = [...CLUSTER_METRICS.daemonset, ...CLUSTER_METRICS.statefulset, ...CLUSTER_METRICS.job];
    expect([...names].filter((m) => others.includes(m)), 'resources mesh switched off').to.be.empty;
  });

  it('cluster metrics: from the real Deployment, DaemonSet, StatefulSet and Job, sent by the one agent holding the Lease', () => {
    const { received, holder, electorIds, clusterPoints } = seen();
    for (const [kind, metrics] of Object.entries(CLUSTER_METRICS)) {
      for (const m of metrics) expect(hasWorkload(received.infra, kind as keyof typeof WORKLOADS, m), `${m} of ${kind} ${WORKLOADS[kind as keyof typeof WORKLOADS]}`).to.equal(true);
    }
    // Workload metrics describe no pod: neither the agent's enrichment nor the gateway's may touch them (either
    // would derive service.name from k8s.deployment.name and the like).
    const workloads = received.infra.filter((r) => r.metrics.some((m) => /^k8s\.(deployment|daemonset|statefulset|job)\./.test(m)));
    for (const r of workloads) expect(r.attributes, JSON.stringify(r.attributes)).to.not.have.any.keys('service.name', 'k8s.pod.name');
    // kyma-system's own Deployment and DaemonSet exist too; pull inputs exclude system namespaces by default.
    for (const key of ['infra', 'mesh'] as const) {
      expect(received[key].filter((r) => r.attributes['k8s.namespace.name'] === 'kyma-system').map((r) => r.metrics), key).to.be.empty;
    }
    expect(electorIds['node-1'], 'elector ids').to.not.equal(electorIds['node-2']);
    const leader = NODES.find((n) => electorIds[n] === holder);
    expect(leader, `Lease holder ${holder}, agents ${JSON.stringify(electorIds)}`).to.not.equal(undefined);
    const follower = NODES.find((n) => n !== leader)!;
    expect(clusterPoints[leader!], `k8s_cluster points accepted by the leader (${leader})`).to.be.greaterThan(0);
    expect(clusterPoints[follower], `k8s_cluster points accepted by the other agent (${follower})`).to.equal(0);
  });

  it('kubelet stats are switched off: no pod, container, node or volume metric reaches any backend', () => {
    const { received, logs } = seen();
    for (const key of SINK_KEYS) {
      const kubelet = received[key].flatMap((r) => r.metrics).filter((m) => /^(k8s\.(pod|container|node|volume)\.|container\.)/.test(m));
      expect([...new Set(kubelet)], key).to.be.empty;
    }
    // What the agents did with the kubeletstats receiver the function still renders: fail for want of a kubelet.
    for (const n of NODES) process.stderr.write(`      agent ${n}: ${(logs[n].match(/call to \/stats\/summary endpoint failed/g) ?? []).length} failed kubelet calls\n`);
  });

  it('delivers each scrape once: as many points of a target\'s metric per backend as scrapes of it', () => {
    const { received, scrapes } = seen();
    const cases: [SinkKey, string, string, string][] = [
      ...['web-1', 'web-2'].flatMap((p): [SinkKey, string, string, string][] => [['shop', METRICS.web, p, p], ['infra', METRICS.web, p, p]]),
      ...['api-1', 'api-2'].flatMap((p): [SinkKey, string, string, string][] => [['shop', METRICS.orders, p, p], ['infra', METRICS.orders, p, p]]),
      ['infra', METRICS.batch, 'batch-1', 'batch-1'],
      ...['mesh-1', 'mesh-2'].flatMap((p): [SinkKey, string, string, string][] => [['infra', METRICS.istio, p, `${p}/sidecar`], ['infra', METRICS.envoy, p, `${p}/sidecar`], ['mesh', METRICS.istio, p, `${p}/sidecar`]]),
    ];
    for (const [sink, metric, pod, server] of cases) {
      // The agents stop gracefully and flush, so nothing is lost but, at most, a scrape under way at SIGTERM.
      const n = scrapes.of(server).length;
      expect(pointsFrom(received[sink], metric, pod), `${sink}: ${metric} of ${pod} against ${n} scrapes`).to.be.within(Math.max(1, n - 1), n);
    }
  });

  it('runs on the rendered RBAC: no request of the agents or the gateway was forbidden', () => {
    const { logs } = seen();
    for (const [who, log] of Object.entries(logs)) expect(log.split('\n').filter((l) => /forbidden|Unauthorized/i.test(l)), who).to.be.empty;
  });

  it('enriches scraped data in the agent from the real API server, and drops every kyma.* attribute', () => {
    const { received } = seen();
    for (const r of received.shop) {
      const pod = r.attributes['k8s.pod.name'] ?? '';
      expect(pod, JSON.stringify(r.attributes)).to.match(/^(web|api)-[12]$/);
      const app = pod.startsWith('web') ? 'web' : 'orders';
      // The job name (app-pods, app-services) is dropped; the pod's app label is the service name.
      expect(r.attributes['service.name'], JSON.stringify(r.attributes)).to.equal(app);
    }
    for (const key of SINK_KEYS) {
      for (const r of received[key]) expect(Object.keys(r.attributes).filter((k) => k.startsWith('kyma.')), JSON.stringify(r.attributes)).to.be.empty;
    }
  });
});
