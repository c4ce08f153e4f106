/**
 * The real API server (kube-apiserver 1.37 + etcd, scripts/peers/control-plane) judges what the function
 * emits, instead of hand-written stand-ins for its schema and Pod Security checks:
 *
 *  - the shipped CRD installs and is Established;
 *  - every object of every render passes `kubectl apply --server-side --dry-run=server` (strict field
 *    validation, schemas, CEL rules of the MetricPipeline CRD, admission) into namespaces that enforce Pod
 *    Security "restricted", and so does a Pod made from every pod template (PodSecurity only warns about
 *    Deployments, DaemonSets and CronJobs): the bundled example, every example under examples/, the
 *    manifest and end-to-end goldens, the robustness render variants, generated function settings, and
 *    200 property-generated ResourceLists;
 *  - the harness is binding: objects broken in the ways the stand-ins used to catch are rejected;
 *  - the bad-input corpus, differentially: what the function rejects as a CRD/schema violation the API
 *    server rejects at the same field, and what it rejects for reasons the API server cannot know
 *    (Secrets, certificates, endpoints, OTTL, limits) the API server accepts.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { MESSAGES } from '../../src/validate/spec-rules';
import { exampleResourceList } from '../support/example';
import { mapConcurrently } from '../support/concurrency';
import { requirePeer, startControlPlane, type ControlPlane } from '../support/peers';
import { REPO_ROOT, runFunction, runFunctionBinary } from '../support/run-fn';
import { KUSTOMIZE_BIN, requireTool } from '../support/tools';
import { EXAMPLES, run, withToolsOnPath } from '../examples/support';
import { resourceListCase } from '../robustness/arbitraries';
import { configMapConfig, pipeline, resourceListText, typedConfig, VARIANTS } from '../robustness/render-variants';
import {
  ApiServerJudge,
  asyncKubectl,
  formatRejections,
  isGenerated,
  podTemplateOf,
  resourceListItems,
  yamlStreamItems,
  type AsyncKubectl,
  type Item,
  type Obj,
  type Rejection,
  type Render,
} from './apiserver-support';

const CRD_DIR = path.join(REPO_ROOT, 'crd');
const CRD_NAME = 'metricpipelines.telemetry.kyma-project.io';
const STATUS_IMAGE = 'registry.example.com/platform/metricpipeline-fn:0.1.0';

/** Pass-through objects of kinds only the property inputs use (test/robustness/arbitraries.ts): a permissive CRD. */
const SHOP_SETTINGS_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'shopsettings.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'ShopSettings', plural: 'shopsettings', singular: 'shopsettings', listKind: 'ShopSettingsList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

interface FnResult {
  message: string;
  severity: string;
  resourceRef?: { apiVersion?: string; kind: string; name: string };
  field?: { path: string };
  tags?: { reason?: string };
}

/** The function's output as a render; throws unless the function succeeded. */
function renderOf(id: string, stdout: string, origin?: string): Render {
  return { id, items: resourceListItems(stdout), ...(origin === undefined ? {} : { origin }) };
}

function runOrThrow(id: string, input: string, binary = false): string {
  const r = binary ? runFunctionBinary(input) : runFunction(input);
  if (r.code !== 0) throw new Error(`${id}: the function exited ${r.code}:\n${r.stderr}\n--- input ---\n${input}`);
  return r.stdout;
}

function expectAccepted(rejections: Rejection[]): void {
  expect(rejections.length, formatRejections(rejections)).to.equal(0);
}

/** Containers of every pod template that do not run with a read-only root filesystem: our rule, not Pod Security's. */
function writableRootFilesystems(renders: Render[]): string[] {
  return renders.flatMap((render) =>
    render.items.flatMap(({ object }) => {
      const template = podTemplateOf(object);
      if (template === undefined || !isGenerated(object)) return [];
      const containers = [...(template.spec.initContainers ?? []), ...(template.spec.containers ?? [])] as { name: string; securityContext?: { readOnlyRootFilesystem?: boolean } }[];
      return containers.filter((c) => c.securityContext?.readOnlyRootFilesystem !== true).map((c) => `${render.id}: ${object.kind}/${object.metadata.name} container ${c.name}`);
    }),
  );
}

// ---- the property-generated renders ----

const PROPERTY_SEED = 20261207;
const PROPERTY_RUNS = 200;

/** Quantities as a number, enough to keep generated requests at or below generated limits. */
function quantity(text: string): number {
  const m = /^(\d+)(m|Mi|Gi)?$/.exec(text);
  if (m === null) throw new Error(`not a quantity: ${text}`);
  const factor = m[2] === 'm' ? 1e-3 : m[2] === 'Mi' ? 2 ** 20 : m[2] === 'Gi' ? 2 ** 30 : 1;
  return Number(m[1]) * factor;
}

/** Function settings that shape the pod templates (from the former robustness/pod-security suite). */
const labelPart = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const cpu = fc.oneof(fc.integer({ min: 1, max: 4000 }).map((n) => `${n}m`), fc.integer({ min: 1, max: 4 }).map(String));
const memory = fc.oneof(fc.integer({ min: 16, max: 8192 }).map((n) => `${n}Mi`), fc.integer({ min: 1, max: 8 }).map((n) => `${n}Gi`));
const resourceList = fc.record({ cpu, memory }, { requiredKeys: [] });
/** Requests and limits as a user would write them; only contradictions within the user's own values are left out. */
const resources = fc
  .record({ requests: resourceList, limits: resourceList }, { requiredKeys: [] })
  .filter((r) => (['cpu', 'memory'] as const).every((k) => r.requests?.[k] === undefined || r.limits?.[k] === undefined || quantity(r.requests[k]) <= quantity(r.limits[k])));
const toleration = fc.oneof(
  fc.record({ operator: fc.constant('Exists' as const), effect: fc.option(fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule'), { nil: undefined }) }, { requiredKeys: ['operator'] }),
  fc.record({ key: labelPart, operator: fc.constant('Equal' as const), value: labelPart, effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule') }),
  fc.record({ key: labelPart, operator: fc.constant('Exists' as const), effect: fc.constant('NoExecute' as const), tolerationSeconds: fc.integer({ min: 0, max: 3600 }) }),
);
const settings = fc.record(
  {
    gatewayReplicas: fc.integer({ min: 1, max: 10 }),
    podLabels: fc.dictionary(labelPart.map((k) => `gen.example.com/${k}`), fc.oneof(fc.constant(''), labelPart), { maxKeys: 3 }),
    agentTolerations: fc.array(toleration, { maxLength: 3 }),
    gatewayResources: resources,
    agentResources: resources,
  },
  { requiredKeys: [] },
);

/**
 * ResourceLists of test/robustness/arbitraries.ts with at least one pipeline, rendered with generated settings
 * into a namespace of their own. The arbitraries' pass-through Services are dropped: their `spec` is random
 * scalars on purpose (pass-through must not care), which no API server would take.
 */
const propertyCase = fc.tuple(
  resourceListCase
    .map((c) => ({ ...c, items: c.items.filter((i) => !(i['apiVersion'] === 'v1' && i['kind'] === 'Service')) }))
    .filter((c) => c.items.some((i) => i['kind'] === 'MetricPipeline')),
  settings,
  fc.boolean(),
);

// ---- the bad-input corpus ----

const CORPUS = path.join(REPO_ROOT, 'fixtures', 'bad-input');

/**
 * SpecInvalid findings that are the function's own rules, not Kyma's CRD (src/validate/spec-rules.ts says so):
 * HTTP header and OAuth2 parameter names must be RFC 9110 tokens, a transform needs a statement.
 */
function functionOnlySpecRule(r: FnResult): boolean {
  const message = r.message.replace(/^[^:]*: /, '');
  return message === MESSAGES.headerName || message === MESSAGES.statementsRequired || /^parameter name .* must be an RFC 9110 token/.test(message);
}

/** Whether an error of the function is one the API server makes too (README "Validation", src/validate/spec-rules.ts). */
function apiServerDecides(r: FnResult): boolean {
  if (r.resourceRef?.kind !== 'MetricPipeline') return false;
  const reason = r.tags?.reason;
  // SpecInvalid: the CRD's schema (types, enums, required, patterns) and its CEL rules.
  // InputInvalid at apiVersion: a version the CRD does not serve.
  return (reason === 'SpecInvalid' && !functionOnlySpecRule(r)) || (reason === 'InputInvalid' && r.field?.path === 'apiVersion');
}

/** The field paths an API server message names (`spec.x[0]: ...`, `.spec.x: expected string`, a version it does not serve). */
function apiFieldPaths(message: string): string[] {
  const paths = [...message.matchAll(/(?:^|[\s*(])\.?((?:spec|metadata|status)(?:\.[A-Za-z0-9_-]+|\[\d+\])*)(?=:)/gm)].map((m) => m[1]!);
  if (/no matches for kind "[^"]+" in version/.test(message)) paths.push('apiVersion');
  return [...new Set(paths)];
}

const oneLine = (s: string, max = 160) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

interface DiffRow {
  case: string;
  pipeline: string;
  fn: string;
  expected: 'rejects' | 'accepts' | 'n/a';
  api: string;
  agrees: boolean | undefined;
  problem?: string;
}

describe('peers: the real API server judges the rendered objects', function () {
  this.timeout(300_000);
  let cp: ControlPlane | undefined;
  let kubectl: AsyncKubectl;
  let judge: ApiServerJudge;
  let crdApply = '';
  const started = Date.now();

  /**
   * Renders one at a time and hands every `chunk` renders to the judge at once, yielding in between, so
   * that kubectl and the API server work while the function renders the next ones.
   */
  async function renderAndJudge(count: number, renderOne: (i: number) => Render, chunk = 25): Promise<{ renders: Render[]; rejections: Rejection[] }> {
    const renders: Render[] = [];
    const pending: Promise<Rejection[]>[] = [];
    try {
      for (let i = 0; i < count; i++) {
        renders.push(renderOne(i));
        if (renders.length % chunk === 0 || i === count - 1) pending.push(judge.judge(renders.slice(Math.floor(i / chunk) * chunk), { batchSize: chunk }));
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      await Promise.allSettled(pending);
      throw e;
    }
    return { renders, rejections: (await Promise.all(pending)).flat() };
  }

  before(function () {
    requirePeer(this, 'kube-apiserver');
    requirePeer(this, 'etcd');
    requireTool(this, 'kubectl');
    cp = startControlPlane();
    kubectl = asyncKubectl(cp.kubeconfig);
    judge = new ApiServerJudge(kubectl);
    crdApply = cp.kubectl(['apply', '--server-side', '-f', CRD_DIR]);
    cp.kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(SHOP_SETTINGS_CRD));
    cp.kubectl(['wait', '--for=condition=Established', `crd/${CRD_NAME}`, 'crd/shopsettings.example.com', '--timeout=60s']);
  });

  after(() => {
    if (cp === undefined) return;
    cp.stop();
    process.stdout.write(
      `      API server judged ${judge.stats.renders} renders: ${judge.stats.objects} objects and ${judge.stats.pods} pods from templates, ` +
        `in ${judge.stats.kubectlCalls} kubectl calls; the file took ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });

  it('the CRD applies server-side and is Established', () => {
    expect(crdApply).to.contain(`customresourcedefinition.apiextensions.k8s.io/${CRD_NAME} serverside-applied`);
    const conditions = JSON.parse(cp!.kubectl(['get', `crd/${CRD_NAME}`, '-o', 'jsonpath={.status.conditions}'])) as { type: string; status: string }[];
    expect(conditions.find((c) => c.type === 'Established')?.status).to.equal('True');
    expect(conditions.find((c) => c.type === 'NamesAccepted')?.status).to.equal('True');
    const served = cp!.kubectl(['get', `crd/${CRD_NAME}`, '-o', 'jsonpath={.spec.versions[*].name}'])!.split(' ');
    expect(served).to.have.members(['v1beta1', 'v1alpha1']);
  });

  describe('every object of the output is accepted (restricted namespaces, Pods from every template)', () => {
    it('the bundled example (fixtures/example, run by the executable, with statusImage set)', async () => {
      const rl = parse(exampleResourceList()) as { functionConfig: Record<string, unknown> };
      rl.functionConfig['statusImage'] = STATUS_IMAGE;
      const r = runFunctionBinary(stringify(rl));
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('');
      const render = renderOf('fixtures/example', r.stdout);
      const kinds = render.items.map((i) => i.object.kind);
      expect(kinds).to.include.members(['MetricPipeline', 'Secret', 'Deployment', 'DaemonSet', 'CronJob', 'ClusterRole', 'NetworkPolicy', 'PodDisruptionBudget']);
      expectAccepted(await judge.judge([render]));
      expect(writableRootFilesystems([render])).to.deep.equal([]);
    });

    it('every example under examples/ (kustomize, Argo CD and Flux apps through kustomize; kpt packages through the executable)', async function () {
      const tools = withToolsOnPath('apiserver-examples');
      try {
        const renders: Render[] = [];
        for (const dir of ['kustomize/overlays/production', 'argocd/app', 'flux/app']) {
          const r = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', path.join(EXAMPLES, dir)], { env: tools.env });
          expect(r.code, `${dir}: ${r.stderr}`).to.equal(0);
          renders.push({ id: `examples/${dir}`, items: yamlStreamItems(r.stdout) });
        }
        for (const pkg of ['metrics-exec', 'metrics-image']) {
          const dir = path.join(EXAMPLES, 'kpt', pkg);
          const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
          const items = files.flatMap((f) => yamlStreamItems(readFileSync(path.join(dir, f), 'utf8')).map((i) => i.object));
          const functionConfig = items.find((o) => o.kind === 'RenderMetricPipelines');
          const stdout = runOrThrow(`examples/kpt/${pkg}`, stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }), true);
          // kpt applies neither the Kptfile nor local-config objects (the functionConfig).
          const applied = resourceListItems(stdout).filter((i) => i.object.metadata.annotations?.['config.kubernetes.io/local-config'] !== 'true');
          renders.push({ id: `examples/kpt/${pkg}`, items: applied });
        }
        for (const render of renders) {
          expect(render.items.filter((i) => isGenerated(i.object)).map((i) => i.object.kind), render.id).to.include.members(['Deployment', 'CronJob']);
        }
        expectAccepted(await judge.judge(renders));
        expect(writableRootFilesystems(renders)).to.deep.equal([]);
      } finally {
        tools.cleanup();
      }
    });

    it('the manifest and end-to-end goldens (the builders\' scenarios: custom settings, autoscaling, skipped pipelines, status job)', async () => {
      const goldens = [
        ...readdirSync(path.join(REPO_ROOT, 'test', 'golden', 'manifests'))
          .filter((f) => /^(gateway|agent|status-job)-.*\.yaml$/.test(f) && f !== 'status-job-crd-kyma-rules.yaml')
          .map((f) => path.join('manifests', f)),
        ...readdirSync(path.join(REPO_ROOT, 'test', 'golden', 'e2e')).filter((f) => f.endsWith('.yaml')).map((f) => path.join('e2e', f)),
      ].sort();
      expect(goldens.length).to.be.at.least(11);
      const renders = goldens.map((g): Render => ({ id: `test/golden/${g}`, items: yamlStreamItems(readFileSync(path.join(REPO_ROOT, 'test', 'golden', g), 'utf8')) }));
      const kinds = new Set(renders.flatMap((r) => r.items.map((i) => i.object.kind)));
      expect([...kinds]).to.include.members(['Deployment', 'DaemonSet', 'CronJob', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Role', 'RoleBinding']);
      expectAccepted(await judge.judge(renders, { batchSize: 4 }));
      expect(writableRootFilesystems(renders)).to.deep.equal([]);
    });

    it('the robustness render variants, and all inputs with custom resources, labels, tolerations, priority class and pull secrets', async () => {
      const custom = typedConfig({
        gatewayReplicas: 3,
        podLabels: { 'team.example.com/owner': 'observability', tier: 'platform' },
        podAnnotations: { 'example.com/note': 'custom' },
        workloadLabels: { 'cost-center': 'c-123' },
        gatewayResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '2Gi' } },
        agentResources: { requests: { cpu: '50m' }, limits: { memory: '2Gi' } },
        agentTolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'telemetry', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        priorityClassName: 'telemetry-critical',
        imagePullSecrets: ['registry-credentials'],
        namespace: 'observability',
        statusImage: STATUS_IMAGE,
        // Placement and environment per component (issue 21).
        gatewayNodeSelector: { 'node-role.example.com/telemetry': 'true' },
        gatewayTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'telemetry', effect: 'NoSchedule' }],
        gatewayAffinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } },
        },
        gatewayTopologySpreadConstraints: [{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2 }],
        gatewayExtraEnv: [
          { name: 'HTTPS_PROXY', value: 'http://proxy.example.com:3128' },
          { name: 'NO_PROXY', valueFrom: { configMapKeyRef: { name: 'proxy', key: 'no-proxy', optional: true } } },
        ],
        agentNodeSelector: { 'kubernetes.io/os': 'linux' },
        agentAffinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'pool', operator: 'NotIn', values: ['gpu'] }] } }] } },
        agentExtraEnv: [{ name: 'GOGC', value: '80' }],
        statusNodeSelector: { 'kubernetes.io/os': 'linux' },
        statusTolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      });
      const allInputs = [pipeline('all', { prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } })];
      const variants = [...VARIANTS, { name: 'all inputs, custom resources/labels/tolerations', items: allInputs, functionConfig: custom }];
      const renders = variants.map((v) => renderOf(`variant: ${v.name}`, runOrThrow(v.name, resourceListText(v.items, v.functionConfig))));
      for (const render of renders) {
        const workloads = render.items.filter((i) => podTemplateOf(i.object) !== undefined).map((i) => i.object.kind).sort();
        expect(workloads, render.id).to.include.members(['CronJob', 'Deployment']);
      }
      expectAccepted(await judge.judge(renders, { batchSize: 3 }));
      expect(writableRootFilesystems(renders)).to.deep.equal([]);
    });

    it('generated function settings on one pipeline per pull-input combination (fast-check, 30 runs)', async () => {
      const inputs = fc.constantFrom<Record<string, unknown> | undefined>(
        undefined,
        { prometheus: { enabled: true } },
        { runtime: { enabled: true } },
        { prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } },
      );
      const samples = fc.sample(fc.tuple(settings, inputs, fc.boolean()), { numRuns: 30, seed: 20261124 });
      const { renders, rejections } = await renderAndJudge(samples.length, (i) => {
        const [s, input, istio] = samples[i]!;
        const text = resourceListText([pipeline('gen', input)], typedConfig({ ...s, istio, namespace: `settings-${String(i).padStart(3, '0')}` }));
        return renderOf(`settings #${i}`, runOrThrow(`settings #${i}`, text), text);
      }, 10);
      expectAccepted(rejections);
      expect(writableRootFilesystems(renders)).to.deep.equal([]);
    });

    it(`${PROPERTY_RUNS} property-generated ResourceLists (test/robustness/arbitraries.ts, fixed seed), each in a namespace of its own`, async () => {
      const samples = fc.sample(propertyCase, { numRuns: PROPERTY_RUNS, seed: PROPERTY_SEED });
      const { renders, rejections } = await renderAndJudge(samples.length, (i) => {
        const [c, s, istio] = samples[i]!;
        const functionConfig = typedConfig({ maxPipelines: 0, namespace: `pbt-${String(i).padStart(3, '0')}`, ...s, istio });
        const text = resourceListText(c.items, functionConfig);
        return renderOf(`property #${i}`, runOrThrow(`property #${i}`, text), text);
      });
      expectAccepted(rejections);
      expect(renders.length).to.equal(PROPERTY_RUNS);
      const pulling = renders.filter((r) => r.items.some((i) => i.object.kind === 'DaemonSet')).length;
      expect(pulling, 'renders with the agent').to.be.at.least(PROPERTY_RUNS / 10);
      expect(writableRootFilesystems(renders)).to.deep.equal([]);
    });
  });

  describe('the harness is binding: what the stand-ins caught, the API server rejects', () => {
    /** The gateway of the manifest golden, with its ServiceAccount, broken in one place per case. */
    function brokenGateway(id: string, breakIt: (deployment: Obj & { spec: Record<string, any> }) => void): Render {
      const items = yamlStreamItems(readFileSync(path.join(REPO_ROOT, 'test', 'golden', 'manifests', 'gateway-defaults.yaml'), 'utf8'));
      const namespace = `broken-${id}`;
      const pick = (kind: string): Obj => {
        const o = JSON.parse(JSON.stringify(items.find((i) => i.object.kind === kind)!.object)) as Obj;
        o.metadata.namespace = namespace;
        return o;
      };
      const deployment = pick('Deployment') as Obj & { spec: Record<string, any> };
      breakIt(deployment);
      return { id, items: [pick('ServiceAccount'), deployment].map((o): Item => ({ text: `${JSON.stringify(o)}\n`, object: o })) };
    }

    const CASES: { id: string; expect: RegExp; breakIt: (d: Obj & { spec: Record<string, any> }) => void }[] = [
      { id: 'misspelled-field', expect: /unknown field "spec\.template\.spec\.containers\[0\]\.readinesProbe"|field not declared in schema/, breakIt: (d) => (d.spec.template.spec.containers[0].readinesProbe = d.spec.template.spec.containers[0].readinessProbe) },
      { id: 'wrong-type', expect: /spec\.replicas: expected numeric|replicas.*(expected|int)/i, breakIt: (d) => (d.spec.replicas = '2') },
      { id: 'missing-container-name', expect: /spec\.template\.spec\.containers\[0\]\.name: Required value/, breakIt: (d) => delete d.spec.template.spec.containers[0].name },
      { id: 'invalid-label-value', expect: /metadata\.labels: Invalid value: "not a value"/, breakIt: (d) => (d.metadata.labels = { ...d.metadata.labels, bad: 'not a value' }) },
      { id: 'long-port-name', expect: /ports\[0\]\.name: Invalid value: "grpc-collector-port"/, breakIt: (d) => (d.spec.template.spec.containers[0].ports[0].name = 'grpc-collector-port') },
      { id: 'selector-mismatch', expect: /`selector` does not match template `labels`/, breakIt: (d) => (d.spec.selector.matchLabels.extra = 'x') },
      { id: 'request-above-limit', expect: /must be less than or equal to memory limit/, breakIt: (d) => (d.spec.template.spec.containers[0].resources = { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } }) },
      {
        id: 'privileged-pod',
        expect: /violates PodSecurity "restricted:latest": .*host namespaces.*privileged/,
        breakIt: (d) => {
          d.spec.template.spec.hostNetwork = true;
          d.spec.template.spec.containers[0].securityContext = { ...d.spec.template.spec.containers[0].securityContext, privileged: true, allowPrivilegeEscalation: true };
        },
      },
      { id: 'root-user', expect: /violates PodSecurity "restricted:latest": .*runAsNonRoot|runAsUser=0/, breakIt: (d) => (d.spec.template.spec.securityContext = { ...d.spec.template.spec.securityContext, runAsNonRoot: false, runAsUser: 0 }) },
      { id: 'missing-service-account', expect: /serviceaccount "nobody-made-me" not found/, breakIt: (d) => (d.spec.template.spec.serviceAccountName = 'nobody-made-me') },
    ];

    it('rejects each broken gateway, naming the problem', async () => {
      const renders = CASES.map((c) => brokenGateway(c.id, c.breakIt));
      const rejections = await judge.judge(renders, { batchSize: 1, detailFor: CASES.length });
      const missed = CASES.filter((c) => !rejections.some((r) => r.render === c.id && c.expect.test(r.message)));
      expect(
        missed.map((c) => c.id),
        `not rejected as expected:\n${missed.map((c) => `${c.id} (${String(c.expect)}): ${rejections.filter((r) => r.render === c.id).map((r) => `${r.object}: ${r.message}`).join(' | ') || 'accepted'}`).join('\n')}`,
      ).to.deep.equal([]);
    });

    it('flags a Pod Security warning on the workload itself, not only on its Pod', async () => {
      const render = brokenGateway('warning-only', (d) => (d.spec.template.spec.hostNetwork = true));
      const rejections = await judge.judge([render], { batchSize: 1 });
      const deployment = rejections.find((r) => r.object.startsWith('Deployment/'));
      expect(deployment?.message ?? '', formatRejections(rejections)).to.match(/Warning: would violate PodSecurity "restricted:latest": host namespaces/);
    });
  });

  describe('bad-input corpus, differentially: the function and the API server reject the same pipelines at the same field', () => {
    const rows: DiffRow[] = [];

    /**
     * Runs the executable on `input` (which must fail), applies each MetricPipeline of the input alone with
     * `--dry-run=server`, records a table row per pipeline and returns the disagreements.
     */
    async function differential(caseName: string, input: string): Promise<string[]> {
      let subjects: Item[];
      try {
        subjects = resourceListItems(input).filter((i) => i.object.kind === 'MetricPipeline');
      } catch {
        subjects = [];
      }
      const fn = runFunctionBinary(input);
      expect(fn.code, fn.stderr).to.equal(1);
      if (subjects.length === 0) {
        rows.push({ case: caseName, pipeline: '-', fn: oneLine(fn.stderr.split('\n')[0] ?? '', 90), expected: 'n/a', api: 'no MetricPipeline to apply', agrees: undefined });
        return [];
      }
      const results = ((parse(fn.stdout) as { results?: FnResult[] }).results ?? []).filter((r) => r.severity === 'error');
      const problems: string[] = [];
      const verdicts = await mapConcurrently(subjects, 2, async (subject) => ({ subject, r: await kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], subject.text) }));
      for (const { subject, r } of verdicts) {
        const name = subject.object.metadata?.name ?? '(no name)';
        const errors = results.filter((x) => x.resourceRef?.kind === 'MetricPipeline' && x.resourceRef.name === name);
        const decided = errors.filter(apiServerDecides);
        const expected = decided.length > 0 ? 'rejects' : 'accepts';
        const rejected = r.code !== 0;
        const apiMessage = r.stderr.split('\n').filter((l) => !l.startsWith('Warning: ')).join('\n').trim();
        const apiPaths = rejected ? apiFieldPaths(apiMessage) : [];
        const fnText = errors.length === 0 ? 'accepts' : errors.map((e) => `${e.tags?.reason ?? '?'} @ ${e.field?.path ?? '-'}`).join('; ');
        let problem: string | undefined;
        if (expected === 'rejects' && !rejected) problem = `the function rejects it as the API server would (${decided.map((e) => e.message).join('; ')}) but the API server accepts it`;
        else if (expected === 'accepts' && rejected) problem = `the function rejects it only for reasons the API server cannot know (${errors.map((e) => e.message).join('; ') || 'none'}) but the API server rejects it: ${oneLine(apiMessage, 400)}`;
        else if (expected === 'rejects') {
          const unmatched = decided.filter((e) => !apiPaths.includes((e.field?.path ?? '').replace(/^\./, '')));
          if (unmatched.length > 0) {
            problem = `field paths differ: the function names ${unmatched.map((e) => `${e.field?.path} ("${e.message}")`).join(', ')}; the API server names ${apiPaths.join(', ') || 'no field'}: ${oneLine(apiMessage, 400)}`;
          }
        }
        rows.push({
          case: caseName,
          pipeline: `${subject.object.apiVersion.split('/')[1]} ${name}`,
          fn: fnText,
          expected,
          api: rejected ? `rejects @ ${apiPaths.join(', ') || '?'}: ${oneLine(apiMessage, 70)}` : 'accepts',
          agrees: problem === undefined,
          ...(problem === undefined ? {} : { problem }),
        });
        if (problem !== undefined) problems.push(`${name}: ${problem}`);
      }
      return problems;
    }

    after(() => {
      if (rows.length === 0) return;
      const header = ['case', 'pipeline', 'function', 'API server should', 'API server', 'agree'];
      const body = rows.map((r) => [r.case, r.pipeline, r.fn, r.expected, r.api, r.agrees === undefined ? '-' : r.agrees ? 'yes' : 'NO']);
      const widths = header.map((h, i) => Math.min(90, Math.max(h.length, ...body.map((b) => b[i]!.length))));
      const line = (cells: string[]) => `      | ${cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join(' | ')} |`;
      process.stdout.write(`\n${[line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')}\n`);
      const disagreements = rows.filter((r) => r.agrees === false);
      if (disagreements.length > 0) {
        process.stdout.write(`\n      Disagreements (${disagreements.length}):\n${disagreements.map((r) => `      - ${r.case} / ${r.pipeline}: ${r.problem}`).join('\n')}\n`);
      }
    });

    describe('fixtures/bad-input', () => {
      for (const name of readdirSync(CORPUS).sort()) {
        it(name, async () => {
          const problems = await differential(name, readFileSync(path.join(CORPUS, name, 'input.yaml'), 'utf8'));
          expect(problems, problems.join('\n')).to.deep.equal([]);
        });
      }
    });

    describe('beyond the corpus: the other "must have value or valueFrom" rules, and the function\'s own spec rules', () => {
      const otlp = (extra: Record<string, unknown>) => ({ endpoint: { value: 'https://backend.example.com:4317' }, ...extra });
      const oauth2 = (extra: Record<string, unknown>) => ({ tokenURL: { value: 'https://auth.example.com/token' }, clientID: { value: 'id' }, clientSecret: { value: 'secret' }, ...extra });
      const extra: Record<string, Record<string, unknown>> = {
        'endpoint-without-value': { output: { otlp: { endpoint: {} } } },
        'basic-user-empty': { output: { otlp: otlp({ authentication: { basic: { user: {}, password: { value: 'pw' } } } }) } },
        'oauth2-client-id-empty': { output: { otlp: otlp({ protocol: 'http', endpoint: { value: 'https://backend.example.com:4318' }, authentication: { oauth2: oauth2({ clientID: {} }) } }) } },
        'header-name-not-a-token': { output: { otlp: otlp({ headers: [{ name: 'X Tenant', value: 'a' }] }) } },
        'oauth2-param-name-not-a-token': { output: { otlp: otlp({ protocol: 'http', endpoint: { value: 'https://backend.example.com:4318' }, authentication: { oauth2: oauth2({ params: { 'a b': 'c' } }) } }) } },
        'transform-without-statements': { output: { otlp: otlp({}) }, transform: [{ statements: [] }] },
      };
      for (const [name, spec] of Object.entries(extra)) {
        it(name, async () => {
          const input = resourceListText([{ apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name: 'p' }, spec }]);
          const problems = await differential(`(inline) ${name}`, input);
          expect(problems, problems.join('\n')).to.deep.equal([]);
        });
      }
    });
  });

  describe('valid pipelines the function renders are accepted by the API server (beyond the generated ones)', () => {
    const valid: { name: string; pipeline: Record<string, unknown> }[] = [
      {
        name: 'OAuth2 over gRPC with TLS, protocol written out',
        pipeline: {
          apiVersion: 'telemetry.kyma-project.io/v1beta1',
          kind: 'MetricPipeline',
          metadata: { name: 'oauth2-grpc' },
          spec: { output: { otlp: { protocol: 'grpc', endpoint: { value: 'https://backend.example.com:4317' }, tls: { insecure: false }, authentication: { oauth2: { tokenURL: { value: 'https://auth.example.com/token' }, clientID: { value: 'id' }, clientSecret: { value: 'secret' } } } } } },
        },
      },
      {
        name: 'OAuth2 over gRPC with TLS, protocol left to its default (grpc)',
        pipeline: {
          apiVersion: 'telemetry.kyma-project.io/v1beta1',
          kind: 'MetricPipeline',
          metadata: { name: 'oauth2-default-protocol' },
          spec: { output: { otlp: { endpoint: { value: 'https://backend.example.com:4317' }, tls: { insecure: false }, authentication: { oauth2: { tokenURL: { value: 'https://auth.example.com/token' }, clientID: { value: 'id' }, clientSecret: { value: 'secret' } } } } } },
        },
      },
      {
        name: 'v1alpha1 with every input',
        pipeline: {
          apiVersion: 'telemetry.kyma-project.io/v1alpha1',
          kind: 'MetricPipeline',
          metadata: { name: 'alpha' },
          spec: { input: { otlp: { disabled: false }, prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } }, output: { otlp: { endpoint: { value: 'https://backend.example.com:4317' } } } },
        },
      },
    ];

    for (const v of valid) {
      it(v.name, async () => {
        const text = resourceListText([v.pipeline], configMapConfig({ statusImage: STATUS_IMAGE }));
        const r = runFunction(text);
        expect(r.code, `the function rejects it: ${r.stderr}`).to.equal(0);
        const pipelineItem = resourceListItems(r.stdout).find((i) => i.object.kind === 'MetricPipeline')!;
        const api = await kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], pipelineItem.text);
        expect(api.code, `the function renders it, the API server rejects it: ${api.stderr}`).to.equal(0);
      });
    }
  });
});
