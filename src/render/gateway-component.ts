import { buildGatewayConfig } from '../collector/gateway-config';
import { serializeCollectorConfig } from '../collector/serialize';
import { buildGatewayObjects } from '../manifests/gateway';
import { buildGatewayPlan } from '../plan/build-plan';
import type { RenderContext } from './components';

/** The metric gateway: every valid pipeline gets an output pipeline and exporter in it. */
export function renderGateway(ctx: RenderContext): object[] {
  const plan = buildGatewayPlan(ctx.settings, ctx.pipelines, ctx.secrets, ctx.outcomes);
  return buildGatewayObjects(plan, serializeCollectorConfig(buildGatewayConfig(plan)));
}
