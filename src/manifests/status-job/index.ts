/**
 * All objects of the status job, in a fixed order, annotated to land in one kpt file
 * (generated/telemetry-metric-status.yaml). Pure: the same settings always give the same objects.
 */
import type { Settings } from '../../api/function-config';
import { STATUS_JOB } from '../../constants';
import { withKptPaths } from '../kpt-path';
import type { KubeObject } from '../types';
import { statusCronJob } from './cronjob';
import { statusClusterRole, statusClusterRoleBinding, statusRole, statusRoleBinding, statusServiceAccount } from './rbac';

export const STATUS_JOB_FILE = `${STATUS_JOB.name}.yaml`;

/** Identity and permissions first, so that an apply in file order never starts a job it cannot run. */
export function buildStatusJobObjects(settings: Settings): KubeObject[] {
  return withKptPaths(
    [
      statusServiceAccount(settings),
      statusClusterRole(),
      statusClusterRoleBinding(settings),
      statusRole(settings),
      statusRoleBinding(settings),
      statusCronJob(settings),
    ],
    STATUS_JOB_FILE,
  );
}
