/**
 * All Kubernetes objects of the metric gateway, in a fixed order, annotated to land in one kpt file
 * (generated/telemetry-metric-gateway.yaml). Pure: the same plan and config always give the same objects.
 */
import { GATEWAY } from '../constants';
import type { GatewayPlan } from '../plan/types';
import { configChecksum } from './checksum';
import { gatewayHorizontalPodAutoscaler, gatewayPodDisruptionBudget } from './gateway/availability';
import { gatewayConfigMap, gatewayConfigMapData, gatewaySecret } from './gateway/config';
import { checksumSecretData } from './gateway/credentials';
import { gatewayDeployment } from './gateway/deployment';
import { gatewayMetricsNetworkPolicy, gatewayNetworkPolicy } from './gateway/network-policies';
import { gatewayClusterRole, gatewayClusterRoleBinding, gatewayServiceAccount } from './gateway/rbac';
import { gatewayMetricsService, gatewayOtlpService } from './gateway/services';
import { withKptPaths } from './kpt-path';
import type { KubeObject } from './types';

/** The kpt file all gateway objects are written to, inside GENERATED_DIR. */
export const GATEWAY_FILE = `${GATEWAY.name}.yaml`;

/**
 * `configYaml` is the rendered collector config (ConfigMap key relay.conf). Order: identity, config,
 * workload, Services, NetworkPolicies, then the optional PodDisruptionBudget and HorizontalPodAutoscaler.
 */
export function buildGatewayObjects(plan: GatewayPlan, configYaml: string): KubeObject[] {
  const checksum = configChecksum(gatewayConfigMapData(configYaml), checksumSecretData(plan));
  return withKptPaths<KubeObject>(
    [
      gatewayServiceAccount(plan),
      gatewayClusterRole(),
      gatewayClusterRoleBinding(plan),
      gatewayConfigMap(plan, configYaml),
      gatewaySecret(plan),
      gatewayDeployment(plan, checksum),
      gatewayOtlpService(plan),
      gatewayMetricsService(plan),
      gatewayNetworkPolicy(plan),
      gatewayMetricsNetworkPolicy(plan),
      gatewayPodDisruptionBudget(plan),
      gatewayHorizontalPodAutoscaler(plan),
    ],
    GATEWAY_FILE,
  );
}
