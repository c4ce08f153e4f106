/**
 * The status CronJob: runs `metricpipeline-status run` from the function's own image on a schedule.
 * - concurrencyPolicy Forbid: two runs would race on the status and on the job's state ConfigMap;
 * - backoffLimit 0: a failed run is not retried, the next scheduled one comes soon enough;
 * - activeDeadlineSeconds: the program bounds itself (--timeout); the deadline also covers pod start-up;
 * - the pod label that the collectors' metrics NetworkPolicies admit, and no Istio sidecar (a sidecar
 *   would keep the Job's pod running after the job is done);
 * - Pod Security "restricted", read-only root filesystem (the job writes no files).
 */
import type { Settings } from '../../api/function-config';
import { FUNCTION_IMAGE, LABEL_VALUE, LABELS, STATUS_JOB } from '../../constants';
import { componentMeta, mergeOwnLast } from '../metadata';
import { placementFields } from '../placement';
import type { Container, CronJob } from '../types';

const { labels: statusLabels, meta: statusMeta } = componentMeta(STATUS_JOB);

const CONTAINER_NAME = 'status';
/** Parsing a few hundred pods' metrics fits easily; the limit protects the node from a runaway run. */
const RESOURCES = { limits: { memory: '256Mi' }, requests: { cpu: '10m', memory: '64Mi' } } as const;
/** A run the controller could not start within this time is skipped; the next one follows. */
const STARTING_DEADLINE_SECONDS = 60;
const HISTORY_LIMIT = 1;

export function statusArgs(settings: Settings): string[] {
  const args = ['run', '--namespace', settings.namespace, '--window', String(settings.status.windowSeconds), '--timeout', String(STATUS_JOB.timeoutSeconds)];
  if (settings.status.prometheusURL !== undefined) args.push('--prometheus-url', settings.status.prometheusURL);
  return args;
}

function container(settings: Settings): Container {
  return {
    name: CONTAINER_NAME,
    image: settings.status.image,
    command: [...FUNCTION_IMAGE.statusCommand],
    args: statusArgs(settings),
    resources: { limits: { ...RESOURCES.limits }, requests: { ...RESOURCES.requests } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: STATUS_JOB.runAsUser,
      runAsGroup: STATUS_JOB.runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

export function statusCronJob(settings: Settings): CronJob {
  const podLabels = mergeOwnLast(
    {},
    {
      ...statusLabels(),
      [LABELS.metricsScraping]: LABEL_VALUE.metricsScrapingAllowed,
      [LABELS.istioInject]: 'false',
    },
  );
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: statusMeta(settings),
    spec: {
      schedule: settings.status.schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
      successfulJobsHistoryLimit: HISTORY_LIMIT,
      failedJobsHistoryLimit: HISTORY_LIMIT,
      jobTemplate: {
        metadata: { labels: statusLabels() },
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: STATUS_JOB.timeoutSeconds + STATUS_JOB.activeDeadlineSlackSeconds,
          template: {
            metadata: { labels: podLabels },
            spec: {
              serviceAccountName: STATUS_JOB.name,
              restartPolicy: 'Never',
              ...(settings.priorityClassName === undefined ? {} : { priorityClassName: settings.priorityClassName }),
              ...(settings.imagePullSecrets.length > 0 ? { imagePullSecrets: settings.imagePullSecrets.map((name) => ({ name })) } : {}),
              ...placementFields(settings.status.placement, statusLabels()),
              securityContext: { runAsNonRoot: true, runAsUser: STATUS_JOB.runAsUser, runAsGroup: STATUS_JOB.runAsUser, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [container(settings)],
            },
          },
        },
      },
    },
  };
}
