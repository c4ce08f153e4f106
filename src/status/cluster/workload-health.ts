/**
 * Pure readiness of the gateway Deployment and the agent DaemonSet, why their pods do not run, and the hold
 * rule that turns an assessment into a verdict.
 *
 * Ready (Kyma's workloadstatus): the controller saw the latest spec, every desired pod is updated and ready.
 * Not ready with a pod problem (unschedulable, image pull, crash loop, ...) is a problem; not ready without
 * one is a rollout in progress. Messages follow Kyma's prober; they name no pod and no back-off time, so
 * that a problem that persists keeps the same message and the status is not rewritten every run.
 */
import type { DaemonSetObject, DeploymentObject, PodObject } from './kube-types';

/** Problem kinds, most telling first: when pods show several, the first one is reported. */
export const WORKLOAD_PROBLEMS = [
  'missing',
  'scaledToZero',
  'unschedulable',
  'imagePull',
  'containerConfig',
  'crashLoop',
  'podFailed',
  'progressDeadline',
  'containerNotReady',
] as const;

export type WorkloadProblem = (typeof WORKLOAD_PROBLEMS)[number];

export type Readiness = { kind: 'ready' } | { kind: 'notReady' } | { kind: 'problem'; problem: WorkloadProblem; message: string };

export type WorkloadAssessment = { kind: 'ready' } | { kind: 'rollout' } | { kind: 'problem'; problem: WorkloadProblem; message: string };

export function isWorkloadProblem(value: string): value is WorkloadProblem {
  return (WORKLOAD_PROBLEMS as readonly string[]).includes(value);
}

export function missingWorkload(kind: 'Deployment' | 'DaemonSet', name: string): Readiness {
  return { kind: 'problem', problem: 'missing', message: `${kind} ${name} is not yet created` };
}

export function deploymentReadiness(d: DeploymentObject): Readiness {
  if (d.replicas === 0) return { kind: 'problem', problem: 'scaledToZero', message: 'Deployment is scaled to zero replicas' };
  const current = d.observedGeneration >= d.generation;
  if (current && d.updatedReplicas >= d.replicas && d.readyReplicas >= d.replicas) return { kind: 'ready' };
  // The Deployment controller's own verdict that the rollout is stuck (progressDeadlineSeconds).
  const progressing = d.conditions.find((c) => c.type === 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return { kind: 'problem', problem: 'progressDeadline', message: `Deployment rollout does not progress: ${progressing.message ?? progressing.reason}` };
  }
  return { kind: 'notReady' };
}

/** Kyma's check: ready iff all desired pods are updated and ready (none desired is ready too). */
export function daemonSetReadiness(ds: DaemonSetObject): Readiness {
  const current = ds.observedGeneration >= ds.generation;
  if (current && ds.updatedNumberScheduled >= ds.desiredNumberScheduled && ds.numberReady >= ds.desiredNumberScheduled) {
    return { kind: 'ready' };
  }
  return { kind: 'notReady' };
}

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONTAINER_CONFIG = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'PreCreateHookError', 'PostStartHookError']);

interface Found {
  problem: WorkloadProblem;
  message: string;
}

function notRunning(container: string, why: string): string {
  return `Pod is in the pending state because container: ${container} is not running due to: ${why}. Please check the container: ${container} logs.`;
}

function podProblems(pod: PodObject): Found[] {
  const found: Found[] = [];
  if (pod.phase === 'Failed') {
    found.push({ problem: 'podFailed', message: `Pod is in the failed state due to: ${pod.message ?? pod.reason ?? 'unknown reason'}` });
  }
  const scheduled = pod.conditions.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    found.push({ problem: 'unschedulable', message: `Pod is not scheduled: ${scheduled.message ?? scheduled.reason}` });
  }
  for (const c of pod.containers) {
    const reason = c.waiting?.reason;
    if (reason !== undefined && IMAGE_PULL.has(reason)) {
      // ErrImagePull and ImagePullBackOff alternate; the message names neither so it stays the same.
      found.push({
        problem: 'imagePull',
        message: `Pod is in the pending state because the image "${c.image}" of container: ${c.name} cannot be pulled. Check the image name and the image pull secrets.`,
      });
    } else if (reason !== undefined && CONTAINER_CONFIG.has(reason)) {
      // The kubelet's reason when an env entry's Secret or key is missing: with Secrets read in the cluster
      // (issue 20) that is the likely cause, so the message says it before the kubelet's own words.
      const cause = reason === 'CreateContainerConfigError' ? 'a referenced Secret or key is missing: ' : '';
      found.push({ problem: 'containerConfig', message: notRunning(c.name, `${reason}: ${cause}${c.waiting?.message ?? ''}`.replace(/: $/, '')) });
    } else if (reason === 'CrashLoopBackOff') {
      const last = c.lastTerminated;
      const detail = last === undefined ? '' : ` (last terminated: ${last.reason ?? 'Error'}${last.exitCode === undefined ? '' : `, exit code ${last.exitCode}`})`;
      found.push({ problem: 'crashLoop', message: notRunning(c.name, `CrashLoopBackOff${detail}`) });
    } else if (c.running && !c.ready && pod.phase === 'Running') {
      found.push({
        problem: 'containerNotReady',
        message: `Pod is running but container: ${c.name} is not ready. Please check the container: ${c.name} logs.`,
      });
    }
  }
  return found;
}

const RANK: ReadonlyMap<WorkloadProblem, number> = new Map(WORKLOAD_PROBLEMS.map((p, i) => [p, i]));

/** The most telling problem of the workload's pods; terminating pods are on their way out and do not count. */
export function podProblem(pods: readonly PodObject[]): Found | undefined {
  const all = [...pods]
    .filter((p) => !p.terminating)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(podProblems);
  all.sort((a, b) => (RANK.get(a.problem) as number) - (RANK.get(b.problem) as number));
  return all[0];
}

/** Readiness plus, when not ready, the pods' problem (if any): the workload's verdict before the hold rule. */
export function assessWorkload(readiness: Readiness, pods: readonly PodObject[] | undefined): WorkloadAssessment {
  if (readiness.kind === 'ready') return { kind: 'ready' };
  if (readiness.kind === 'problem' && readiness.problem !== 'progressDeadline') return readiness;
  const fromPods = pods === undefined ? undefined : podProblem(pods);
  if (fromPods !== undefined) return { kind: 'problem', ...fromPods };
  return readiness.kind === 'problem' ? readiness : { kind: 'rollout' };
}

/** A workload's verdict after the hold rule, or why it could not be read. */
export type WorkloadVerdict =
  | { kind: 'ready' }
  | { kind: 'rollout' }
  | { kind: 'problem'; message: string }
  | { kind: 'error'; detail: string };

/**
 * The hold rule for workloads: a problem turns the condition False only when the previous evaluation saw the
 * same problem, i.e. it held over two consecutive runs (about a minute). Until then it reads as a rollout.
 */
export function holdWorkload(assessment: WorkloadAssessment, previous: WorkloadProblem | undefined): { verdict: WorkloadVerdict; observed?: WorkloadProblem } {
  if (assessment.kind !== 'problem') return { verdict: assessment };
  const verdict: WorkloadVerdict = previous === assessment.problem ? { kind: 'problem', message: assessment.message } : { kind: 'rollout' };
  return { verdict, observed: assessment.problem };
}
