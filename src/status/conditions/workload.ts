/**
 * GatewayHealthy and AgentHealthy from the workloads' verdicts (cluster/workload-health.ts), or "not
 * generated" when the pipeline is not in the rendered configuration.
 */
import type { WorkloadVerdict } from '../cluster/workload-health';
import { AGENT_HEALTH, GATEWAY_HEALTH, ROLLOUT, type WorkloadMessages } from './messages';
import type { ConditionValue } from './types';

function workloadCondition(messages: WorkloadMessages, verdict: WorkloadVerdict): ConditionValue {
  switch (verdict.kind) {
    case 'ready':
      return messages.ready;
    case 'rollout':
      return ROLLOUT;
    case 'problem':
      return messages.notReady(verdict.message);
    case 'error':
      return messages.probingFailed(verdict.detail);
  }
}

export function gatewayCondition(rendered: boolean | undefined, verdict: WorkloadVerdict): ConditionValue {
  return rendered === false ? GATEWAY_HEALTH.notGenerated : workloadCondition(GATEWAY_HEALTH, verdict);
}

/** `verdict` is undefined when no pipeline needs the agent (then it was not read). */
export function agentCondition(needsAgent: boolean, rendered: boolean | undefined, verdict: WorkloadVerdict | undefined): ConditionValue {
  if (!needsAgent || verdict === undefined) return AGENT_HEALTH.notRequired;
  return rendered === false ? AGENT_HEALTH.notGenerated : workloadCondition(AGENT_HEALTH, verdict);
}
