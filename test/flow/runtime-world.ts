/**
 * The workloads of a node whose runtime metrics the agent-runtime flow test follows, as API objects in the
 * real API server: what the kubelet stand-in reports stats for and what k8s_cluster and k8sattributes watch.
 *
 *  - infra/db: a StatefulSet whose pod db-0 mounts a PVC-backed volume (`data`, claim data-db-0, bound to a
 *    CSI PersistentVolume) and non-PVC ones (`cfg` configMap, `scratch` emptyDir, `creds` secret);
 *  - kube-system/coredns: a Deployment and its pod (with a configMap volume).
 *
 * Stand-ins, and why: there is no scheduler, no kubelet and no controllers, so the pods are created bound to
 * the node and given their status (Running, pod IP, host IP) through the status subresource, as the kubelet
 * would; the PVC and PV are bound by writing what the PV controller writes. Their containers do not run:
 * nothing here needs their processes, only their objects and the stats the kubelet stand-in gives them.
 */
import type { ControlPlane } from '../support/peers';
import type { PodObject } from './kubelet-summary';

export interface World {
  /** The pod with the PVC-backed and non-PVC volumes (infra). */
  db: PodObject;
  /** A system pod (kube-system). */
  coredns: PodObject;
  pvcVolume: string;
  nonPvcVolumes: string[];
}

interface Meta {
  name: string;
  namespace: string;
  uid: string;
}

function create(cp: ControlPlane, object: object): { metadata: Meta } {
  return JSON.parse(cp.kubectl(['create', '-f', '-', '-o', 'json'], JSON.stringify(object))) as { metadata: Meta };
}

function setStatus(cp: ControlPlane, kind: string, name: string, namespace: string | undefined, status: object): void {
  cp.kubectl(['patch', kind, name, ...(namespace ? ['-n', namespace] : []), '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
}

/** Creates the Pod bound to `node` and marks it Running with `podIp`, as the scheduler and kubelet would. */
export function placePod(cp: ControlPlane, pod: { metadata: object; spec: object }, node: { name: string; hostIp: string }, podIp: string): PodObject {
  const created = create(cp, { apiVersion: 'v1', kind: 'Pod', ...pod, spec: { ...pod.spec, nodeName: node.name } });
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  setStatus(cp, 'pod', created.metadata.name, created.metadata.namespace, {
    phase: 'Running',
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    hostIP: node.hostIp,
    hostIPs: [{ ip: node.hostIp }],
    startTime: now,
    conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({ type, status: 'True', lastTransitionTime: now })),
  });
  return JSON.parse(cp.kubectl(['get', 'pod', created.metadata.name, '-n', created.metadata.namespace, '-o', 'json'])) as PodObject;
}

const owner = (kind: string, o: { metadata: Meta }) => ({ apiVersion: 'apps/v1', kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true });

/** Creates the objects above; `ips` are the pod IPs of db-0 and the coredns pod. */
export function buildWorld(cp: ControlPlane, node: { name: string; hostIp: string }, ips: { db: string; coredns: string }): World {
  create(cp, {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-data-db-0' },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'default',
      csi: { driver: 'disk.csi.example.com', volumeHandle: 'vol-0d1e2f3a' },
      claimRef: { namespace: 'infra', name: 'data-db-0' },
    },
  });
  create(cp, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-db-0', namespace: 'infra' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'default', resources: { requests: { storage: '10Gi' } }, volumeName: 'pv-data-db-0' },
  });
  setStatus(cp, 'pv', 'pv-data-db-0', undefined, { phase: 'Bound' });
  setStatus(cp, 'pvc', 'data-db-0', 'infra', { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } });

  const dbLabels = { 'app.kubernetes.io/name': 'db' };
  const dbTemplate = {
    metadata: { labels: dbLabels },
    spec: {
      containers: [{ name: 'postgres', image: 'registry.example.com/postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] }],
      volumes: [
        { name: 'cfg', configMap: { name: 'db-config' } },
        { name: 'scratch', emptyDir: {} },
        { name: 'creds', secret: { secretName: 'db-creds' } },
      ],
    },
  };
  const sts = create(cp, {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'infra' },
    spec: {
      serviceName: 'db',
      replicas: 1,
      selector: { matchLabels: dbLabels },
      template: dbTemplate,
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
    },
  });
  const db = placePod(
    cp,
    {
      metadata: { name: 'db-0', namespace: 'infra', labels: dbLabels, ownerReferences: [owner('StatefulSet', sts)] },
      spec: { ...dbTemplate.spec, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }, ...dbTemplate.spec.volumes] },
    },
    node,
    ips.db,
  );

  const dnsLabels = { 'k8s-app': 'kube-dns' };
  const dnsSpec = { containers: [{ name: 'coredns', image: 'registry.example.com/coredns:1.11' }], volumes: [{ name: 'config-volume', configMap: { name: 'coredns' } }] };
  create(cp, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    spec: { replicas: 1, selector: { matchLabels: dnsLabels }, template: { metadata: { labels: dnsLabels }, spec: dnsSpec } },
  });
  const coredns = placePod(cp, { metadata: { name: 'coredns-5d78c9869d-q7x2k', namespace: 'kube-system', labels: dnsLabels }, spec: dnsSpec }, node, ips.coredns);
  return { db, coredns, pvcVolume: 'data', nonPvcVolumes: ['cfg', 'scratch', 'creds'] };
}
