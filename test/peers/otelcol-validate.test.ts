/**
 * The real collector (.peers/bin/otelcol, built at the release the product pins) judges every collector config
 * the tests render: `otelcol validate` decodes the config strictly (unknown types and keys, value shapes),
 * parses every OTTL statement and condition, and builds the pipelines (connectors, extensions, receivers that
 * need the Kubernetes API or certificate files). Each config runs unchanged, byte for byte, with the
 * environment its pod would have (test/support/pod-env.ts): the merged Secret as env vars, the downward API,
 * the service-account and Istio certificate files at their absolute paths.
 *
 * Sources: the golden collector configs, the configs inside the golden manifests and the end-to-end golden,
 * the bundled example rendered by the function, every example under examples/, the bad-input corpus (whatever
 * of it renders: by definition nothing), and a fixed-seed property-generated set of valid pipeline sets.
 * Validations run two at a time.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { serializeCollectorConfig } from '../../src/collector/serialize';
import { buildAgentConfig } from '../../src/collector/agent-config';
import { buildGatewayConfig } from '../../src/collector/gateway-config';
import { buildAgentObjects } from '../../src/manifests/agent';
import { buildGatewayObjects } from '../../src/manifests/gateway';
import { AGENT_SCENARIOS, agentPlanOf } from '../collector/agent-scenarios';
import { gatewayPlanOf } from '../collector/fixtures';
import { GATEWAY_SCENARIOS } from '../collector/gateway-scenarios';
import { EXAMPLES, run, withToolsOnPath } from '../examples/support';
import { exampleResourceList } from '../support/example';
import { mapConcurrently } from '../support/concurrency';
import { validateConfigText } from '../support/otelcol';
import { requirePeer } from '../support/peers';
import {
  collectorWorkloads,
  podEnvSupport,
  podEnvironment,
  removeCreatedMountPoints,
  runInPod,
  type K8sObject,
  type PodEnvironment,
} from '../support/pod-env';
import { REPO_ROOT, runFunction } from '../support/run-fn';
import { KUSTOMIZE_BIN, requireOrSkip } from '../support/tools';
import { DUMMY_CONFIG } from '../manifests/fixtures';
import { TYPES } from '../../src/collector/distribution';
import { NOT_IN_PINNED_COLLECTOR, RUNTIME_ADDITIONAL_METRICS, isClusterMetric, isKubeletMetric } from '../../src/api/runtime-metric-catalog';
import { FILTERS, TRANSFORMS, pipelineSet } from './otelcol-arbitraries';

const GOLDEN = path.join(REPO_ROOT, 'test', 'golden');
const CONCURRENCY = 2;
/** Fixed, so the generated set (and a failure in it) is the same on every run. */
const PROPERTY_SEED = 145;
const PROPERTY_RUNS = 220;

interface Case {
  name: string;
  pod: PodEnvironment;
}

interface Verdict {
  name: string;
  code: number;
  output: string;
}

let otelcol = '';
let validations = 0;
let validateMs = 0;

async function validate(cases: readonly Case[]): Promise<Verdict[]> {
  const started = Date.now();
  const verdicts = await mapConcurrently(cases, CONCURRENCY, async (c) => {
    const r = await runInPod(c.pod, otelcol, ['validate', '--config=file:{config}']);
    return { name: c.name, code: r.code, output: `${r.stdout}${r.stderr}`.trim() };
  });
  validations += cases.length;
  validateMs += Date.now() - started;
  return verdicts;
}

/** Every case must pass; the message lists each failure with what the collector said. */
async function expectAllValid(cases: readonly Case[], minimum = 1): Promise<void> {
  expect(cases.length, 'cases to validate').to.be.at.least(minimum);
  const failed = (await validate(cases)).filter((v) => v.code !== 0);
  expect(failed.map((f) => `${f.name} (exit ${f.code}):\n${f.output}`).join('\n\n'), `${failed.length} of ${cases.length} configs rejected`).to.equal('');
}

function objectsOf(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

/** One case per collector workload of the rendered objects. */
function workloadCases(source: string, objects: readonly K8sObject[]): Case[] {
  return collectorWorkloads(objects).map((w) => ({ name: `${source}: ${w.kind}/${w.metadata.name}`, pod: podEnvironment(objects, w) }));
}

/** The function's output items (a ResourceList on stdout). */
function rendered(input: string, what: string): K8sObject[] {
  const r = runFunction(input);
  if (r.code !== 0) throw new Error(`${what}: the function failed (exit ${r.code}):\n${r.stderr}`);
  return (parse(r.stdout) as { items: K8sObject[] }).items;
}

function resourceList(items: unknown[], functionConfig?: unknown): string {
  return JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) });
}

/**
 * test/golden/collector/*.yaml with the pod environment of the scenario that renders it: the golden text is
 * put into the scenario's rendered objects unchanged, so the collector reads exactly the file.
 */
function goldenCollectorCases(): Case[] {
  const dir = path.join(GOLDEN, 'collector');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const base = file.slice(0, -'.yaml'.length);
      const gateway = GATEWAY_SCENARIOS.find((s) => s.name === base);
      const agentGateway = AGENT_SCENARIOS.find((s) => `${s.name}.gateway` === base);
      const agent = AGENT_SCENARIOS.find((s) => s.name === base);
      let objects: K8sObject[];
      if (gateway ?? agentGateway) {
        const s = (gateway ?? agentGateway)!;
        const plan = gatewayPlanOf(s.pipelines(), s.settings);
        expect(text, `${file} is stale`).to.equal(serializeCollectorConfig(buildGatewayConfig(plan)));
        objects = buildGatewayObjects(plan, text) as unknown as K8sObject[];
      } else if (agent) {
        const plan = agentPlanOf(agent.pipelines(), agent.settings);
        expect(text, `${file} is stale`).to.equal(serializeCollectorConfig(buildAgentConfig(plan)));
        objects = buildAgentObjects(plan, text) as unknown as K8sObject[];
      } else {
        throw new Error(`test/golden/collector/${file}: no scenario renders it`);
      }
      const [workload] = collectorWorkloads(objects);
      const pod = podEnvironment(objects, workload!);
      expect(pod.config, file).to.equal(text);
      return { name: `golden collector/${file}`, pod };
    });
}

describe('real collector: otelcol validate accepts every rendered config', function () {
  this.timeout(600_000);
  let started = 0;

  before(function () {
    started = Date.now();
    otelcol = requirePeer(this, 'otelcol');
    const support = podEnvSupport();
    requireOrSkip(this, 'otelcol', support.ok, `the pod environment cannot be built: ${support.why}`);
  });

  after(function () {
    removeCreatedMountPoints();
    if (validations > 0) {
      const total = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(`\n  otelcol validate: ${validations} configs in ${(validateMs / 1000).toFixed(1)} s of validation (${total} s with rendering), ${CONCURRENCY} at a time\n`);
    }
  });

  it('the golden collector configs (test/golden/collector), each with its scenario pod environment', async () => {
    await expectAllValid(goldenCollectorCases(), 21);
  });

  it('the relay.conf of every collector workload in the golden manifests and the end-to-end golden', async () => {
    const files = [
      ...readdirSync(path.join(GOLDEN, 'manifests')).map((f) => path.join('manifests', f)),
      ...readdirSync(path.join(GOLDEN, 'e2e')).map((f) => path.join('e2e', f)),
    ].sort();
    const all = files.flatMap((f) => workloadCases(`golden ${f}`, objectsOf(readFileSync(path.join(GOLDEN, f), 'utf8'))));
    // The manifest tests render their objects around a placeholder config (test/manifests/fixtures.ts); it is no
    // collector config and is left out. Every other relay.conf in a golden is validated.
    const cases = all.filter((c) => c.pod.config !== DUMMY_CONFIG);
    expect(all.length - cases.length, 'placeholder configs (golden manifests)').to.equal(8);
    await expectAllValid(cases, 2);
  });

  it('the bundled example (fixtures/example) rendered by the function: gateway and agent', async () => {
    const cases = workloadCases('fixtures/example', rendered(exampleResourceList(), 'fixtures/example'));
    expect(cases.map((c) => c.name)).to.deep.equal(['fixtures/example: Deployment/telemetry-metric-gateway', 'fixtures/example: DaemonSet/telemetry-metric-agent']);
    await expectAllValid(cases, 2);
  });

  it('every example under examples/ (kustomize, Argo CD and Flux apps built with kustomize; kpt packages as ResourceLists)', async () => {
    const tools = withToolsOnPath('otelcol-examples');
    try {
      const cases: Case[] = [];
      for (const dir of ['kustomize/overlays/production', 'argocd/app', 'flux/app']) {
        const r = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', path.join(EXAMPLES, dir)], { env: tools.env });
        expect(r.code, `examples/${dir}: ${r.stderr}`).to.equal(0);
        // The Flux and Argo CD apps reference a Secret that exists only in the cluster (issue 20): the pod
        // gets it from there, so it joins the rendered objects here, as it would in the cluster.
        const inCluster = path.join(EXAMPLES, path.dirname(dir), 'secret-in-cluster.example.yaml');
        const cluster = existsSync(inCluster) ? objectsOf(readFileSync(inCluster, 'utf8')) : [];
        cases.push(...workloadCases(`examples/${dir}`, [...objectsOf(r.stdout), ...cluster]));
      }
      for (const pkg of readdirSync(path.join(EXAMPLES, 'kpt')).sort()) {
        const dir = path.join(EXAMPLES, 'kpt', pkg);
        const docs = (file: string) => objectsOf(readFileSync(path.join(dir, file), 'utf8'));
        const items = readdirSync(dir)
          .filter((f) => f.endsWith('.yaml') && f !== 'fn-config.yaml')
          .sort()
          .flatMap(docs);
        cases.push(...workloadCases(`examples/kpt/${pkg}`, rendered(resourceList(items, docs('fn-config.yaml')[0]), `examples/kpt/${pkg}`)));
      }
      await expectAllValid(cases, 5);
    } finally {
      tools.cleanup();
    }
  });

  it('whatever the bad-input corpus renders (every case fails the run, so nothing)', async () => {
    const corpus = path.join(REPO_ROOT, 'fixtures', 'bad-input');
    const cases = readdirSync(corpus)
      .sort()
      .flatMap((name) => {
        const r = runFunction(readFileSync(path.join(corpus, name, 'input.yaml'), 'utf8'));
        if (r.code !== 0) return [];
        return workloadCases(`bad-input/${name}`, (parse(r.stdout) as { items: K8sObject[] }).items);
      });
    if (cases.length > 0) await expectAllValid(cases);
  });

  it(`${PROPERTY_RUNS} property-generated valid pipeline sets covering every field (seed ${PROPERTY_SEED})`, async () => {
    const sets = fc.sample(pipelineSet, { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
    const cases = sets.flatMap((set, i) => workloadCases(`generated #${i}`, rendered(resourceList(set.items, set.functionConfig), `generated #${i}: ${JSON.stringify(set)}`)));
    await expectAllValid(cases, PROPERTY_RUNS);
  });
});

/** Field paths of an object: arrays as `[]`, user-chosen keys (resources, OAuth2 params, Secret keys) as `*`. */
function fieldPaths(value: unknown, prefix: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => fieldPaths(v, `${prefix}[]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = /(\.resources|\.params|stringData)$/.test(prefix) ? '*' : k;
      fieldPaths(v, prefix === '' ? key : `${prefix}.${key}`, out);
    }
  } else out.add(prefix);
  return out;
}

describe('generated pipeline sets for the real collector', () => {
  const sets = fc.sample(pipelineSet, { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
  const pipelines = sets.flatMap((s) => s.items.filter((i) => i['kind'] === 'MetricPipeline'));

  it('use every field of both API versions and every functionConfig setting that reaches a collector config', () => {
    const paths = new Set<string>();
    for (const p of pipelines) fieldPaths({ [String(p['apiVersion'])]: p['spec'] }, '', paths);
    for (const s of sets) fieldPaths({ functionConfig: (s.functionConfig as { data: unknown }).data }, '', paths);
    const values = (field: string) => [`${field}.value`, `${field}.valueFrom.secretKeyRef.key`];
    const output = [
      'protocol',
      ...values('endpoint'),
      'path',
      ...values('authentication.basic.user'),
      ...values('authentication.basic.password'),
      ...['tokenURL', 'clientID', 'clientSecret'].flatMap((k) => values(`authentication.oauth2.${k}`)),
      'authentication.oauth2.scopes[]',
      'authentication.oauth2.params.*',
      'headers[].name',
      'headers[].prefix',
      ...values('headers[]'),
      'tls.insecure',
      'tls.insecureSkipVerify',
      ...values('tls.ca'),
      ...values('tls.cert'),
      ...values('tls.key'),
      'temporality',
    ];
    const input = (v: string) => [
      ...(v === 'v1beta1' ? ['otlp.enabled'] : ['otlp.disabled']),
      ...['otlp', 'prometheus', 'istio', 'runtime'].flatMap((i) => [`${i}.namespaces.include[]`, `${i}.namespaces.exclude[]`]),
      ...['prometheus', 'istio', 'runtime'].map((i) => `${i}.enabled`),
      'prometheus.diagnosticMetrics.enabled',
      'istio.diagnosticMetrics.enabled',
      'istio.envoyMetrics.enabled',
      'runtime.resources.*.enabled',
      'runtime.additionalMetrics[]',
    ];
    const expected = ['v1beta1', 'v1alpha1'].flatMap((v) => [
      ...input(v).map((f) => `telemetry.kyma-project.io/${v}.input.${f}`),
      ...output.map((f) => `telemetry.kyma-project.io/${v}.output.otlp.${f}`),
      `telemetry.kyma-project.io/${v}.transform[].statements[]`,
      `telemetry.kyma-project.io/${v}.transform[].conditions[]`,
      `telemetry.kyma-project.io/${v}.filter[].conditions[]`,
    ]);
    expected.push('telemetry.kyma-project.io/v1beta1.output.otlp.compression');
    for (const k of ['namespace', 'clusterName', 'istio', 'collectionInterval', 'runtimeCollectionInterval']) expected.push(`functionConfig.${k}`);
    expect(expected.filter((f) => !paths.has(f))).to.deep.equal([]);
  });

  it('use every runtime additional metric, every transform and filter of the corpus, and every resource switch', () => {
    const runtime = pipelines.map((p) => ((p['spec'] as { input?: { runtime?: Record<string, unknown> } }).input?.runtime ?? {}));
    const metrics = new Set(runtime.flatMap((r) => (r['additionalMetrics'] as string[] | undefined) ?? []));
    expect(RUNTIME_ADDITIONAL_METRICS.filter((m) => !metrics.has(m))).to.deep.equal([]);
    const switched = new Set(runtime.flatMap((r) => Object.entries((r['resources'] ?? {}) as Record<string, { enabled: boolean }>).map(([k, v]) => `${k}=${v.enabled}`)));
    expect(switched.size).to.equal(16);
    const text = JSON.stringify(pipelines);
    expect(TRANSFORMS.filter((t) => !text.includes(JSON.stringify(t).slice(1, -1)))).to.deep.equal([]);
    expect(FILTERS.filter((f) => !text.includes(JSON.stringify(f).slice(1, -1)))).to.deep.equal([]);
  });
});

describe('real collector: the validation can fail', function () {
  this.timeout(120_000);
  let gateway: PodEnvironment;
  let agent: PodEnvironment;

  before(function () {
    otelcol = requirePeer(this, 'otelcol');
    const support = podEnvSupport();
    requireOrSkip(this, 'otelcol', support.ok, `the pod environment cannot be built: ${support.why}`);
    const objects = rendered(exampleResourceList(), 'fixtures/example');
    const [deployment, daemonSet] = collectorWorkloads(objects);
    gateway = podEnvironment(objects, deployment!);
    agent = podEnvironment(objects, daemonSet!);
  });

  const verdictOf = async (pod: PodEnvironment) => (await validate([{ name: 'mutant', pod }]))[0]!;
  const mutate = (pod: PodEnvironment, from: string | RegExp, to: string): PodEnvironment => {
    const config = pod.config.replace(from, to);
    expect(config, `mutation ${String(from)} applies`).to.not.equal(pod.config);
    return { ...pod, config };
  };

  it('accepts the unmutated example configs', async () => {
    expect((await verdictOf(gateway)).code).to.equal(0);
    expect((await verdictOf(agent)).code).to.equal(0);
  });

  it('rejects a wrong component type name (k8s_attributes, which only later releases know)', async () => {
    const v = await verdictOf(mutate(gateway, /\bk8sattributes\b/g, 'k8s_attributes'));
    expect(v.code).to.not.equal(0);
    expect(v.output).to.contain('unknown type: "k8s_attributes"');
  });

  it('rejects an OTTL statement with an unknown function', async () => {
    const v = await verdictOf(mutate(gateway, 'delete_matching_keys(resource.attributes', 'delete_matching_keyz(resource.attributes'));
    expect(v.code).to.not.equal(0);
    expect(v.output).to.contain('does not support the function "delete_matching_keyz"');
  });

  it('rejects a filter condition that does not parse', async () => {
    const v = await verdictOf(mutate(gateway, 'resource.attributes["kyma.input.name"] == "otlp"', 'resource.attributes["kyma.input.name"] === "otlp"'));
    expect(v.code).to.not.equal(0);
  });

  it('rejects an unknown key (the filter processor of 0.141.0 has no metric_conditions)', async () => {
    const v = await verdictOf(mutate(gateway, /\n {4}metrics:\n {6}datapoint:\n/, '\n    metric_conditions:\n      datapoint:\n'));
    expect(v.code).to.not.equal(0);
    expect(v.output).to.contain('invalid keys: metric_conditions');
  });

  /**
   * What test/support/collector-check.ts used to check itself and now leaves to the collector: each broken
   * config must be rejected by `otelcol validate`.
   */
  const BACKEND = `${TYPES.otlpGrpcExporter}/metricpipeline-backend`;
  const RETIRED: { name: string; mutate: (c: Json) => void; says: string | RegExp }[] = [
    { name: 'an unknown top-level section', mutate: (c) => (c['exporter'] = {}), says: "invalid keys: exporter" },
    { name: 'an invalid component id', mutate: (c) => (section(c, 'processors')['Batch'] = {}), says: 'Batch' },
    { name: 'an unknown component type (a Kyma-only processor)', mutate: (c) => (section(c, 'processors')['service_enrichment'] = {}), says: 'unknown type: "service_enrichment"' },
    {
      name: 'an unknown key in a core component',
      mutate: (c) => (obj(section(c, 'exporters')[BACKEND], 'sending_queue')['queue_sise'] = 10),
      says: 'invalid keys: queue_sise',
    },
    { name: 'an unknown key in a contrib component', mutate: (c) => (section(c, 'processors')['k8sattributes'] = { filter: { node_from_env: 'X' } }), says: 'invalid keys: node_from_env' },
    { name: `a key of another exporter type (metrics_endpoint on ${TYPES.otlpGrpcExporter})`, mutate: (c) => (obj(section(c, 'exporters'), BACKEND)['metrics_endpoint'] = 'https://x'), says: 'invalid keys: metrics_endpoint' },
    { name: 'a value of the wrong shape', mutate: (c) => (obj(section(c, 'processors'), 'transform/set-service-name')['metric_statements'] = 'set(x, 1)'), says: 'metric_statements' },
    { name: 'an unknown key in the service section', mutate: (c) => (obj(obj(section(c, 'service'), 'telemetry'), 'metrics')['address'] = ':8888'), says: 'address' },
    { name: 'a pipeline referencing an undefined processor', mutate: (c) => pipeline(c, 'metrics/backend-output')['processors'] = ['transform/missing', 'batch'], says: 'transform/missing' },
    { name: 'a pipeline referencing an undefined exporter', mutate: (c) => (pipeline(c, 'metrics/backend-output')['exporters'] = [`${TYPES.otlpGrpcExporter}/gone`]), says: `${TYPES.otlpGrpcExporter}/gone` },
    { name: 'a pipeline without exporters', mutate: (c) => (pipeline(c, 'metrics/backend-output')['exporters'] = []), says: 'metrics/backend-output' },
    { name: 'a pipeline id with an unknown signal', mutate: (c) => (section(section(c, 'service'), 'pipelines')['metric/x'] = { receivers: ['forward/enrichment'], exporters: [BACKEND] }), says: 'metric/x' },
    { name: 'an enabled extension that is not defined', mutate: (c) => delete section(c, 'extensions')['cgroupruntime'], says: 'cgroupruntime' },
    {
      name: 'a connector only used as an exporter',
      mutate: (c) => {
        for (const p of ['metrics/backend-output', 'metrics/dynatrace-output', 'metrics/platform-output']) delete section(section(c, 'service'), 'pipelines')[p];
      },
      says: 'forward/enrichment',
    },
    { name: 'pipelines forming a cycle through connectors', mutate: (c) => (pipeline(c, 'metrics/backend-output')['exporters'] = [BACKEND, 'routing/input']), says: /cycle/ },
    {
      name: 'a routing connector routing to a pipeline that does not receive from it',
      mutate: (c) => (pipeline(c, 'metrics/platform-output')['receivers'] = ['forward/enrichment']),
      says: 'metrics/platform-output',
    },
  ];
  type Json = Record<string, unknown>;
  const obj = (o: unknown, key: string): Json => (o as Json)[key] as Json;
  const section = obj;
  const pipeline = (c: Json, name: string): Json => obj(section(section(c, 'service'), 'pipelines'), name);

  for (const r of RETIRED) {
    it(`rejects ${r.name} (retired from the structural checker)`, async () => {
      const config = parse(gateway.config) as Json;
      r.mutate(config);
      const v = await verdictOf({ ...gateway, config: stringify(config) });
      expect(v.code, v.output).to.not.equal(0);
      if (typeof r.says === 'string') expect(v.output).to.contain(r.says);
      else expect(v.output).to.match(r.says);
    });
  }

  it('fails the agent without the pod environment: kubeletstats needs the service account and KUBERNETES_SERVICE_*', async () => {
    const env = Object.fromEntries(Object.entries(agent.env).filter(([k]) => !k.startsWith('KUBERNETES_SERVICE_')));
    const v = await verdictOf({ ...agent, env, files: {} });
    expect(v.code).to.not.equal(0);
    expect(v.output).to.contain('KUBERNETES_SERVICE_HOST');
  });
});

/**
 * The runtime metric catalog (src/api/runtime-metric-catalog.ts) against the receivers of the pinned
 * release: every metric the function can enable is a key the receiver behind it accepts, and every metric of
 * Kyma's list the catalog holds back (NOT_IN_PINNED_COLLECTOR) is one neither receiver knows.
 */
describe('real collector: the runtime metric catalog', function () {
  this.timeout(120_000);
  let dir = '';

  before(function () {
    otelcol = requirePeer(this, 'otelcol');
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-runtime-metrics-'));
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  /** A config with just the receiver, enabling `metrics`; no Kubernetes API needed to validate it. */
  const receiverConfig = (receiver: string, metrics: readonly string[]): string => {
    const settings =
      receiver === TYPES.kubeletStatsReceiver
        ? { auth_type: 'none', endpoint: 'http://127.0.0.1:10255', node: 'node-1' }
        : { auth_type: 'none' };
    return stringify({
      receivers: { [receiver]: { ...settings, metrics: Object.fromEntries(metrics.map((m) => [m, { enabled: true }])) } },
      exporters: { debug: {} },
      service: { pipelines: { metrics: { receivers: [receiver], exporters: ['debug'] } } },
    });
  };

  const validateConfig = (name: string, config: string) => validateConfigText(otelcol, dir, name, config);


  it('enables every kubeletstats and k8s_cluster metric the function can enable', async () => {
    const kubelet = RUNTIME_ADDITIONAL_METRICS.filter(isKubeletMetric);
    const cluster = RUNTIME_ADDITIONAL_METRICS.filter(isClusterMetric);
    expect(kubelet.length + cluster.length).to.equal(RUNTIME_ADDITIONAL_METRICS.length);
    for (const [receiver, metrics] of [
      [TYPES.kubeletStatsReceiver, kubelet],
      [TYPES.k8sClusterReceiver, cluster],
    ] as const) {
      const v = await validateConfig(receiver, receiverConfig(receiver, metrics));
      expect(v.code, v.output).to.equal(0);
    }
  });

  it('rejects, in both receivers, every metric held back as not in the pinned collector', async () => {
    const cases = NOT_IN_PINNED_COLLECTOR.flatMap((m) => [TYPES.kubeletStatsReceiver, TYPES.k8sClusterReceiver].map((r) => ({ m, r })));
    const verdicts = await mapConcurrently(cases, 2, ({ m, r }) => validateConfig(`${r}-${m}`, receiverConfig(r, [m])));
    const accepted = cases.filter((_, i) => verdicts[i]!.code === 0 || !verdicts[i]!.output.includes('invalid keys')).map(({ m, r }) => `${r}: ${m}`);
    expect(accepted).to.deep.equal([]);
  });
});
