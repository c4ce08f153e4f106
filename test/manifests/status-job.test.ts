import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { decodeSettings, DEFAULT_SETTINGS, type Settings } from '../../src/api/function-config';
import { FUNCTION_IMAGE, FUNCTION_NAME, KPT_ANNOTATIONS, LABELS, STATUS_JOB } from '../../src/constants';
import { buildStatusJobObjects } from '../../src/manifests/status-job';
import type { CronJob, KubeObject } from '../../src/manifests/types';
import { render } from '../../src/render/render';
import { RUN_USAGE } from '../../src/status/cli/run';
import { expectGolden } from '../support/golden';
import { REPO_ROOT, runFunction } from '../support/run-fn';
import { find, pipelineObject, toYaml, type Built } from './fixtures';

const CUSTOM: Settings = {
  ...DEFAULT_SETTINGS,
  namespace: 'observability',
  priorityClassName: 'telemetry-priority-class',
  imagePullSecrets: ['registry-creds'],
  status: { ...DEFAULT_SETTINGS.status, image: 'registry.example.com/metricpipeline-fn:1.2.3', schedule: '*/2 * * * *', windowSeconds: 120, prometheusURL: 'http://prometheus.monitoring:9090' },
};

const SCENARIOS: Record<string, Settings> = {
  'status-job-defaults.yaml': DEFAULT_SETTINGS,
  'status-job-custom.yaml': CUSTOM,
};

function cronJob(objects: KubeObject[]): Built<CronJob> {
  return find(objects, 'CronJob') as Built<CronJob>;
}

describe('manifests: status job objects', () => {
  for (const [file, settings] of Object.entries(SCENARIOS)) {
    describe(file, () => {
      const objects = buildStatusJobObjects(settings);

      it('matches the golden file', () => {
        expectGolden(`manifests/${file}`, toYaml(objects));
      });

      // Whether the API server accepts these objects (schema, strict fields, Pod Security "restricted" on the
      // pod, read-only root filesystem) is judged on the golden file by test/peers/apiserver.test.ts.

      it('labels everything as generated and writes it to generated/telemetry-metric-status.yaml', () => {
        objects.forEach((obj, i) => {
          expect(obj.metadata.labels?.[LABELS.managedBy], obj.kind).to.equal(FUNCTION_NAME);
          expect(obj.metadata.labels?.[LABELS.name], obj.kind).to.equal(STATUS_JOB.name);
          expect(obj.metadata.annotations?.[KPT_ANNOTATIONS.path]).to.equal('generated/telemetry-metric-status.yaml');
          expect(obj.metadata.annotations?.[KPT_ANNOTATIONS.index]).to.equal(String(i));
          expect(Object.keys(obj).slice(0, 3)).to.deep.equal(['apiVersion', 'kind', 'metadata']);
        });
      });

      it('writes no YAML aliases', () => {
        expect(toYaml(objects)).not.to.match(/[&*][a-z]+\d*\s/);
      });
    });
  }

  it('emits identity and permissions before the CronJob, all named telemetry-metric-status', () => {
    expect(buildStatusJobObjects(DEFAULT_SETTINGS).map((o) => `${o.kind}/${o.metadata.name}`)).to.deep.equal([
      'ServiceAccount/telemetry-metric-status',
      'ClusterRole/telemetry-metric-status',
      'ClusterRoleBinding/telemetry-metric-status',
      'Role/telemetry-metric-status',
      'RoleBinding/telemetry-metric-status',
      'CronJob/telemetry-metric-status',
    ]);
  });

  it('schedules one run at a time, never retried, bounded, with the function image and the run command', () => {
    const job = cronJob(buildStatusJobObjects(DEFAULT_SETTINGS));
    expect(job.spec.schedule).to.equal('* * * * *');
    expect(job.spec.concurrencyPolicy).to.equal('Forbid');
    expect(job.spec.jobTemplate.spec.backoffLimit).to.equal(0);
    expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).to.equal(90);
    expect(job.spec.successfulJobsHistoryLimit).to.be.at.most(3);
    expect(job.spec.failedJobsHistoryLimit).to.be.at.most(3);
    const pod = job.spec.jobTemplate.spec.template;
    expect(pod.spec.restartPolicy).to.equal('Never');
    expect(pod.spec.serviceAccountName).to.equal(STATUS_JOB.name);
    // The collectors' metrics NetworkPolicies admit pods with this label; no sidecar keeps the pod alive.
    expect(pod.metadata.labels['networking.kyma-project.io/metrics-scraping']).to.equal('allowed');
    expect(pod.metadata.labels['sidecar.istio.io/inject']).to.equal('false');
    const container = pod.spec.containers[0];
    expect(container?.image).to.equal(`${FUNCTION_IMAGE.repository}:${FUNCTION_IMAGE.tag}`);
    expect(container?.command).to.deep.equal(['node', '/app/function/metricpipeline-status']);
    expect(container?.args).to.deep.equal(['run', '--namespace', 'kyma-system', '--window', '60', '--timeout', '60']);
  });

  it('passes only options the run command knows', () => {
    const args = cronJob(buildStatusJobObjects(CUSTOM)).spec.jobTemplate.spec.template.spec.containers[0]?.args ?? [];
    for (const flag of args.filter((a) => a.startsWith('--'))) expect(RUN_USAGE, flag).to.include(`${flag} `);
    expect(args).to.include.members(['--prometheus-url', 'http://prometheus.monitoring:9090', '--window', '120']);
  });
});

describe('functionConfig: status job keys', () => {
  it('decodes the typed object and ConfigMap data alike, with defaults', () => {
    const typed = decodeSettings({
      apiVersion: 'fn.metricpipeline.dev/v1alpha1',
      kind: 'RenderMetricPipelines',
      metadata: { name: 'fn' },
      statusImage: 'registry.example.com/fn:1',
      statusSchedule: '*/5 * * * *',
      statusWindowSeconds: 90,
      statusPrometheusURL: 'https://prometheus.example.com/',
    });
    const cm = decodeSettings({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fn' },
      data: { statusImage: 'registry.example.com/fn:1', statusSchedule: '*/5 * * * *', statusWindowSeconds: '90', statusPrometheusURL: 'https://prometheus.example.com/' },
    });
    const expected = { image: 'registry.example.com/fn:1', schedule: '*/5 * * * *', windowSeconds: 90, prometheusURL: 'https://prometheus.example.com/', placement: {} };
    expect(typed.ok && typed.settings.status).to.deep.equal(expected);
    expect(cm.ok && cm.settings.status).to.deep.equal(expected);
    const defaults = decodeSettings(undefined);
    expect(defaults.ok && defaults.settings.status).to.deep.equal({ image: 'ghcr.io/metricpipeline-fn/metricpipeline-fn:0.1.0', schedule: '* * * * *', windowSeconds: 60, placement: {} });
    const hourly = decodeSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusSchedule: '@hourly' } });
    expect(hourly.ok && hourly.settings.status.schedule).to.equal('@hourly');
  });

  it('rejects bad values with the key named', () => {
    const problems = (data: Record<string, string>): string[] => {
      const r = decodeSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data });
      return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
    };
    expect(problems({ statusSchedule: 'every minute' })[0]).to.match(/^data\.statusSchedule: must be a cron schedule/);
    expect(problems({ statusSchedule: '* * * *' })[0]).to.match(/cron schedule/);
    expect(problems({ statusWindowSeconds: '5' })[0]).to.match(/^data\.statusWindowSeconds: must be an integer from 10 to 3600/);
    expect(problems({ statusPrometheusURL: 'prometheus:9090' })[0]).to.match(/^data\.statusPrometheusURL: must be an http/);
    expect(problems({ statusImage: 'has space' })[0]).to.match(/^data\.statusImage: must be an image reference/);
  });
});

describe('bundles: @kubernetes/client-node stays out of the function', () => {
  it('is in the status program only', function () {
    const bundle = (name: string) => join(REPO_ROOT, 'dist', 'bundle', name);
    if (!existsSync(bundle('metricpipeline-fn.js')) || !existsSync(bundle('metricpipeline-status.js'))) this.skip();
    // A string of client-node's in-cluster configuration that survives minification.
    const marker = 'inClusterContext';
    expect(readFileSync(bundle('metricpipeline-fn.js'), 'utf8')).not.to.include(marker);
    expect(readFileSync(bundle('metricpipeline-status.js'), 'utf8')).to.include(marker);
  });
});

describe('render: the status job component', () => {
  const NOW = new Date('2026-11-24T00:00:00Z');
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'backend', namespace: 'default' }, stringData: { endpoint: 'https://backend.example.com:4317' } };

  it('is rendered whenever pipelines are, into its own kpt file', () => {
    const out = render({ pipelines: [pipelineObject('a')], secrets: [secret], functionConfig: undefined, now: NOW });
    expect(out.ok).to.equal(true);
    const ours = (out.objects as KubeObject[]).filter((o) => o.metadata.labels?.[LABELS.name] === STATUS_JOB.name);
    expect(ours.map((o) => o.kind)).to.deep.equal(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'CronJob']);
  });

  it('is not rendered without pipelines', () => {
    const out = render({ pipelines: [], secrets: [], functionConfig: undefined, now: NOW });
    expect(out.objects).to.deep.equal([]);
  });

  it('passes MetricPipelines through unchanged, so GitOps applies them and the job can write their status', () => {
    const input = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      ...[pipelineObject('a'), secret].map((o) => `- ${JSON.stringify(o)}`),
    ].join('\n');
    const result = runFunction(`${input}\n`);
    expect(result.code, result.stderr).to.equal(0);
    const items = (parse(result.stdout) as { items: KubeObject[] }).items;
    const pipeline = items.find((o) => o.kind === 'MetricPipeline');
    expect(pipeline).to.deep.equal(pipelineObject('a'));
    expect(items.some((o) => o.kind === 'CronJob' && o.metadata.name === STATUS_JOB.name)).to.equal(true);
    expect(parseAllDocuments(result.stdout).length).to.equal(1);
  });
});
