/** The Service the self-monitor / Prometheus scrapes the agents' own metrics through. */
import { AGENT, LABEL_VALUE, LABELS, PORT_NAMES, PORTS, PROMETHEUS_ANNOTATIONS } from '../../constants';
import type { AgentPlan } from '../../plan/types';
import type { Service } from '../types';
import { agentMeta, agentSelector } from './labels';

export function agentMetricsService(plan: AgentPlan): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: agentMeta(
      plan.settings,
      AGENT.metricsServiceName,
      { [LABELS.selfMonitor]: LABEL_VALUE.selfMonitorEnabled },
      {
        [PROMETHEUS_ANNOTATIONS.scrape]: LABEL_VALUE.true,
        [PROMETHEUS_ANNOTATIONS.port]: String(PORTS.metrics),
        [PROMETHEUS_ANNOTATIONS.scheme]: 'http',
      },
    ),
    spec: {
      type: 'ClusterIP',
      selector: agentSelector(),
      ports: [{ name: PORT_NAMES.metrics, protocol: 'TCP', port: PORTS.metrics, targetPort: PORTS.metrics }],
    },
  };
}
