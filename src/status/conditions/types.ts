/**
 * The shape of the MetricPipeline status conditions the job writes: their types, statuses and the API
 * server's limits. Every other part of the job (flow, workloads, configuration) speaks in these terms.
 */

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** What the job decides for one condition; the bookkeeping fields are added when writing. */
export interface ConditionValue {
  status: ConditionStatus;
  reason: string;
  message: string;
}

export type TypedCondition = ConditionValue & { type: string };

/** A metav1.Condition as stored in `status.conditions`. */
export interface Condition extends ConditionValue {
  type: string;
  observedGeneration: number;
  lastTransitionTime: string;
}

export const CONDITION_TYPES = {
  configuration: 'ConfigurationGenerated',
  gateway: 'GatewayHealthy',
  agent: 'AgentHealthy',
  flow: 'TelemetryFlowHealthy',
  ready: 'Ready',
} as const;

/** The conditions the job owns, in the order it writes them (Ready last: it sums up the others). */
export const OWNED_TYPES: readonly string[] = [
  CONDITION_TYPES.configuration,
  CONDITION_TYPES.gateway,
  CONDITION_TYPES.agent,
  CONDITION_TYPES.flow,
  CONDITION_TYPES.ready,
];

/** metav1.Condition's limit on messages. */
export const MAX_MESSAGE_LENGTH = 32768;

export function clipMessage(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}
