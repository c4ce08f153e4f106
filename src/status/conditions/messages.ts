/**
 * Reasons and messages of the MetricPipeline status conditions the job writes, besides TelemetryFlowHealthy
 * (flow/reasons.ts). Reasons and messages follow Kyma's telemetry manager where Kyma has them, with the
 * component called "Metric Gateway" as in flow/reasons.ts; reasons Kyma lacks cover what only a job outside the
 * manager meets (the rendered configuration is missing, an API call failed).
 */
import { AGENT, GATEWAY } from '../../constants';
import { expiredMessage, type CertificateExpiry } from '../../contract/certificate-expiry';
import type { ConditionValue, TypedCondition } from './types';

export const GATEWAY_WORKLOAD = `Metric Gateway Deployment ${GATEWAY.name}`;
export const AGENT_WORKLOAD = `Metric Agent DaemonSet ${AGENT.name}`;

/** The reason of a healthy condition that is still rolling out: True, but not yet Ready. */
export const ROLLOUT_IN_PROGRESS = 'RolloutInProgress';

export const CONFIGURATION = {
  /** The gateway ConfigMap does not exist: nothing was rendered (or nothing applied). */
  missing: (namespace: string): ConditionValue => ({
    status: 'False',
    reason: 'GatewayNotRendered',
    message:
      `No Metric Gateway configuration found: ConfigMap ${namespace}/${GATEWAY.name} does not exist. ` +
      'The function renders no gateway when no MetricPipeline is valid (invalidPipelines: skip); check its results, or apply its output',
  }),
  /** The ConfigMap exists but does not list the pipeline: it was added after the package was rendered. */
  notRendered: (): ConditionValue => ({
    status: 'False',
    reason: 'PipelineNotRendered',
    message:
      'MetricPipeline is not part of the rendered Metric Gateway configuration: the function did not see it when the package was last rendered. ' +
      'Render the package again and apply the output',
  }),
  unreadable: (namespace: string, detail: string): ConditionValue => ({
    status: 'Unknown',
    reason: 'ConfigurationUnreadable',
    message: `The annotation of ConfigMap ${namespace}/${GATEWAY.name} that records the rendered pipelines is unreadable: ${detail}`,
  }),
  probingFailed: (namespace: string, detail: string): ConditionValue => ({
    status: 'Unknown',
    reason: 'ConfigurationProbingFailed',
    message: `Could not read ConfigMap ${namespace}/${GATEWAY.name}: ${detail}`,
  }),
  /** Recorded as about to expire when rendered; the recorded date has passed since. */
  expired: (expiry: CertificateExpiry): ConditionValue => ({
    status: 'False',
    reason: 'TLSCertificateExpired',
    message: expiredMessage(expiry),
  }),
} as const;

export interface WorkloadMessages {
  ready: ConditionValue;
  notReady: (message: string) => ConditionValue;
  probingFailed: (detail: string) => ConditionValue;
}

function workloadMessages(component: 'Gateway' | 'Agent', workload: string, readyMessage: string): WorkloadMessages {
  return {
    ready: { status: 'True', reason: `${component}Ready`, message: readyMessage },
    notReady: (message) => ({ status: 'False', reason: `${component}NotReady`, message }),
    probingFailed: (detail) => ({ status: 'Unknown', reason: `${component}ProbingFailed`, message: `Could not read the ${workload}: ${detail}` }),
  };
}

export const GATEWAY_HEALTH = {
  ...workloadMessages('Gateway', GATEWAY_WORKLOAD, 'Metric Gateway Deployment is ready'),
  notGenerated: {
    status: 'False',
    reason: 'GatewayConfigurationNotGenerated',
    message:
      "This MetricPipeline's specification is not applied to the configuration of the Metric Gateway. Check the 'ConfigurationGenerated' condition for more details",
  } as ConditionValue,
};

export const AGENT_HEALTH = {
  ...workloadMessages('Agent', AGENT_WORKLOAD, 'Metric Agent DaemonSet is ready'),
  /** Kyma registers no message for this reason. */
  notRequired: { status: 'True', reason: 'AgentNotRequired', message: '' } as ConditionValue,
  notGenerated: {
    status: 'False',
    reason: 'AgentConfigurationNotGenerated',
    message:
      "This MetricPipeline's specification is not applied to the configuration of the Metric Agent. Check the 'ConfigurationGenerated' condition for more details",
  } as ConditionValue,
};

export const ROLLOUT: ConditionValue = { status: 'True', reason: ROLLOUT_IN_PROGRESS, message: 'Pods are being started/updated' };

export const READY_TRUE: ConditionValue = {
  status: 'True',
  reason: 'Healthy',
  message: 'Configuration generated, Metric Gateway and Metric Agent ready, and no problems detected in the telemetry flow',
};

/**
 * kstatus' Ready: True only when every other condition is True and settled (a rollout in progress is True in
 * Kyma's sense, but not done). Otherwise False, with the reason of the condition that matters most: the
 * first False one in condition order, else the first Unknown one, else the rollout.
 */
export function readyOf(conditions: readonly TypedCondition[]): ConditionValue {
  const pick = (match: (c: ConditionValue) => boolean) => conditions.find(match);
  const culprit =
    pick((c) => c.status === 'False') ?? pick((c) => c.status === 'Unknown') ?? pick((c) => c.reason === ROLLOUT_IN_PROGRESS);
  if (culprit === undefined) return READY_TRUE;
  const message = culprit.message === '' ? culprit.reason : culprit.message;
  return { status: 'False', reason: culprit.reason, message: `${culprit.type}: ${message}` };
}
