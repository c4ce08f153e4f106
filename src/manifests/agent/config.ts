/**
 * The agent's ConfigMap. It carries Flux's substitute opt-out like the gateway's: the config references the
 * downward-API variables as ${env:NAME}, which Flux post-build substitution would otherwise blank out. The
 * agent has no Secret: it sends only to the gateway, inside the cluster.
 */
import { AGENT, ANNOTATIONS, FLUX_SUBSTITUTE_DISABLED } from '../../constants';
import type { AgentPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import type { ConfigMap, StringMap } from '../types';

const { meta: agentMeta } = componentMeta(AGENT);

/** What the ConfigMap's `data` holds; the checksum is computed over exactly this. */
export function agentConfigMapData(configYaml: string): StringMap {
  return { [AGENT.configMapKey]: configYaml };
}

export function agentConfigMap(plan: AgentPlan, configYaml: string): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: agentMeta(plan.settings, AGENT.name, {}, { [ANNOTATIONS.fluxSubstitute]: FLUX_SUBSTITUTE_DISABLED }),
    data: agentConfigMapData(configYaml),
  };
}
