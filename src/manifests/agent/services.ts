/** The Service the self-monitor / Prometheus scrapes the agents' own metrics through. */
import { AGENT } from '../../constants';
import type { AgentPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import { METRICS_SERVICE_ANNOTATIONS, METRICS_SERVICE_LABELS, metricsService } from '../metrics-service';
import type { Service } from '../types';

const { meta: agentMeta, selector: agentSelector } = componentMeta(AGENT);

export function agentMetricsService(plan: AgentPlan): Service {
  return metricsService(agentMeta(plan.settings, AGENT.metricsServiceName, METRICS_SERVICE_LABELS, METRICS_SERVICE_ANNOTATIONS), agentSelector());
}
