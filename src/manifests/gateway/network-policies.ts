/**
 * Kyma's gateway NetworkPolicies. They only matter in namespaces with a default-deny policy; elsewhere they
 * change nothing. Egress is open: backends are arbitrary URLs, and the policy cannot name DNS targets.
 */
import { GATEWAY_NETWORK_POLICIES, LABEL_VALUE, LABELS, PORTS } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import type { NetworkPolicy } from '../types';
import { gatewayMeta, gatewaySelector } from './labels';

/** OTLP ingress from anywhere: any workload in the cluster may push metrics. */
export function gatewayNetworkPolicy(plan: GatewayPlan): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: gatewayMeta(plan.settings, GATEWAY_NETWORK_POLICIES.main),
    spec: {
      podSelector: { matchLabels: gatewaySelector() },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          ports: [
            { protocol: 'TCP', port: PORTS.otlpGrpc },
            { protocol: 'TCP', port: PORTS.otlpHttp },
          ],
        },
      ],
      egress: [{}],
    },
  };
}

/** Self-metrics only for pods that opt in as scrapers, in any namespace. */
export function gatewayMetricsNetworkPolicy(plan: GatewayPlan): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: gatewayMeta(plan.settings, GATEWAY_NETWORK_POLICIES.metrics),
    spec: {
      podSelector: { matchLabels: gatewaySelector() },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {},
              podSelector: { matchLabels: { [LABELS.metricsScraping]: LABEL_VALUE.metricsScrapingAllowed } },
            },
          ],
          ports: [{ protocol: 'TCP', port: PORTS.metrics }],
        },
      ],
    },
  };
}
