/** Optional PodDisruptionBudget and HorizontalPodAutoscaler of the gateway Deployment. */
import type { Settings } from '../../api/function-config';
import { GATEWAY, PDB_MAX_UNAVAILABLE } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import type { HorizontalPodAutoscaler, PodDisruptionBudget } from '../types';

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

/** CPU-based scaling; utilization is relative to the CPU request, which the Deployment always sets. */
export function gatewayHorizontalPodAutoscaler(plan: GatewayPlan): HorizontalPodAutoscaler | undefined {
  const autoscaling = plan.settings.gateway.autoscaling;
  if (autoscaling === undefined) return undefined;
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
      ],
    },
  };
}
