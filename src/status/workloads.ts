/**
 * Reads the gateway Deployment / agent DaemonSet and, only when one is not ready, its pods, and applies the
 * hold rule. API errors become a `{kind: 'error'}` verdict (an Unknown condition), never an exception.
 */
import { AGENT, GATEWAY, LABELS } from '../constants';
import type { Logger } from './log';
import { holdWorkload, type WorkloadVerdict } from './pipeline-status';
import { ApiFailure, type StatusApi } from './status-api';
import { assessWorkload, daemonSetReadiness, deploymentReadiness, missingWorkload, type Readiness, type WorkloadProblem } from './workload-health';

export type WorkloadKind = 'gateway' | 'agent';

export interface WorkloadResult {
  verdict: WorkloadVerdict;
  /** The problem seen now, confirmed or not: the next run's `previous`. */
  observed?: WorkloadProblem;
}

const WORKLOADS = {
  gateway: { kind: 'Deployment', name: GATEWAY.name },
  agent: { kind: 'DaemonSet', name: AGENT.name },
} as const;

async function readiness(api: StatusApi, namespace: string, workload: WorkloadKind): Promise<Readiness> {
  const { kind, name } = WORKLOADS[workload];
  for (let attempt = 1; ; attempt++) {
    try {
      return workload === 'gateway' ? deploymentReadiness(await api.getDeployment(namespace, name)) : daemonSetReadiness(await api.getDaemonSet(namespace, name));
    } catch (e) {
      if (e instanceof ApiFailure && e.kind === 'notFound') return missingWorkload(kind, name);
      if (e instanceof ApiFailure && e.transient && attempt < 2) continue;
      throw e;
    }
  }
}

export async function assessComponent(
  api: StatusApi,
  namespace: string,
  workload: WorkloadKind,
  previous: WorkloadProblem | undefined,
  log: Logger,
): Promise<WorkloadResult> {
  let ready: Readiness;
  try {
    ready = await readiness(api, namespace, workload);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    log.warn('workload could not be read', { workload: WORKLOADS[workload].name, error: detail });
    return { verdict: { kind: 'error', detail } };
  }
  let pods;
  // Pods only explain a workload that is not ready; one that does not exist has none.
  if (ready.kind !== 'ready' && !(ready.kind === 'problem' && ready.problem === 'missing')) {
    try {
      pods = await api.listPods(namespace, `${LABELS.name}=${WORKLOADS[workload].name}`);
    } catch (e) {
      log.warn('pods could not be listed; not-ready reason unknown', { workload: WORKLOADS[workload].name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return holdWorkload(assessWorkload(ready, pods), previous);
}
