/**
 * The function's output read the way the status job reads it: every name, id and annotation of
 * src/contract is checked against objects the real render produces, not against the constants they are
 * made of.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { GATEWAY, STATUS_JOB } from '../../src/constants';
import { COLLECTORS, METRICS_PORT, OUTCOME_CONFIG_MAP, statusStateLabels } from '../../src/contract/collectors';
import { aboutToExpireMessage } from '../../src/contract/certificate-expiry';
import { exporterOwner, resolvePipeline } from '../../src/contract/exporter-id';
import { decodeOutcomes, OUTCOME_ANNOTATION } from '../../src/contract/outcome-annotation';
import { needsAgent, specPullsMetrics } from '../../src/contract/pull-inputs';
import { readMetricPipeline } from '../../src/api/read-pipeline';
import { render } from '../../src/render/render';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

interface Obj {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

function documents(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(path.join(REPO_ROOT, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
}

const FUNCTION_CONFIG = { apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'fn' }, namespace: 'kyma-system' };

function renderExample(): { pipelines: Record<string, unknown>[]; objects: Obj[] } {
  const pipelines = documents('fixtures/example/pipelines.yaml');
  const out = render({ pipelines, secrets: documents('fixtures/example/secrets.yaml'), functionConfig: FUNCTION_CONFIG, now: new Date('2026-11-24T00:00:00Z') });
  assert.ok(out.ok, JSON.stringify(out.findings));
  return { pipelines, objects: out.objects as Obj[] };
}

function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind} ${name} is rendered`);
  return found;
}

const nameOf = (p: Record<string, unknown>) => (p['metadata'] as { name: string }).name;

describe('contract: what the status job reads is what the function renders', () => {
  const { pipelines, objects } = renderExample();
  const names = pipelines.map(nameOf);

  it('the outcome annotation on the gateway ConfigMap decodes, one outcome per pipeline', () => {
    const cm = find(objects, 'ConfigMap', OUTCOME_CONFIG_MAP);
    const decoded = decodeOutcomes(cm.metadata.annotations?.[OUTCOME_ANNOTATION]);
    assert.ok(decoded.ok, JSON.stringify(decoded));
    assert.equal(decoded.version, 2);
    assert.deepEqual([...decoded.outcomes.keys()].sort(), [...names].sort());
    for (const outcome of decoded.outcomes.values()) assert.equal(outcome.rendered, true);
  });

  it("every pipeline's gateway exporter id parses back to that pipeline; the agent's is shared", () => {
    const gatewayConfig = parse(find(objects, 'ConfigMap', GATEWAY.name).data?.[GATEWAY.configMapKey] ?? '') as { exporters: Record<string, unknown> };
    const owners = Object.keys(gatewayConfig.exporters).map((id) => {
      const owner = exporterOwner(id);
      assert.equal(owner.kind, 'pipeline', id);
      return owner.kind === 'pipeline' && owner.prefixed ? resolvePipeline(owner, new Set(names)) : undefined;
    });
    assert.deepEqual(owners.sort(), [...names].sort());
    const agentConfigMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === COLLECTORS.agent.workload.name);
    const agentConfig = parse(agentConfigMap?.data?.[GATEWAY.configMapKey] ?? '') as { exporters: Record<string, unknown> };
    for (const id of Object.keys(agentConfig.exporters)) assert.deepEqual(exporterOwner(id), { kind: 'pipeline', pipeline: 'gateway', prefixed: false }, id);
  });

  it('the collectors run in the named workloads, whose pods the pod selector finds, behind the named metrics Services', () => {
    assert.ok(pipelines.some((p) => specPullsMetrics(p['spec'])), 'the example pulls, so the agent is rendered');
    for (const collector of Object.values(COLLECTORS)) {
      const workload = find(objects, collector.workload.kind, collector.workload.name);
      const [key, value] = collector.podSelector.split('=') as [string, string];
      const template = workload.spec?.['template'] as { metadata: { labels: Record<string, string> } };
      assert.equal(template.metadata.labels[key], value, collector.podSelector);
      const service = find(objects, 'Service', collector.metricsService);
      const ports = (service.spec?.['ports'] ?? []) as { name: string; port: number }[];
      assert.deepEqual(ports.find((p) => p.name === METRICS_PORT.name)?.port, METRICS_PORT.number);
    }
  });

  it('the pull inputs decide the agent on the raw spec as the function decides on its model', () => {
    for (const raw of pipelines) {
      const { pipeline } = readMetricPipeline(raw);
      assert.ok(pipeline !== undefined, nameOf(raw));
      assert.equal(specPullsMetrics(raw['spec']), needsAgent(pipeline), nameOf(raw));
    }
    assert.deepEqual(pipelines.filter((p) => specPullsMetrics(p['spec'])).map(nameOf), ['platform']);
  });

  it("the job's state ConfigMap is labelled like the status job's rendered objects", () => {
    assert.deepEqual(find(objects, 'ServiceAccount', STATUS_JOB.name).metadata.labels, statusStateLabels());
  });

  it('a certificate about to expire reaches the status job as data', () => {
    const pipeline = {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name: 'tls' },
      spec: {
        output: {
          otlp: {
            endpoint: { value: 'https://backend.example.com:4317' },
            tls: {
              cert: { value: readFileSync(path.join(REPO_ROOT, 'fixtures/certs/valid-cert.pem'), 'utf8') },
              key: { value: readFileSync(path.join(REPO_ROOT, 'fixtures/certs/valid-key.pem'), 'utf8') },
            },
          },
        },
      },
    };
    const out = render({ pipelines: [pipeline], secrets: [], functionConfig: FUNCTION_CONFIG, now: new Date('2124-12-25T00:00:00Z') });
    assert.ok(out.ok, JSON.stringify(out.findings));
    const cm = find(out.objects as Obj[], 'ConfigMap', OUTCOME_CONFIG_MAP);
    const decoded = decodeOutcomes(cm.metadata.annotations?.[OUTCOME_ANNOTATION]);
    assert.ok(decoded.ok);
    const expiry = { certificate: 'cert' as const, expiresAt: new Date('2125-01-01T00:00:00Z') };
    assert.deepEqual(decoded.outcomes.get('tls'), { rendered: true, reason: 'TLSCertificateAboutToExpire', message: aboutToExpireMessage(expiry), expiry });
  });
});
