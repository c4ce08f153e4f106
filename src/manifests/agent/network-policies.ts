/**
 * Kyma's agent NetworkPolicies; they only matter in namespaces with default-deny policies. Egress is open:
 * the agent talks to every node's kubelet, to annotated pods anywhere, to the API server and the gateway.
 * Ingress is only for the agent's own metrics (and, with Istio, its sidecar's), from pods that opt in as
 * scrapers; nothing pushes to the agent.
 */
import { AGENT, AGENT_NETWORK_POLICIES, LABELS, LABEL_VALUE, PORTS } from '../../constants';
import type { AgentPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import type { NetworkPolicy, NetworkPolicyPort } from '../types';

const { meta: agentMeta, selector: agentSelector } = componentMeta(AGENT);

export function agentNetworkPolicy(plan: AgentPlan): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: agentMeta(plan.settings, AGENT_NETWORK_POLICIES.main),
    spec: { podSelector: { matchLabels: agentSelector() }, policyTypes: ['Egress'], egress: [{}] },
  };
}

export function agentMetricsNetworkPolicy(plan: AgentPlan): NetworkPolicy {
  const ports: NetworkPolicyPort[] = [{ protocol: 'TCP', port: PORTS.metrics }];
  // The sidecar's own Envoy metrics.
  if (plan.settings.istio) ports.push({ protocol: 'TCP', port: PORTS.envoyTelemetry });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: agentMeta(plan.settings, AGENT_NETWORK_POLICIES.metrics),
    spec: {
      podSelector: { matchLabels: agentSelector() },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: {}, podSelector: { matchLabels: { [LABELS.metricsScraping]: LABEL_VALUE.metricsScrapingAllowed } } }],
          ports,
        },
      ],
    },
  };
}
