/**
 * Follows data through the rendered agent and gateway configs of the two-pipeline scenario and shows which
 * input reaches which exporter:
 *
 *   shop   prometheus input, namespace shop only, OTLP input off
 *   infra  runtime input (containers off, one additional metric), kube-system excluded; OTLP from infra only
 *
 * Every sample starts at a receiver (the agent's for pulled data, the gateway's otlp for pushed data) and is
 * walked through every pipeline, processor and connector of the serialized configs (test/support/pipeline-walk.ts).
 */
import { expect } from 'chai';
import { parse } from 'yaml';
import { buildAgentConfig } from '../../src/collector/agent-config';
import { TYPES } from '../../src/collector/distribution';
import { buildGatewayConfig } from '../../src/collector/gateway-config';
import { serializeCollectorConfig } from '../../src/collector/serialize';
import { AGENT } from '../../src/constants';
import type { Sample } from '../support/ottl-eval';
import { walk, walkThrough, type Arrival } from '../support/pipeline-walk';
import { AGENT_SCENARIOS, agentPlanOf } from './agent-scenarios';
import { gatewayPlanOf } from './fixtures';

const scenario = AGENT_SCENARIOS.find((s) => s.name === 'agent-two-pipelines')!;
const pipelines = scenario.pipelines();
const agent = parse(serializeCollectorConfig(buildAgentConfig(agentPlanOf(pipelines)))) as Record<string, unknown>;
const gateway = parse(serializeCollectorConfig(buildGatewayConfig(gatewayPlanOf(pipelines)))) as Record<string, unknown>;

const SHOP = `${TYPES.otlpGrpcExporter}/metricpipeline-shop`;
const INFRA = `${TYPES.otlpGrpcExporter}/metricpipeline-infra`;

interface Case {
  what: string;
  /** A receiver of the agent, or `otlp` for data an application pushes to the gateway. */
  receiver: string;
  metric: string;
  resource?: Record<string, string>;
  datapoint?: Record<string, string>;
  reaches: string[];
  /** Whether the agent's pod enrichment ran on the way (agent data only). */
  agentEnrichment?: boolean;
}

const CASES: Case[] = [
  { what: 'prometheus, namespace shop', receiver: 'prometheus/app-pods', metric: 'http_requests_total', resource: { 'k8s.namespace.name': 'shop' }, reaches: [SHOP], agentEnrichment: true },
  { what: 'prometheus via Service, namespace shop', receiver: 'prometheus/app-services', metric: 'orders_total', resource: { 'k8s.namespace.name': 'shop' }, reaches: [SHOP], agentEnrichment: true },
  { what: 'prometheus, namespace infra', receiver: 'prometheus/app-pods', metric: 'http_requests_total', resource: { 'k8s.namespace.name': 'infra' }, reaches: [] },
  { what: 'prometheus diagnostic metric up, namespace shop', receiver: 'prometheus/app-pods', metric: 'up', resource: { 'k8s.namespace.name': 'shop' }, reaches: [] },
  { what: 'runtime pod metric, namespace infra', receiver: 'kubeletstats', metric: 'k8s.pod.cpu.usage', resource: { 'k8s.namespace.name': 'infra', 'k8s.pod.uid': 'u1' }, reaches: [INFRA], agentEnrichment: true },
  { what: 'runtime pod metric, namespace shop', receiver: 'kubeletstats', metric: 'k8s.pod.cpu.usage', resource: { 'k8s.namespace.name': 'shop' }, reaches: [INFRA], agentEnrichment: true },
  { what: 'runtime pod metric, namespace kube-system', receiver: 'kubeletstats', metric: 'k8s.pod.cpu.usage', resource: { 'k8s.namespace.name': 'kube-system' }, reaches: [] },
  { what: 'runtime additional metric k8s.pod.uptime', receiver: 'kubeletstats', metric: 'k8s.pod.uptime', resource: { 'k8s.namespace.name': 'infra' }, reaches: [INFRA], agentEnrichment: true },
  { what: 'runtime node metric, no namespace', receiver: 'kubeletstats', metric: 'k8s.node.cpu.usage', reaches: [INFRA], agentEnrichment: false },
  { what: 'runtime node network on a physical interface', receiver: 'kubeletstats', metric: 'k8s.node.network.io', datapoint: { interface: 'eth0' }, reaches: [INFRA], agentEnrichment: false },
  { what: 'runtime node network on a virtual interface', receiver: 'kubeletstats', metric: 'k8s.node.network.io', datapoint: { interface: 'veth1a2b' }, reaches: [] },
  { what: 'runtime non-PVC volume', receiver: 'kubeletstats', metric: 'k8s.volume.available', resource: { 'k8s.namespace.name': 'infra', 'k8s.volume.name': 'cfg', 'k8s.volume.type': 'configMap' }, reaches: [] },
  { what: 'runtime PVC volume', receiver: 'kubeletstats', metric: 'k8s.volume.available', resource: { 'k8s.namespace.name': 'infra', 'k8s.volume.name': 'data', 'k8s.volume.type': 'persistentVolumeClaim' }, reaches: [INFRA], agentEnrichment: true },
  { what: 'runtime deployment metric from the cluster receiver', receiver: 'k8s_cluster', metric: 'k8s.deployment.available', resource: { 'k8s.namespace.name': 'infra' }, reaches: [INFRA], agentEnrichment: false },
  { what: 'OTLP push, namespace infra', receiver: 'otlp', metric: 'app.requests', resource: { 'k8s.namespace.name': 'infra' }, reaches: [INFRA] },
  { what: 'OTLP push, namespace shop', receiver: 'otlp', metric: 'app.requests', resource: { 'k8s.namespace.name': 'shop' }, reaches: [] },
  { what: 'OTLP push claiming an unknown input marker', receiver: 'otlp', metric: 'app.requests', resource: { 'k8s.namespace.name': 'infra', 'kyma.input.name': 'made-up' }, reaches: [INFRA] },
];

function run(c: Case): Arrival[] {
  const sample: Sample = { metric: c.metric, resource: { 'service.name': 'app-pods', ...(c.resource ?? {}) }, datapoint: { ...(c.datapoint ?? {}) } };
  if (c.receiver === 'otlp') return walk(gateway, 'otlp', sample);
  return walkThrough(agent, gateway, c.receiver, sample, { agentExporter: AGENT.exporterId, gatewayReceiver: 'otlp' });
}

describe('data flow: two pipelines with different inputs and namespaces (agent -> gateway -> exporters)', () => {
  for (const c of CASES) {
    it(`${c.what} (${c.receiver}, ${c.metric}) -> ${c.reaches.length > 0 ? c.reaches.join(', ') : 'nowhere'}`, () => {
      const arrivals = run(c);
      expect(arrivals.map((a) => a.exporter).sort()).to.deep.equal([...c.reaches].sort());
      for (const a of arrivals) {
        // The internal markers never reach a backend.
        expect(Object.keys(a.sample.resource).filter((k) => k.startsWith('kyma.')), a.trace.join(' > ')).to.deep.equal([]);
        const gatewayPart = a.trace.slice(a.trace.indexOf('otlp'));
        if (c.receiver === 'otlp') {
          expect(gatewayPart, 'pushed data is enriched in the gateway').to.include('metrics/enrichment:k8sattributes');
          continue;
        }
        // Agent data is never enriched again in the gateway (the connection would name the agent pod).
        expect(gatewayPart).to.not.include('metrics/enrichment:k8sattributes');
        expect(a.trace.includes('metrics/enrichment:k8sattributes'), 'agent pod enrichment').to.equal(c.agentEnrichment);
        // The scrape job's name is not a service name.
        expect(a.sample.resource['service.name']).to.not.equal('app-pods');
      }
    });
  }

  it('does not collect container metrics at all: the only runtime pipeline switched them off', () => {
    const receivers = agent['receivers'] as Record<string, { metric_groups?: string[]; metrics?: Record<string, { enabled: boolean }> }>;
    expect(receivers['kubeletstats']!.metric_groups).to.deep.equal(['pod', 'node', 'volume']);
    expect(receivers['k8s_cluster']!.metrics!['k8s.container.restarts']).to.deep.equal({ enabled: false });
  });

  it('never duplicates a sample on the way', () => {
    for (const c of CASES) {
      const exporters = run(c).map((a) => a.exporter);
      expect(new Set(exporters).size, c.what).to.equal(exporters.length);
    }
  });

  it('the table above covers every receiver of both configs', () => {
    const receivers = new Set(CASES.map((c) => c.receiver));
    for (const config of [agent, gateway]) {
      for (const id of Object.keys(config['receivers'] as Record<string, unknown>)) expect(receivers, id).to.include(id);
    }
  });
});
