import { buildStatusJobObjects } from '../manifests/status-job';
import type { RenderContext } from './components';

/**
 * The status CronJob, whenever the input has MetricPipelines: it writes their status, including for those
 * the function left out (ConfigurationGenerated False), so it is needed even when none was rendered.
 */
export function renderStatusJob(ctx: RenderContext): object[] {
  return Object.keys(ctx.outcomes).length > 0 ? buildStatusJobObjects(ctx.settings) : [];
}
