import { buildAgentConfig } from '../collector/agent-config';
import { serializeCollectorConfig } from '../collector/serialize';
import { buildAgentObjects } from '../manifests/agent';
import { buildAgentPlan } from '../plan/agent-plan';
import type { RenderContext } from './components';

/** The metric agent, only when some valid pipeline pulls metrics (prometheus, istio or runtime input). */
export function renderAgent(ctx: RenderContext): object[] {
  const plan = buildAgentPlan(ctx.settings, ctx.pipelines);
  if (plan === undefined) return [];
  return buildAgentObjects(plan, serializeCollectorConfig(buildAgentConfig(plan)));
}
