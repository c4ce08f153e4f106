/**
 * API objects for workloads that are not collectors: a Pod scheduled to a node and running at a pod IP, and the
 * Endpoints of a Service. The peers have no scheduler, kubelet or endpoints controller, so the test writes what
 * they would: spec.nodeName at creation, status (phase, podIP, hostIP, conditions) through the status
 * subresource as the kubelet does (scripts/peers/run-pod registers the collectors' pods the same way), and an
 * Endpoints object with the ready pods' addresses, node names and targetRefs as the endpoints controller does
 * (see createEndpoints for how).
 * What reads them is real: the collector's Kubernetes service discovery and k8sattributes, through the API server.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ControlPlane } from '../support/peers';

export interface TargetPod {
  namespace: string;
  name: string;
  node: string;
  ip: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Name -> ports; the first container is the application. */
  containers: { name: string; ports?: { name: string; containerPort: number }[] }[];
  /** Default Running; anything else is what the kubelet would report for a pod that has not started or has ended. */
  phase?: 'Running' | 'Pending' | 'Succeeded' | 'Failed';
}

export interface LivePod extends TargetPod {
  uid: string;
}

function podObject(p: TargetPod): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace, labels: p.labels ?? {}, annotations: p.annotations ?? {} },
    spec: {
      nodeName: p.node,
      automountServiceAccountToken: false,
      containers: p.containers.map((c) => ({ name: c.name, image: `registry.example.com/${c.name}:1`, ports: c.ports ?? [] })),
    },
  };
}

/** Creates the pods in one request, then reports each one's status as its kubelet would. */
export function createPods(cp: ControlPlane, pods: readonly TargetPod[]): LivePod[] {
  cp.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods.map(podObject) }));
  const listed = JSON.parse(cp.kubectl(['get', 'pods', '--all-namespaces', '-o', 'json'])) as { items: { metadata: { name: string; namespace: string; uid: string } }[] };
  const uids = new Map(listed.items.map((i) => [`${i.metadata.namespace}/${i.metadata.name}`, i.metadata.uid]));
  const now = new Date().toISOString();
  return pods.map((p) => {
    const phase = p.phase ?? 'Running';
    const running = phase === 'Running';
    const conditions = ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
      type,
      status: running || type === 'PodScheduled' ? 'True' : 'False',
      lastTransitionTime: now,
    }));
    const status = { phase, podIP: p.ip, podIPs: [{ ip: p.ip }], hostIP: '127.0.0.1', hostIPs: [{ ip: '127.0.0.1' }], startTime: now, conditions };
    cp.kubectl(['patch', 'pod', p.name, '-n', p.namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    const uid = uids.get(`${p.namespace}/${p.name}`);
    if (uid === undefined) throw new Error(`pod ${p.namespace}/${p.name} was not created`);
    return { ...p, uid };
  });
}

/**
 * The Endpoints of Service `service`: the given ready pods behind `port` (named like the Service's port).
 *
 * Written to etcd, not through the API server: Endpoints validation refuses loopback addresses ("may not be in
 * the loopback range"), and every pod IP here is one (Pod status accepts them). So this stands in for the
 * endpoints controller in a cluster whose pod IPs are loopback addresses: it stores what the controller would
 * store, under the API server's key for it, as JSON, which the API server reads like its own protobuf. Every
 * reader (the agents' service discovery, kubectl) still gets it from the real API server, list and watch alike.
 */
export async function createEndpoints(
  cp: ControlPlane,
  service: { namespace: string; name: string; port: { name: string; port: number } },
  pods: readonly LivePod[],
): Promise<void> {
  const endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: randomUUID(),
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      labels: { 'kubernetes.io/service-name': service.name },
    },
    subsets: [
      {
        addresses: pods.map((p) => ({ ip: p.ip, nodeName: p.node, targetRef: { kind: 'Pod', namespace: p.namespace, name: p.name, uid: p.uid } })),
        ports: [{ name: service.port.name, port: service.port.port, protocol: 'TCP' }],
      },
    ],
  };
  const etcd = /^ETCD_URL=(.+)$/m.exec(readFileSync(path.join(cp.dir, 'cluster.env'), 'utf8'))?.[1];
  if (etcd === undefined) throw new Error(`no ETCD_URL in ${cp.dir}/cluster.env`);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  // etcd's JSON gateway for KV.Put.
  const res = await fetch(`${etcd}/v3/kv/put`, {
    method: 'POST',
    body: JSON.stringify({ key: b64(`/registry/services/endpoints/${service.namespace}/${service.name}`), value: b64(JSON.stringify(endpoints)) }),
  });
  if (!res.ok) throw new Error(`etcd put: ${res.status} ${await res.text()}`);
  // Read back through the API server: what the agents will see.
  const served = JSON.parse(cp.kubectl(['get', 'endpoints', service.name, '-n', service.namespace, '-o', 'json'])) as typeof endpoints;
  const ips = served.subsets.flatMap((s) => s.addresses.map((a) => a.ip));
  if (ips.join() !== pods.map((p) => p.ip).join()) throw new Error(`the API server serves Endpoints ${service.namespace}/${service.name} with ${ips.join()}`);
}
