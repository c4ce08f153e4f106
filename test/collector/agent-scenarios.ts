/**
 * The metric agent scenarios with golden files (issue 3): each renders the agent config and the gateway
 * config for the same pipelines, because the two only make sense together (the agent collects, the gateway
 * filters per pipeline).
 */
import { DEFAULT_SETTINGS, type Settings } from '../../src/api/function-config';
import type { MetricPipeline } from '../../src/api/model';
import { buildPlan } from '../../src/plan/build-plan';
import type { AgentPlan } from '../../src/plan/types';
import { GRPC_OUTPUT, metricPipeline, secretIndex } from './fixtures';

export interface AgentScenario {
  /** Golden files test/golden/collector/<name>.yaml (agent) and <name>.gateway.yaml. */
  name: string;
  description: string;
  pipelines: () => MetricPipeline[];
  settings?: Partial<Settings>;
}

export function settingsWith(settings: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...settings };
}

export function agentPlanOf(pipelines: MetricPipeline[], settings: Partial<Settings> = {}): AgentPlan {
  const { agent } = buildPlan(settingsWith(settings), pipelines, secretIndex(), {});
  if (agent === undefined) throw new Error('fixture: no pipeline needs the agent');
  return agent;
}

/** A pipeline that pulls metrics and exports over gRPC; `input` is YAML under `spec.input`. */
export function pulling(name: string, input: string): MetricPipeline {
  const indented = input
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return metricPipeline(name, `input:\n${indented}\n${GRPC_OUTPUT}`);
}

export const AGENT_SCENARIOS: AgentScenario[] = [
  {
    name: 'agent-prometheus-only',
    description: 'prometheus input with defaults (system namespaces excluded, no diagnostic metrics)',
    pipelines: () => [pulling('apps', 'prometheus: {enabled: true}')],
  },
  {
    name: 'agent-runtime-some-resources-off',
    description: 'runtime input with pod, node, volume and daemonset switched off, one additional pod metric',
    pipelines: () => [
      pulling(
        'runtime',
        `runtime:
  enabled: true
  resources:
    pod: {enabled: false}
    container: {enabled: true}
    node: {enabled: false}
    volume: {enabled: false}
    statefulset: {enabled: true}
    deployment: {enabled: true}
    daemonset: {enabled: false}
    job: {enabled: true}
  additionalMetrics: [k8s.pod.cpu_limit_utilization]`,
      ),
    ],
  },
  {
    name: 'agent-istio-envoy',
    description: 'istio input with Envoy metrics, Istio support on',
    pipelines: () => [pulling('mesh', 'istio: {enabled: true, envoyMetrics: {enabled: true}}')],
    settings: { istio: true },
  },
  {
    name: 'agent-all-inputs-namespaces',
    description: 'every input with namespace filters, diagnostic metrics, Istio support, cluster name and intervals',
    pipelines: () => [
      pulling(
        'everything',
        `otlp:
  namespaces: {include: [apps]}
prometheus:
  enabled: true
  namespaces: {exclude: [kube-system]}
  diagnosticMetrics: {enabled: true}
istio:
  enabled: true
  namespaces: {include: [shop]}
runtime:
  enabled: true
  namespaces: {include: [production, staging]}
  additionalMetrics: [k8s.node.uptime, k8s.pod.status_reason]`,
      ),
    ],
    settings: {
      istio: true,
      clusterName: 'eu-prod',
      agent: { ...DEFAULT_SETTINGS.agent, collectionIntervals: { prometheus: '15s', istio: '30s', runtime: '1m' } },
    },
  },
  {
    name: 'agent-two-pipelines',
    description: 'two pipelines with different inputs and namespaces (run for real in test/flow/agent-runtime.test.ts)',
    pipelines: () => [
      pulling(
        'shop',
        `otlp: {enabled: false}
prometheus:
  enabled: true
  namespaces: {include: [shop]}`,
      ),
      pulling(
        'infra',
        `otlp:
  namespaces: {include: [infra]}
runtime:
  enabled: true
  namespaces: {exclude: [kube-system]}
  resources:
    container: {enabled: false}
  additionalMetrics: [k8s.pod.uptime]`,
      ),
    ],
  },
];
