import assert from 'node:assert/strict';
import { AGENT_HEALTH, GATEWAY_HEALTH, READY_TRUE, readyOf, ROLLOUT } from '../../../src/status/conditions/messages';
import type { PipelineObject } from '../../../src/status/cluster/kube-types';
import { holdWorkload } from '../../../src/status/cluster/workload-health';
import { desiredConditions, kubeTime, statusPatch, type Verdicts } from '../../../src/status/conditions/status-patch';
import { agentCondition, gatewayCondition } from '../../../src/status/conditions/workload';

const NOW = new Date('2026-11-24T10:00:00.456Z');
const OK = { status: 'True' as const, reason: 'Fine', message: 'fine' };
const VERDICTS: Verdicts = { configuration: OK, gateway: GATEWAY_HEALTH.ready, agent: AGENT_HEALTH.notRequired, flow: { status: 'True', reason: 'FlowHealthy', message: 'ok' } };

function pipeline(status: unknown, generation = 4): PipelineObject {
  return { name: 'p', generation, resourceVersion: '77', spec: {}, status };
}

describe('status/conditions/status-patch', () => {
  it('Ready: True when all are True and settled; else the first False, then Unknown, then a rollout', () => {
    const t = (type: string, status: 'True' | 'False' | 'Unknown', reason: string) => ({ type, status, reason, message: `${reason} message` });
    assert.deepEqual(readyOf([t('A', 'True', 'x'), t('B', 'True', 'y')]), READY_TRUE);
    assert.deepEqual(readyOf([t('A', 'True', 'RolloutInProgress'), t('B', 'Unknown', 'Probing'), t('C', 'False', 'Broken')]), {
      status: 'False',
      reason: 'Broken',
      message: 'C: Broken message',
    });
    assert.equal(readyOf([t('A', 'True', 'RolloutInProgress'), t('B', 'Unknown', 'Probing')]).reason, 'Probing');
    assert.equal(readyOf([t('A', 'True', 'RolloutInProgress')]).reason, 'RolloutInProgress');
    assert.equal(readyOf([{ type: 'AgentHealthy', status: 'False', reason: 'AgentNotReady', message: '' }]).message, 'AgentHealthy: AgentNotReady');
  });

  it('writes the five conditions in a fixed order', () => {
    assert.deepEqual(
      desiredConditions(VERDICTS).map((c) => c.type),
      ['ConfigurationGenerated', 'GatewayHealthy', 'AgentHealthy', 'TelemetryFlowHealthy', 'Ready'],
    );
  });

  it('holds a workload problem until the previous run saw the same one', () => {
    const crash = { kind: 'problem', problem: 'crashLoop', message: 'crash' } as const;
    assert.deepEqual(holdWorkload(crash, undefined), { verdict: { kind: 'rollout' }, observed: 'crashLoop' });
    assert.deepEqual(holdWorkload(crash, 'imagePull'), { verdict: { kind: 'rollout' }, observed: 'crashLoop' });
    assert.deepEqual(holdWorkload(crash, 'crashLoop'), { verdict: { kind: 'problem', message: 'crash' }, observed: 'crashLoop' });
    assert.deepEqual(holdWorkload({ kind: 'ready' }, 'crashLoop'), { verdict: { kind: 'ready' } });
  });

  it('gateway and agent conditions: not generated, not required, ready, rollout, not ready, probing failed', () => {
    assert.deepEqual(gatewayCondition(false, { kind: 'ready' }), GATEWAY_HEALTH.notGenerated);
    assert.deepEqual(gatewayCondition(undefined, { kind: 'rollout' }), ROLLOUT);
    assert.deepEqual(gatewayCondition(true, { kind: 'problem', message: 'm' }), { status: 'False', reason: 'GatewayNotReady', message: 'm' });
    assert.deepEqual(gatewayCondition(true, { kind: 'error', detail: 'd' }), {
      status: 'Unknown',
      reason: 'GatewayProbingFailed',
      message: 'Could not read the Metric Gateway Deployment telemetry-metric-gateway: d',
    });
    assert.deepEqual(agentCondition(false, false, { kind: 'problem', message: 'm' }), AGENT_HEALTH.notRequired);
    assert.deepEqual(agentCondition(true, false, { kind: 'ready' }), AGENT_HEALTH.notGenerated);
    assert.deepEqual(agentCondition(true, true, { kind: 'ready' }), AGENT_HEALTH.ready);
  });

  it('builds a conditional merge patch with the full condition list and the generation', () => {
    const patch = statusPatch(pipeline(undefined), desiredConditions(VERDICTS), NOW);
    assert.equal(patch?.metadata.resourceVersion, '77');
    assert.equal(patch?.status.observedGeneration, 4);
    assert.equal(patch?.status.conditions.length, 5);
    for (const c of patch?.status.conditions ?? []) {
      assert.equal(c['observedGeneration'], 4);
      assert.equal(c['lastTransitionTime'], '2026-11-24T10:00:00Z');
    }
  });

  it('changes lastTransitionTime only on a status flip, and returns no patch when nothing changed', () => {
    const first = statusPatch(pipeline(undefined), desiredConditions(VERDICTS), NOW);
    const stored = pipeline(first?.status);
    assert.equal(statusPatch(stored, desiredConditions(VERDICTS), new Date('2026-11-24T11:00:00Z')), undefined);

    const later = new Date('2026-11-24T11:00:00Z');
    const messageOnly = statusPatch(stored, desiredConditions({ ...VERDICTS, configuration: { ...OK, message: 'other words' } }), later);
    assert.equal(messageOnly?.status.conditions[0]?.['lastTransitionTime'], '2026-11-24T10:00:00Z', 'same status: time kept');
    const flipped = statusPatch(stored, desiredConditions({ ...VERDICTS, gateway: GATEWAY_HEALTH.notGenerated }), later);
    assert.equal(flipped?.status.conditions[1]?.['lastTransitionTime'], '2026-11-24T11:00:00Z');
    assert.equal(flipped?.status.conditions[4]?.['lastTransitionTime'], '2026-11-24T11:00:00Z', 'Ready flipped too');
    assert.equal(flipped?.status.conditions[0]?.['lastTransitionTime'], '2026-11-24T10:00:00Z');

    const newGeneration = statusPatch(pipeline(first?.status, 5), desiredConditions(VERDICTS), later);
    assert.equal(newGeneration?.status.observedGeneration, 5, 'a new generation alone is a change');
  });

  it('ignores garbage in the existing status instead of failing', () => {
    const patch = statusPatch(pipeline({ conditions: [null, 'x', { type: 7 }, { type: 'Ready', status: 'True' }], observedGeneration: 'x' }), desiredConditions(VERDICTS), NOW);
    assert.equal(patch?.status.conditions.length, 5);
    assert.equal(statusPatch(pipeline('nonsense'), desiredConditions(VERDICTS), NOW)?.status.conditions.length, 5);
  });

  it('formats times as metav1.Time', () => {
    assert.equal(kubeTime(NOW), '2026-11-24T10:00:00Z');
  });
});
