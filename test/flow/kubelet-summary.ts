/**
 * The kubelet's Summary API document (GET /stats/summary) for the pods of one node, shaped and named field by
 * field like k8s.io/kubelet/pkg/apis/stats/v1alpha1 (Summary, NodeStats, PodStats, ContainerStats,
 * NetworkStats with its inline default InterfaceStats, VolumeStats with its inline FsStats and pvcRef), which
 * is what the kubeletstats receiver unmarshals. Only the numbers are invented: they grow with time as a
 * kubelet's counters do, so that a metric can be followed across scrapes.
 *
 * Which pods and volumes appear follows the kubelet: every running pod bound to the node, each of its
 * containers, and each volume with a metrics provider (emptyDir, configMap, secret, downwardAPI, projected,
 * and PVC-backed volumes, the latter with pvcRef); hostPath volumes report none.
 */

/** The node's network interfaces: the physical NIC and the virtual ones a CNI makes per pod. */
export const NODE_INTERFACES = { physical: ['eth0'], virtual: ['cali7f3a9c21e0b', 'veth4d2e81aa'] } as const;

/** The API server's Pod, as much of it as the summary needs. */
export interface PodObject {
  metadata: { name: string; namespace: string; uid: string; creationTimestamp?: string };
  spec: { nodeName?: string; containers: { name: string }[]; volumes?: PodVolume[] };
  status?: { phase?: string; startTime?: string };
}

export interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  configMap?: object;
  secret?: object;
  emptyDir?: object;
  downwardAPI?: object;
  projected?: object;
}

interface FsStats {
  time: string;
  availableBytes: number;
  capacityBytes: number;
  usedBytes: number;
  inodesFree: number;
  inodes: number;
  inodesUsed: number;
}
interface InterfaceStats {
  name: string;
  rxBytes: number;
  rxErrors: number;
  txBytes: number;
  txErrors: number;
}
type VolumeStats = FsStats & { name: string; pvcRef?: { name: string; namespace: string } };

export interface Summary {
  node: { nodeName: string; startTime: string; systemContainers: object[]; cpu: object; memory: object; network: object; fs: FsStats; runtime: object; rlimit: object };
  pods: {
    podRef: { name: string; namespace: string; uid: string };
    startTime: string;
    containers: { name: string; startTime: string; cpu: object; memory: object; rootfs: FsStats; logs: FsStats }[];
    cpu: object;
    memory: object;
    network: object;
    volume: VolumeStats[];
    'ephemeral-storage': FsStats;
    process_stats: { process_count: number };
  }[];
}

/** metav1.Time's JSON form: RFC 3339 in whole seconds. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A small stable number per name, so that each pod and interface has its own values. */
function seed(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 997;
  return h + 1;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function fs(now: number, scale: number, capacity: number): FsStats {
  const used = Math.min(capacity - 1, scale * 4096);
  return { time: rfc3339(now), availableBytes: capacity - used, capacityBytes: capacity, usedBytes: used, inodesFree: 65536 - scale, inodes: 65536, inodesUsed: scale };
}

function cpu(now: number, seconds: number, scale: number): object {
  const nanoCores = scale * 1_000_000;
  return { time: rfc3339(now), usageNanoCores: nanoCores, usageCoreNanoSeconds: Math.round(seconds * nanoCores) };
}

function memory(now: number, scale: number, capacity: number): object {
  const workingSet = scale * MiB;
  return {
    time: rfc3339(now),
    availableBytes: capacity - workingSet,
    usageBytes: workingSet + 4 * MiB,
    workingSetBytes: workingSet,
    rssBytes: workingSet - MiB,
    pageFaults: scale * 100,
    majorPageFaults: scale,
  };
}

function iface(name: string, seconds: number): InterfaceStats {
  const rate = seed(name) * 1000;
  return { name, rxBytes: Math.round(seconds * rate), rxErrors: 0, txBytes: Math.round(seconds * rate * 0.7), txErrors: 0 };
}

/** The default interface inline (the kubelet's `InterfaceStats json:",inline"`), then all of them. */
function network(now: number, seconds: number, names: readonly string[]): object {
  const all = names.map((n) => iface(n, seconds));
  return { time: rfc3339(now), ...all[0], interfaces: all };
}

function volumeStats(now: number, pod: PodObject, v: PodVolume): VolumeStats | undefined {
  const s = seed(`${pod.metadata.uid}/${v.name}`);
  if (v.persistentVolumeClaim) {
    return { ...fs(now, s, 10 * GiB), name: v.name, pvcRef: { name: v.persistentVolumeClaim.claimName, namespace: pod.metadata.namespace } };
  }
  if (v.configMap || v.secret || v.emptyDir || v.downwardAPI || v.projected) return { ...fs(now, s, 8 * GiB), name: v.name };
  return undefined;
}

/** The summary of `nodeName` at `now` for its running pods; the node started at `nodeStart`. */
export function summaryOf(nodeName: string, nodeStart: number, pods: PodObject[], now: number = Date.now()): Summary {
  const up = (now - nodeStart) / 1000;
  const running = pods.filter((p) => p.spec.nodeName === nodeName && p.status?.phase === 'Running');
  return {
    node: {
      nodeName,
      startTime: rfc3339(nodeStart),
      systemContainers: ['kubelet', 'runtime', 'pods'].map((name) => ({ name, startTime: rfc3339(nodeStart), cpu: cpu(now, up, seed(name)), memory: memory(now, seed(name), 8 * GiB) })),
      cpu: cpu(now, up, 400),
      memory: memory(now, 900, 8 * GiB),
      network: network(now, up, [...NODE_INTERFACES.physical, ...NODE_INTERFACES.virtual]),
      fs: fs(now, 5000, 100 * GiB),
      runtime: { imageFs: fs(now, 3000, 100 * GiB), containerFs: fs(now, 3000, 100 * GiB) },
      rlimit: { time: rfc3339(now), maxpid: 4194304, curproc: 180 + running.length * 4 },
    },
    pods: running.map((pod) => {
      const started = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? rfc3339(now));
      const podUp = Math.max(0, (now - started) / 1000);
      const s = seed(pod.metadata.uid);
      return {
        podRef: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
        startTime: rfc3339(started),
        containers: pod.spec.containers.map((c) => ({
          name: c.name,
          startTime: rfc3339(started),
          cpu: cpu(now, podUp, s),
          memory: memory(now, s % 200, 8 * GiB),
          rootfs: fs(now, s, 100 * GiB),
          logs: fs(now, s % 50, 100 * GiB),
        })),
        cpu: cpu(now, podUp, s),
        memory: memory(now, s % 200, 8 * GiB),
        // A pod's own network namespace has one interface, eth0 (the host side is the node's veth/cali).
        network: network(now, podUp, ['eth0']),
        volume: (pod.spec.volumes ?? []).flatMap((v) => volumeStats(now, pod, v) ?? []),
        'ephemeral-storage': fs(now, s, 100 * GiB),
        process_stats: { process_count: 1 + (s % 5) },
      };
    }),
  };
}
