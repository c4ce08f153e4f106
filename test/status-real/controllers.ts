/**
 * Stand-ins for the controllers and the scheduler, which the peers do not run (no kube-controller-manager or
 * kube-scheduler is built: see README "Real peers"). Each writes, through the real API server, what its
 * controller would write from the objects that are really there, and no more than the status job reads:
 *
 * - the Deployment and DaemonSet controllers: the workload's status (observedGeneration, replica counts,
 *   conditions) from the Pods that match its selector (created by run-pod, the kubelet stand-in);
 * - the EndpointSlice controller: one slice per Service, listing the ready Pods its selector matches, with
 *   their pod IP, node and targetRef, and the Service's ports;
 * - the ReplicaSet controller and the scheduler, for a Deployment whose Pod cannot be placed: the Pod from
 *   the Deployment's template, left without a node, with the PodScheduled=False/Unschedulable condition and
 *   the message the scheduler writes for cordoned nodes.
 */
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

/** The EndpointSlice controller's one slice of `service`: its ready pods, as addresses with their ports. */
export function syncEndpointSlice(cp: ControlPlane, namespace: string, service: string): string[] {
  const svc = json<Service>(cp, ['get', 'service', service, '-n', namespace]);
  const pods = podsOf(cp, namespace, svc.spec.selector ?? {}).filter(isReady);
  const slice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service}-standin`,
      namespace,
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
  cp.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify(slice));
  return pods.map((p) => p.status?.podIP ?? '');
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
