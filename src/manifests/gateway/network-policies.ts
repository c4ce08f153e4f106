/**
 * Kyma's gateway NetworkPolicies. They only matter in namespaces with a default-deny policy; elsewhere they
 * change nothing. Egress is open: backends are arbitrary URLs, and the policy cannot name DNS targets.
 */
import { GATEWAY, GATEWAY_NETWORK_POLICIES, LABELS, LABEL_VALUE, PORTS } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import type { NetworkPolicy } from '../types';

const { meta: gatewayMeta, selector: gatewaySelector } = componentMeta(GATEWAY);

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
