import assert from 'node:assert/strict';
import {
  DOCS_BASE,
  FLOW_MESSAGES,
  FLOW_REASONS,
  TROUBLESHOOTING_ANCHORS,
  flowStatusOf,
  isFlowReason,
  troubleshootingLink,
} from '../../../src/status/flow/reasons';

describe('status/flow/reasons', () => {
  it('ranks reasons as Kyma does, with the buffer reasons after the agent drop reasons', () => {
    assert.deepEqual(FLOW_REASONS, [
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
    ]);
  });

  it('maps reasons to condition statuses', () => {
    assert.equal(flowStatusOf('FlowHealthy'), 'True');
    assert.equal(flowStatusOf('GatewayProbingFailed'), 'Unknown');
    assert.equal(flowStatusOf('AgentProbingFailed'), 'Unknown');
    for (const reason of FLOW_REASONS.filter((r) => !['FlowHealthy', 'GatewayProbingFailed', 'AgentProbingFailed'].includes(r))) {
      assert.equal(flowStatusOf(reason), 'False', reason);
    }
    assert.ok(isFlowReason('GatewayThrottling'));
    assert.ok(!isFlowReason('MetricGatewayThrottling'));
  });

  it('links to the README troubleshooting sections, never to kyma-project.io', () => {
    const links = Object.values(FLOW_MESSAGES).flatMap((m) => m.match(/See troubleshooting: (\S+)/)?.[1] ?? []);
    assert.equal(links.length, 7);
    for (const link of links) {
      assert.ok(link.startsWith(`${DOCS_BASE}#troubleshooting-`), link);
      assert.ok(Object.values(TROUBLESHOOTING_ANCHORS).includes(link.slice(DOCS_BASE.length + 1) as never), link);
    }
    assert.ok(!Object.values(FLOW_MESSAGES).some((m) => m.includes('kyma-project.io')));
    assert.equal(troubleshootingLink('noData'), 'README.md#troubleshooting-no-data-arrive-at-the-backend');
  });

  it('keeps Kyma wording for the messages', () => {
    assert.equal(
      FLOW_MESSAGES.GatewayAllTelemetryDataDropped,
      'Backend is not reachable or rejecting metrics. All metrics are dropped in Metric Gateway. ' +
        'See troubleshooting: README.md#troubleshooting-no-data-arrive-at-the-backend',
    );
    assert.equal(
      FLOW_MESSAGES.AgentSomeTelemetryDataDropped,
      'Backend is reachable, but rejecting metrics. Some metrics are dropped in Metric Agent. ' +
        'See troubleshooting: README.md#troubleshooting-not-all-data-arrive-at-the-backend',
    );
    assert.equal(
      FLOW_MESSAGES.GatewayThrottling,
      'Metric Gateway is unable to receive metrics at current rate. See troubleshooting: README.md#troubleshooting-gateway-throttling',
    );
    assert.equal(
      FLOW_MESSAGES.AgentBufferFillingUp,
      'Buffer nearing capacity in Metric Agent. Incoming metric rate exceeds export rate. ' +
        'See troubleshooting: README.md#troubleshooting-buffer-filling-up',
    );
    assert.equal(FLOW_MESSAGES.FlowHealthy, 'No problems detected in the telemetry flow');
    assert.equal(
      FLOW_MESSAGES.AgentProbingFailed,
      'Could not determine the health of the telemetry flow because the self monitor probing of agent failed',
    );
  });
});
