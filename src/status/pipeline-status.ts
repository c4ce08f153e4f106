/**
 * Pure assembly of one MetricPipeline's status: the verdicts become conditions (plus Ready), merged with
 * what the object already has, and turned into the merge patch the job sends, or none when nothing changed.
 *
 * - `lastTransitionTime` changes only when a condition's status flips (metav1.Condition semantics);
 * - conditions of other types (another writer's) are kept, after ours;
 * - every condition and `status.observedGeneration` carry the generation the job saw, so kstatus and Flux
 *   can tell a status about an older spec from a current one.
 */
import { AGENT_HEALTH, CONDITION_TYPES, GATEWAY_HEALTH, OWNED_TYPES, readyOf, ROLLOUT, type Condition, type ConditionValue, type WorkloadMessages } from './conditions';
import type { PipelineObject } from './kube-types';
import { clipMessage } from './pipeline-outcomes';
import type { WorkloadAssessment, WorkloadProblem } from './workload-health';

/** A workload's verdict after the hold rule, or why it could not be read. */
export type WorkloadVerdict =
  | { kind: 'ready' }
  | { kind: 'rollout' }
  | { kind: 'problem'; message: string }
  | { kind: 'error'; detail: string };

/**
 * The hold rule for workloads: a problem turns the condition False only when the previous evaluation saw the
 * same problem, i.e. it held over two consecutive runs (about a minute). Until then it reads as a rollout.
 */
export function holdWorkload(assessment: WorkloadAssessment, previous: WorkloadProblem | undefined): { verdict: WorkloadVerdict; observed?: WorkloadProblem } {
  if (assessment.kind !== 'problem') return { verdict: assessment };
  const verdict: WorkloadVerdict = previous === assessment.problem ? { kind: 'problem', message: assessment.message } : { kind: 'rollout' };
  return { verdict, observed: assessment.problem };
}

function workloadCondition(messages: WorkloadMessages, verdict: WorkloadVerdict): ConditionValue {
  switch (verdict.kind) {
    case 'ready':
      return messages.ready;
    case 'rollout':
      return ROLLOUT;
    case 'problem':
      return messages.notReady(verdict.message);
    case 'error':
      return messages.probingFailed(verdict.detail);
  }
}

export function gatewayCondition(rendered: boolean | undefined, verdict: WorkloadVerdict): ConditionValue {
  return rendered === false ? GATEWAY_HEALTH.notGenerated : workloadCondition(GATEWAY_HEALTH, verdict);
}

/** `verdict` is undefined when no pipeline needs the agent (then it was not read). */
export function agentCondition(needsAgent: boolean, rendered: boolean | undefined, verdict: WorkloadVerdict | undefined): ConditionValue {
  if (!needsAgent || verdict === undefined) return AGENT_HEALTH.notRequired;
  return rendered === false ? AGENT_HEALTH.notGenerated : workloadCondition(AGENT_HEALTH, verdict);
}

export interface Verdicts {
  configuration: ConditionValue;
  gateway: ConditionValue;
  agent: ConditionValue;
  flow: ConditionValue;
}

export type TypedCondition = ConditionValue & { type: string };

/** The job's conditions in writing order, Ready last. */
export function desiredConditions(v: Verdicts): TypedCondition[] {
  const parts: TypedCondition[] = [
    { type: CONDITION_TYPES.configuration, ...v.configuration },
    { type: CONDITION_TYPES.gateway, ...v.gateway },
    { type: CONDITION_TYPES.agent, ...v.agent },
    { type: CONDITION_TYPES.flow, ...v.flow },
  ].map((c) => ({ ...c, message: clipMessage(c.message) }));
  return [...parts, { type: CONDITION_TYPES.ready, ...readyOf(parts) }];
}

/** metav1.Time: RFC 3339 in UTC with whole seconds. */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function existingConditions(status: unknown): Record<string, unknown>[] {
  const conditions = isRecord(status) ? status['conditions'] : undefined;
  return Array.isArray(conditions) ? conditions.filter((c): c is Record<string, unknown> => isRecord(c) && typeof c['type'] === 'string') : [];
}

/** The merge patch for `/status`: `resourceVersion` makes it conditional (409 when the object changed). */
export interface StatusPatch {
  metadata: { resourceVersion: string };
  status: { observedGeneration: number; conditions: (Condition | Record<string, unknown>)[] };
}

const SAME_FIELDS = ['status', 'reason', 'message', 'observedGeneration', 'lastTransitionTime'] as const;

/**
 * The patch that brings `pipeline`'s status to `desired`, or undefined when it already says exactly that.
 * A merge patch replaces the conditions list as a whole, so the patch carries the complete new list.
 */
export function statusPatch(pipeline: PipelineObject, desired: readonly TypedCondition[], now: Date): StatusPatch | undefined {
  const existing = existingConditions(pipeline.status);
  const byType = new Map(existing.map((c) => [c['type'] as string, c]));
  const transition = kubeTime(now);
  const ours: Condition[] = desired.map((d) => {
    const old = byType.get(d.type);
    const keep = old !== undefined && old['status'] === d.status && typeof old['lastTransitionTime'] === 'string';
    return {
      type: d.type,
      status: d.status,
      reason: d.reason,
      message: d.message,
      observedGeneration: pipeline.generation,
      lastTransitionTime: keep ? (old['lastTransitionTime'] as string) : transition,
    };
  });
  const others = existing.filter((c) => !OWNED_TYPES.includes(c['type'] as string));
  const conditions = [...ours, ...others];

  const status = isRecord(pipeline.status) ? pipeline.status : {};
  const unchanged =
    status['observedGeneration'] === pipeline.generation &&
    existing.length === conditions.length &&
    conditions.every((c, i) => {
      const old = existing[i] as Record<string, unknown>;
      return old['type'] === c['type'] && SAME_FIELDS.every((f) => old[f] === (c as Record<string, unknown>)[f]);
    });
  if (unchanged) return undefined;
  return { metadata: { resourceVersion: pipeline.resourceVersion }, status: { observedGeneration: pipeline.generation, conditions } };
}
