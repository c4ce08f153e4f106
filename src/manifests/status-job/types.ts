/**
 * Object shapes only the status job's manifests use (the shared ones are in ../types). Hand-written for the
 * same reason: the function ships without kubernetes-models; tests check these against its schema.
 */
import type { KubeObject, ResourceRequirements, SeccompProfile, StringMap } from '../types';

export interface JobContainer {
  name: string;
  image: string;
  command: string[];
  args: string[];
  resources: ResourceRequirements;
  securityContext: {
    allowPrivilegeEscalation: false;
    capabilities: { drop: string[] };
    privileged: false;
    readOnlyRootFilesystem: true;
    runAsNonRoot: true;
    runAsUser: number;
    runAsGroup: number;
    seccompProfile: SeccompProfile;
  };
}

export interface CronJob extends KubeObject {
  apiVersion: 'batch/v1';
  kind: 'CronJob';
  spec: {
    schedule: string;
    concurrencyPolicy: 'Forbid';
    startingDeadlineSeconds: number;
    successfulJobsHistoryLimit: number;
    failedJobsHistoryLimit: number;
    jobTemplate: {
      metadata: { labels: StringMap };
      spec: {
        backoffLimit: number;
        activeDeadlineSeconds: number;
        template: {
          metadata: { labels: StringMap };
          spec: {
            serviceAccountName: string;
            restartPolicy: 'Never';
            priorityClassName?: string;
            imagePullSecrets?: { name: string }[];
            securityContext: { runAsNonRoot: true; runAsUser: number; runAsGroup: number; seccompProfile: SeccompProfile };
            containers: JobContainer[];
          };
        };
      };
    };
  };
}
