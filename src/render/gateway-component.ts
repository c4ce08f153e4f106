import { buildGatewayConfig } from '../collector/gateway-config';
import { serializeCollectorConfig } from '../collector/serialize';
import { buildGatewayObjects } from '../manifests/gateway';
import type { Plan } from '../plan/types';

/** The metric gateway: every valid pipeline gets an output pipeline and exporter in it. */
export function renderGateway({ gateway }: Plan): object[] {
  if (gateway === undefined) return [];
  return buildGatewayObjects(gateway, serializeCollectorConfig(buildGatewayConfig(gateway)));
}
