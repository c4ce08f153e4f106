/** Optional PodDisruptionBudget and HorizontalPodAutoscaler of the gateway Deployment. */
import type { Settings } from '../../api/function-config';
import { quantityValue } from '../../api/quantity';
import { GATEWAY, GATEWAY_AUTOSCALING, PDB_MAX_UNAVAILABLE } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import type { HorizontalPodAutoscaler, PodDisruptionBudget } from '../types';
import { gatewayResources } from './deployment';

const { meta: gatewayMeta, selector: gatewaySelector } = componentMeta(GATEWAY);

/** The fewest replicas that will run: the HPA's minimum when autoscaling, else the static count. */
export function minimumReplicas(settings: Settings): number {
  return settings.gateway.autoscaling?.minReplicas ?? settings.gateway.replicas;
}

/**
 * Only with more than one replica: with one, `maxUnavailable: 1` protects nothing, and any stricter budget
 * would block node drains forever.
 */
export function gatewayPodDisruptionBudget(plan: GatewayPlan): PodDisruptionBudget | undefined {
  if (minimumReplicas(plan.settings) <= 1) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: gatewayMeta(plan.settings, GATEWAY.name),
    spec: { maxUnavailable: PDB_MAX_UNAVAILABLE, selector: { matchLabels: gatewaySelector() } },
  };
}

/**
 * The memory target as utilization of the memory request: half the memory limit (GATEWAY_AUTOSCALING says
 * why). Undefined when the container has no memory request or limit to relate it to.
 */
export function memoryTargetUtilization(plan: GatewayPlan): number | undefined {
  const { requests, limits } = gatewayResources(plan);
  if (requests?.memory === undefined || limits?.memory === undefined) return undefined;
  const request = quantityValue(requests.memory);
  if (!(request > 0)) return undefined;
  return Math.max(1, Math.round((GATEWAY_AUTOSCALING.memoryTargetFractionOfLimit * quantityValue(limits.memory) * 100) / request));
}

/** CPU and memory scaling; utilization is relative to the requests, which the Deployment always sets. */
export function gatewayHorizontalPodAutoscaler(plan: GatewayPlan): HorizontalPodAutoscaler | undefined {
  const autoscaling = plan.settings.gateway.autoscaling;
  if (autoscaling === undefined) return undefined;
  const memory = memoryTargetUtilization(plan);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: gatewayMeta(plan.settings, GATEWAY.name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: GATEWAY.name },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCPUUtilizationPercentage } },
        },
        ...(memory === undefined ? [] : [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: memory } } }]),
      ],
    },
  };
}
