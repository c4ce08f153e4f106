import { buildStatusJobObjects } from '../manifests/status-job';
import type { Plan } from '../plan/types';

/**
 * The status CronJob, whenever the input has MetricPipelines: it writes their status, including for those
 * the function left out (ConfigurationGenerated False), so it is needed even when none was rendered.
 */
export function renderStatusJob(plan: Plan): object[] {
  return Object.keys(plan.outcomes).length > 0 ? buildStatusJobObjects(plan.settings) : [];
}
