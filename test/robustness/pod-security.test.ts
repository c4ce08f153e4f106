/**
 * Every pod template the function emits (gateway Deployment, agent DaemonSet, status CronJob) meets Pod
 * Security "restricted" plus the read-only root filesystem rule, and every emitted workload validates
 * against the Kubernetes schema, for the render variants and for generated function settings
 * (gatewayReplicas, podLabels, agentTolerations, gateway/agent resources).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { podSpecOf, restrictedViolations } from '../support/pod-security';
import { validateKubeObject } from '../support/k8s-schema';
import { isGenerated, pipeline, render, typedConfig, VARIANTS, type Obj } from './render-variants';

const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet']);

/** A Kubernetes quantity as a number (enough to compare requests with limits). */
function quantity(text: string): number {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(text);
  if (m === null) throw new Error(`not a quantity: ${text}`);
  const factors: Record<string, number> = {
    n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  const exponent = m[2] === undefined ? 1 : 10 ** Number(m[2]);
  return Number(m[1]) * exponent * (m[3] === undefined ? 1 : (factors[m[3]] as number));
}

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** What the API server's pod template validation adds beyond the schema: requests never above limits. */
function resourceProblems(spec: Record<string, unknown>): string[] {
  const containers = [...((spec['initContainers'] ?? []) as Container[]), ...((spec['containers'] ?? []) as Container[])];
  return containers.flatMap((c) =>
    Object.entries(c.resources?.requests ?? {}).flatMap(([resource, request]) => {
      const limit = c.resources?.limits?.[resource];
      return limit !== undefined && quantity(request) > quantity(limit) ? [`${c.name}: requests.${resource} ${request} exceeds limits.${resource} ${limit}`] : [];
    }),
  );
}

function workloads(objects: Obj[]): Obj[] {
  return objects.filter((o) => isGenerated(o) && WORKLOAD_KINDS.has(o.kind));
}

/** Every problem of every workload: restricted violations, schema problems, requests above limits. */
function problems(objects: Obj[]): string[] {
  return workloads(objects).flatMap((o) => {
    const where = `${o.kind}/${o.metadata.name}`;
    const spec = podSpecOf(o);
    if (spec === undefined) return [`${where}: no pod spec`];
    return [
      ...restrictedViolations(spec).map((p) => `${where} (restricted): ${p}`),
      ...validateKubeObject(o).map((p) => `${where} (schema): ${p}`),
      ...resourceProblems(spec).map((p) => `${where} (resources): ${p}`),
    ];
  });
}

const CUSTOM_CONFIG = typedConfig({
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
});

const ALL_INPUTS = [pipeline('all', { prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } })];

describe('robustness: pod security and schema of every emitted pod template', () => {
  const cases = [...VARIANTS, { name: 'all inputs, custom resources/labels/tolerations', items: ALL_INPUTS, functionConfig: CUSTOM_CONFIG }];
  for (const variant of cases) {
    it(`${variant.name}: every workload is restricted-compliant and schema-valid`, () => {
      const objects = render(variant.items, variant.functionConfig);
      const kinds = workloads(objects).map((o) => o.kind).sort();
      const agent = variant.items.some((i) => Object.values(((i['spec'] as { input?: Record<string, { enabled?: boolean }> }).input ?? {})).some((x) => x.enabled === true && x !== (i['spec'] as { input: Record<string, unknown> }).input['otlp']));
      expect(kinds).to.deep.equal(agent ? ['CronJob', 'DaemonSet', 'Deployment'] : ['CronJob', 'Deployment']);
      expect(problems(objects)).to.deep.equal([]);
    });
  }

  it('the custom settings reach the pod templates (so the case above checks them)', () => {
    const objects = render(ALL_INPUTS, CUSTOM_CONFIG);
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number; template: { metadata: { labels: Record<string, string> } } } };
    expect(deployment.spec.replicas).to.equal(3);
    expect(deployment.spec.template.metadata.labels).to.include({ 'team.example.com/owner': 'observability', tier: 'platform' });
    const ds = podSpecOf(objects.find((o) => o.kind === 'DaemonSet')) as { tolerations: unknown[] };
    expect(ds.tolerations).to.deep.equal([
      { key: 'dedicated', operator: 'Equal', value: 'telemetry', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  // Regression (found by the property below): a request above a default limit made the API server reject the workload.
  it('a default limit never contradicts the user\'s request, nor a default request the user\'s limit', () => {
    const resourcesOf = (kind: string, objects: Obj[]) => (podSpecOf(objects.find((o) => o.kind === kind)) as { containers: Container[] }).containers[0]?.resources;
    const raised = render([pipeline('a')], typedConfig({ gatewayResources: { requests: { memory: '2Gi' } } }));
    expect(resourcesOf('Deployment', raised)).to.deep.equal({ limits: { memory: '2Gi' }, requests: { cpu: '25m', memory: '2Gi' } });
    const lowered = render([pipeline('a', { runtime: { enabled: true } })], typedConfig({ agentResources: { limits: { cpu: '10m', memory: '32Mi' } } }));
    expect(resourcesOf('DaemonSet', lowered)).to.deep.equal({ limits: { cpu: '10m', memory: '32Mi' }, requests: { cpu: '10m', memory: '32Mi' } });
    // Defaults alone, and values that do not conflict, stay as they were.
    const plain = render([pipeline('a')], typedConfig({ gatewayResources: { requests: { memory: '512Mi' } } }));
    expect(resourcesOf('Deployment', plain)).to.deep.equal({ limits: { memory: '1024Mi' }, requests: { cpu: '25m', memory: '512Mi' } });
  });

  describe('generated function settings (fast-check)', () => {
    const labelPart = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const podLabels = fc.dictionary(labelPart.map((k) => `gen.example.com/${k}`), fc.oneof(fc.constant(''), labelPart), { maxKeys: 3 });
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
        podLabels,
        agentTolerations: fc.array(toleration, { maxLength: 3 }),
        gatewayResources: resources,
        agentResources: resources,
      },
      { requiredKeys: [] },
    );
    const inputs = fc.constantFrom<Record<string, unknown> | undefined>(undefined, { prometheus: { enabled: true } }, { runtime: { enabled: true } }, { prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } });

    it('every workload stays restricted-compliant and schema-valid, and requests never exceed limits', () => {
      fc.assert(
        fc.property(settings, inputs, fc.boolean(), (s, input, istio) => {
          const objects = render([pipeline('gen', input)], typedConfig({ ...s, istio }));
          expect(problems(objects), JSON.stringify(s)).to.deep.equal([]);
        }),
        { numRuns: 30, seed: 20261124 },
      );
    });
  });
});
