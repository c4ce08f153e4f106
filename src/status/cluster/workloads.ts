/**
 * Reads the gateway Deployment / agent DaemonSet and, only when one is not ready, its pods, and applies the
 * hold rule. API errors become a `{kind: 'error'}` verdict (an Unknown condition), never an exception.
 */
import { COLLECTORS, type CollectorName } from '../../contract/collectors';
import type { Logger } from '../support/log';
import { ApiFailure, type StatusApi } from './api';
import {
  assessWorkload,
  daemonSetReadiness,
  deploymentReadiness,
  holdWorkload,
  missingWorkload,
  type Readiness,
  type WorkloadProblem,
  type WorkloadVerdict,
} from './workload-health';

export interface WorkloadResult {
  verdict: WorkloadVerdict;
  /** The problem seen now, confirmed or not: the next run's `previous`. */
  observed?: WorkloadProblem;
}

async function readiness(api: StatusApi, namespace: string, collector: CollectorName): Promise<Readiness> {
  const { kind, name } = COLLECTORS[collector].workload;
  for (let attempt = 1; ; attempt++) {
    try {
      return kind === 'Deployment' ? deploymentReadiness(await api.getDeployment(namespace, name)) : daemonSetReadiness(await api.getDaemonSet(namespace, name));
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
  collector: CollectorName,
  previous: WorkloadProblem | undefined,
  log: Logger,
): Promise<WorkloadResult> {
  const { workload, podSelector } = COLLECTORS[collector];
  let ready: Readiness;
  try {
    ready = await readiness(api, namespace, collector);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    log.warn('workload could not be read', { workload: workload.name, error: detail });
    return { verdict: { kind: 'error', detail } };
  }
  let pods;
  // Pods only explain a workload that is not ready; one that does not exist has none.
  if (ready.kind !== 'ready' && !(ready.kind === 'problem' && ready.problem === 'missing')) {
    try {
      pods = await api.listPods(namespace, podSelector);
    } catch (e) {
      log.warn('pods could not be listed; not-ready reason unknown', { workload: workload.name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return holdWorkload(assessWorkload(ready, pods), previous);
}
