/**
 * The objects of the function's output the status job finds by name: the collectors' workloads, their pods
 * and metrics Services, the ConfigMap that carries the outcome annotation (outcome-annotation.ts), and the
 * labels of the one object the job creates itself. The names are in src/constants.ts; this is the status
 * job's view of them, so that what it reads is listed in one place (and its RBAC, src/manifests/status-job,
 * grants exactly that).
 */
import { AGENT, GATEWAY, LABEL_VALUES, LABELS, PORT_NAMES, PORTS, STATUS_JOB } from '../constants';

/** The two collectors the function renders. */
export type CollectorName = 'gateway' | 'agent';

export interface CollectorObjects {
  /** The workload that runs the collector. */
  workload: { kind: 'Deployment' | 'DaemonSet'; name: string };
  /** Label selector of the workload's pods (the name label only, as the function's selectors). */
  podSelector: string;
  /** The Service whose EndpointSlices list the pods' self-metrics endpoints. */
  metricsService: string;
}

export const COLLECTORS: Readonly<Record<CollectorName, CollectorObjects>> = {
  gateway: {
    workload: { kind: 'Deployment', name: GATEWAY.name },
    podSelector: `${LABELS.name}=${GATEWAY.name}`,
    metricsService: GATEWAY.metricsServiceName,
  },
  agent: {
    workload: { kind: 'DaemonSet', name: AGENT.name },
    podSelector: `${LABELS.name}=${AGENT.name}`,
    metricsService: AGENT.metricsServiceName,
  },
};

/** The self-metrics port of the metrics Services, by name; the number when a slice names no port. */
export const METRICS_PORT = { name: PORT_NAMES.metrics, number: PORTS.metrics } as const;

/** The gateway ConfigMap, in the rendered namespace, carries the outcome annotation. */
export const OUTCOME_CONFIG_MAP = GATEWAY.name;

/**
 * Labels of the job's state ConfigMap, which the job creates itself: those the function puts on the status
 * job's rendered objects (componentLabels in src/manifests; test/contract compares the two), in sorted order.
 */
export function statusStateLabels(): Record<string, string> {
  return {
    [LABELS.component]: STATUS_JOB.component,
    [LABELS.managedBy]: LABEL_VALUES.managedBy,
    [LABELS.name]: STATUS_JOB.name,
    [LABELS.partOf]: LABEL_VALUES.partOf,
  };
}
