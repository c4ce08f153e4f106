import { buildAgentConfig } from '../collector/agent-config';
import { serializeCollectorConfig } from '../collector/serialize';
import { buildAgentObjects } from '../manifests/agent';
import type { Plan } from '../plan/types';

/** The metric agent, only when some valid pipeline pulls metrics (prometheus, istio or runtime input). */
export function renderAgent({ agent }: Plan): object[] {
  if (agent === undefined) return [];
  return buildAgentObjects(agent, serializeCollectorConfig(buildAgentConfig(agent)));
}
