/**
 * Reasons and messages of the TelemetryFlowHealthy condition. Reasons are Kyma's (so tooling written for Kyma
 * keeps working); messages are Kyma's too, except that troubleshooting links point at this project's README
 * and the component is called "Metric Gateway" (Kyma <= 1.62 wording: this project renders that gateway,
 * not Kyma's later shared OTLP Gateway). The README's troubleshooting headings must produce these anchors.
 */
import type { ConditionStatus } from '../conditions/types';

/** Where the troubleshooting sections live; the only place that knows it. */
export const DOCS_BASE = 'README.md';

/** GitHub anchors of the README headings "Troubleshooting: <title>". */
export const TROUBLESHOOTING_ANCHORS = {
  noData: 'troubleshooting-no-data-arrive-at-the-backend',
  notAllData: 'troubleshooting-not-all-data-arrive-at-the-backend',
  gatewayThrottling: 'troubleshooting-gateway-throttling',
  bufferFillingUp: 'troubleshooting-buffer-filling-up',
} as const;

export type TroubleshootingTopic = keyof typeof TROUBLESHOOTING_ANCHORS;

export function troubleshootingLink(topic: TroubleshootingTopic): string {
  return `${DOCS_BASE}#${TROUBLESHOOTING_ANCHORS[topic]}`;
}

/**
 * All reasons, in precedence order: when several problems hold, the first one is reported. Kyma's order
 * (status.go flowHealthReasonFor) with the buffer reasons, which Kyma dropped in 1.50, brought back after the
 * drop and throttling reasons: a filling buffer is an early warning, a drop is data already lost.
 */
export const FLOW_REASONS = [
  'ConfigurationNotGenerated',
  'GatewayProbingFailed',
  'AgentProbingFailed',
  'GatewayAllTelemetryDataDropped',
  'GatewaySomeTelemetryDataDropped',
  'GatewayThrottling',
  'AgentAllTelemetryDataDropped',
  'AgentSomeTelemetryDataDropped',
  'GatewayBufferFillingUp',
  'AgentBufferFillingUp',
  'FlowHealthy',
] as const;

export type FlowReason = (typeof FLOW_REASONS)[number];
/** Reasons that describe a problem (everything but FlowHealthy). */
export type FlowProblem = Exclude<FlowReason, 'FlowHealthy'>;

export function isFlowReason(value: string): value is FlowReason {
  return (FLOW_REASONS as readonly string[]).includes(value);
}

const GATEWAY = 'Metric Gateway';
const AGENT = 'Metric Agent';

function see(topic: TroubleshootingTopic): string {
  return ` See troubleshooting: ${troubleshootingLink(topic)}`;
}

export const FLOW_MESSAGES: Readonly<Record<FlowReason, string>> = {
  FlowHealthy: 'No problems detected in the telemetry flow',
  ConfigurationNotGenerated:
    `No metrics delivered to backend because MetricPipeline specification is not applied to the configuration of ${GATEWAY}. ` +
    "Check the 'ConfigurationGenerated' condition for more details",
  GatewayProbingFailed:
    'Could not determine the health of the telemetry flow because the self monitor probing of gateway failed',
  AgentProbingFailed: 'Could not determine the health of the telemetry flow because the self monitor probing of agent failed',
  GatewayAllTelemetryDataDropped: `Backend is not reachable or rejecting metrics. All metrics are dropped in ${GATEWAY}.${see('noData')}`,
  GatewaySomeTelemetryDataDropped: `Backend is reachable, but rejecting metrics. Some metrics are dropped in ${GATEWAY}.${see('notAllData')}`,
  GatewayThrottling: `${GATEWAY} is unable to receive metrics at current rate.${see('gatewayThrottling')}`,
  AgentAllTelemetryDataDropped: `Backend is not reachable or rejecting metrics. All metrics are dropped in ${AGENT}.${see('noData')}`,
  AgentSomeTelemetryDataDropped: `Backend is reachable, but rejecting metrics. Some metrics are dropped in ${AGENT}.${see('notAllData')}`,
  GatewayBufferFillingUp: `Buffer nearing capacity in ${GATEWAY}. Incoming metric rate exceeds export rate.${see('bufferFillingUp')}`,
  AgentBufferFillingUp: `Buffer nearing capacity in ${AGENT}. Incoming metric rate exceeds export rate.${see('bufferFillingUp')}`,
};

export function flowStatusOf(reason: FlowReason): ConditionStatus {
  if (reason === 'FlowHealthy') return 'True';
  if (reason === 'GatewayProbingFailed' || reason === 'AgentProbingFailed') return 'Unknown';
  return 'False';
}
