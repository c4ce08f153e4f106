/**
 * Stand-ins for the controllers and the scheduler, which the peers do not run (no kube-controller-manager or
 * kube-scheduler is built: see README "Real peers"). Each writes, through the real API server, what its
 * controller would write from the objects that are really there, and no more than the status job reads:
 *
 * - the Deployment and DaemonSet controllers: the workload's status (observedGeneration, replica counts,
 *   conditions) from the Pods that match its selector (created by run-pod, the kubelet stand-in);
 * - the EndpointSlice controller: one slice per Service, listing the ready Pods its selector matches, with
 *   their pod IP, node and targetRef, and the Service's ports. The API server refuses loopback addresses in
 *   an EndpointSlice (so that no Service can point at a node itself), and the pod IPs here are loopback
 *   addresses, the stand-in for a pod network. So the slice is stored where the API server keeps it, in etcd
 *   under /registry/endpointslices/<namespace>/<name>, as JSON, which the API server's storage decoder reads
 *   besides its own protobuf; from there the API server serves it like any other (list, label selector,
 *   RBAC, resourceVersion). That one validation rule is all this skips;
 * - the kubelet of a Pod whose process is the test's own server (a scrape target): the Pod, Running at its IP;
 * - the ReplicaSet controller and the scheduler, for a Deployment whose Pod cannot be placed: the Pod from
 *   the Deployment's template, left without a node, with the PodScheduled=False/Unschedulable condition and
 *   the message the scheduler writes for cordoned nodes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ControlPlane } from '../support/peers';

type Labels = Record<string, string>;
interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  labels?: Labels;
  deletionTimestamp?: string;
}
interface Pod {
  metadata: Meta;
  spec: { nodeName?: string };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}
interface Workload {
  metadata: Meta;
  spec: { replicas?: number; selector: { matchLabels?: Labels }; template: { metadata?: { labels?: Labels }; spec: object } };
}

function json<T>(cp: ControlPlane, args: string[]): T {
  return JSON.parse(cp.kubectl([...args, '-o', 'json'])) as T;
}

function selector(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function podsOf(cp: ControlPlane, namespace: string, labels: Labels): Pod[] {
  return json<{ items: Pod[] }>(cp, ['get', 'pods', '-n', namespace, '-l', selector(labels)]).items;
}

function isReady(pod: Pod): boolean {
  return (
    pod.metadata.deletionTimestamp === undefined &&
    pod.status?.phase === 'Running' &&
    (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

function patchStatus(cp: ControlPlane, resource: string, namespace: string, status: object): void {
  cp.kubectl(['patch', resource, '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
}

/** The Deployment controller's status for what runs now; returns the number of ready pods. */
export function syncDeploymentStatus(cp: ControlPlane, namespace: string, name: string): number {
  const d = json<Workload>(cp, ['get', 'deployment', name, '-n', namespace]);
  const pods = podsOf(cp, namespace, d.spec.selector.matchLabels ?? {}).filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const ready = pods.filter(isReady).length;
  const desired = d.spec.replicas ?? 1;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const available = ready >= desired;
  patchStatus(cp, `deployment/${name}`, namespace, {
    observedGeneration: d.metadata.generation,
    replicas: pods.length,
    updatedReplicas: pods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    unavailableReplicas: Math.max(0, desired - ready),
    conditions: [
      available
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: now, lastTransitionTime: now }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: now, lastTransitionTime: now },
      { type: 'Progressing', status: 'True', reason: available ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', message: `Deployment "${name}" is progressing.`, lastUpdateTime: now, lastTransitionTime: now },
    ],
  });
  return ready;
}

/** The DaemonSet controller's status: one desired pod per Node. */
export function syncDaemonSetStatus(cp: ControlPlane, namespace: string, name: string): void {
  const ds = json<Workload>(cp, ['get', 'daemonset', name, '-n', namespace]);
  const nodes = json<{ items: unknown[] }>(cp, ['get', 'nodes']).items.length;
  const pods = podsOf(cp, namespace, ds.spec.selector.matchLabels ?? {}).filter((p) => p.status?.phase === 'Running');
  const ready = pods.filter(isReady).length;
  patchStatus(cp, `daemonset/${name}`, namespace, {
    observedGeneration: ds.metadata.generation,
    desiredNumberScheduled: nodes,
    currentNumberScheduled: pods.length,
    updatedNumberScheduled: pods.length,
    numberReady: ready,
    numberAvailable: ready,
    numberMisscheduled: 0,
  });
}

interface Service {
  spec: { selector?: Labels; ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[] };
}

/** The control plane's etcd client URL (scripts/peers/control-plane writes it to cluster.env). */
function etcdUrl(cp: ControlPlane): string {
  const url = /^ETCD_URL=(.+)$/m.exec(readFileSync(path.join(cp.dir, 'cluster.env'), 'utf8'))?.[1];
  if (url === undefined) throw new Error(`no ETCD_URL in ${cp.dir}/cluster.env`);
  return url;
}

/** Stores `object` at `key` through etcd's v3 JSON gateway. */
async function etcdPut(cp: ControlPlane, key: string, object: object): Promise<void> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const response = await fetch(`${etcdUrl(cp)}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(JSON.stringify(object)) }), signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`etcd put ${key}: ${response.status} ${await response.text()}`);
}

/** The EndpointSlice controller's one slice of `service`: its ready pods, as addresses with their ports. */
export async function syncEndpointSlice(cp: ControlPlane, namespace: string, service: string): Promise<string[]> {
  const svc = json<Service>(cp, ['get', 'service', service, '-n', namespace]);
  const pods = podsOf(cp, namespace, svc.spec.selector ?? {}).filter(isReady);
  const name = `${service}-standin`;
  const slice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      namespace,
      uid: createHash('sha256').update(`${namespace}/${name}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
      creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    },
    addressType: 'IPv4',
    endpoints: pods.map((p) => ({
      addresses: [p.status?.podIP ?? ''],
      conditions: { ready: true, serving: true, terminating: false },
      ...(p.spec.nodeName === undefined ? {} : { nodeName: p.spec.nodeName }),
      targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid },
    })),
    ports: (svc.spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: typeof p.targetPort === 'number' ? p.targetPort : p.port, protocol: p.protocol ?? 'TCP' })),
  };
  await etcdPut(cp, `/registry/endpointslices/${namespace}/${name}`, slice);
  // The API server's watch cache has it once a read returns it.
  for (let i = 0; i < 50; i++) {
    const live = json<{ items: { metadata: { name: string }; endpoints?: { addresses: string[] }[] }[] }>(cp, ['get', 'endpointslices', '-n', namespace, '-l', `kubernetes.io/service-name=${service}`]);
    const got = live.items.find((s) => s.metadata.name === name);
    if (got !== undefined && JSON.stringify((got.endpoints ?? []).map((e) => e.addresses)) === JSON.stringify(slice.endpoints.map((e) => e.addresses))) {
      return pods.map((p) => p.status?.podIP ?? '');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`EndpointSlice ${namespace}/${name} did not appear in the API server`);
}

/**
 * The ReplicaSet controller creates the Deployment's Pod; the scheduler finds every node cordoned and
 * records so, as kube-scheduler words it. Returns the scheduler's message.
 */
export function unschedulablePod(cp: ControlPlane, namespace: string, deployment: string): string {
  const d = json<Workload>(cp, ['get', 'deployment', deployment, '-n', namespace]);
  const nodes = json<{ items: unknown[] }>(cp, ['get', 'nodes']).items.length;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${deployment}-unschedulable`, namespace, labels: d.spec.template.metadata?.labels ?? {} },
    spec: d.spec.template.spec,
  };
  cp.kubectl(['create', '-f', '-'], JSON.stringify(pod));
  const message = `0/${nodes} nodes are available: ${nodes} node(s) were unschedulable. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
  patchStatus(cp, `pod/${pod.metadata.name}`, namespace, {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }],
  });
  return message;
}

/**
 * The kubelet's side of a pod whose process is the test's own server (a scrape target): the Pod object on
 * `node`, Running and Ready with `ip`, so that service discovery finds it as it would a real one.
 */
export function runningPod(cp: ControlPlane, namespace: string, name: string, ip: string, node: string, annotations: Labels): void {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { app: name }, annotations }, spec: { nodeName: node, containers: [{ name: 'app', image: 'registry.example.com/target:1' }] } };
  cp.kubectl(['create', '-f', '-'], JSON.stringify(pod));
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  patchStatus(cp, `pod/${name}`, namespace, {
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    hostIP: '127.0.0.1',
    conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({ type, status: 'True', lastTransitionTime: now })),
    containerStatuses: [{ name: 'app', image: 'registry.example.com/target:1', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } } }],
  });
}
