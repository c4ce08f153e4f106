/**
 * The job's RBAC is exactly what it calls: every request the job makes in the end-to-end scenarios is
 * allowed by the rendered ClusterRole/Role (as the API server's RBAC authorizer would decide), and every
 * permission granted (each verb on each resource and resource name) is used by some request.
 */
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../../src/api/function-config';
import { STATUS_JOB } from '../../../src/constants';
import { buildStatusJobObjects } from '../../../src/manifests/status-job';
import type { PolicyRule } from '../../../src/manifests/types';
import type { RecordedRequest } from '../support/fake-kube';
import { deployment, NS, waitingPod, type FakeCluster } from '../support/fake-cluster';
import { cluster, runJob } from '../support/job-harness';

interface Attributes {
  verb: string;
  group: string;
  /** `resource` or `resource/subresource`. */
  resource: string;
  namespace?: string;
  name?: string;
}

const VERBS: Record<string, (named: boolean) => string> = {
  GET: (named) => (named ? 'get' : 'list'),
  POST: () => 'create',
  PUT: () => 'update',
  PATCH: () => 'patch',
  DELETE: (named) => (named ? 'delete' : 'deletecollection'),
};

/** The RBAC request attributes of an API path, as the API server's request info resolver derives them. */
export function attributesOf(r: RecordedRequest): Attributes {
  const parts = r.path.split('/').filter((p) => p !== '');
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    rest = parts.slice(2);
  } else {
    group = parts[1] as string;
    rest = parts.slice(3);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, sub] = rest;
  return {
    verb: (VERBS[r.method] as (named: boolean) => string)(name !== undefined),
    group,
    resource: sub === undefined ? (resource as string) : `${resource}/${sub}`,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
  };
}

function allows(rule: PolicyRule, a: Attributes): boolean {
  return (
    rule.apiGroups.includes(a.group) &&
    rule.resources.includes(a.resource) &&
    rule.verbs.includes(a.verb) &&
    (rule.resourceNames === undefined || (a.name !== undefined && rule.resourceNames.includes(a.name)))
  );
}

function rulesOf(kind: 'ClusterRole' | 'Role'): PolicyRule[] {
  const obj = buildStatusJobObjects(DEFAULT_SETTINGS).find((o) => o.kind === kind) as unknown as { rules: PolicyRule[] };
  return obj.rules;
}

/** Every request of every scenario that covers a code path with its own API calls. */
async function allRequests(): Promise<RecordedRequest[]> {
  const requests: RecordedRequest[] = [];
  const collect = async (setup: (c: FakeCluster) => void, runs: number, extra: string[] = []): Promise<void> => {
    const c = await cluster();
    try {
      setup(c);
      for (let i = 0; i < runs; i++) {
        await runJob(c, { extra });
        c.clock.advance(60);
      }
      assert.deepEqual(c.kube.unexpected, []);
      requests.push(...c.kube.requests);
    } finally {
      await c.stop();
    }
  };
  // Healthy, gateway and agent: first run creates the state, the second updates it.
  await collect(() => undefined, 2);
  // A write conflict: the pipeline is read again.
  await collect((c) => {
    let done = false;
    c.kube.onRequest = (r) => {
      if (r.method === 'PATCH' && !done) {
        done = true;
        c.kube.touchPipeline('backend');
      }
    };
  }, 1);
  // A gateway that is not ready: its pods are listed.
  await collect((c) => {
    c.kube.deployments.set(`${NS}/telemetry-metric-gateway`, deployment({ readyReplicas: 0 }));
    c.kube.pods = [waitingPod('telemetry-metric-gateway-1', 'ImagePullBackOff', 'Back-off pulling image')];
  }, 1);
  return requests;
}

describe('status job RBAC', function () {
  this.timeout(30_000);
  let requests: RecordedRequest[];
  before(async () => {
    requests = await allRequests();
  });

  it('allows every request the job makes', () => {
    const cluster = rulesOf('ClusterRole');
    const namespaced = rulesOf('Role');
    for (const r of requests) {
      const a = attributesOf(r);
      const viaRole = a.namespace === NS && namespaced.some((rule) => allows(rule, a));
      const viaClusterRole = cluster.some((rule) => allows(rule, a));
      assert.ok(viaRole || viaClusterRole, `forbidden: ${JSON.stringify(a)}`);
      // Cluster-wide rights only for cluster-scoped objects; everything namespaced goes through the Role.
      if (a.namespace !== undefined) assert.ok(!viaClusterRole, `namespaced request allowed cluster-wide: ${JSON.stringify(a)}`);
    }
  });

  it('grants nothing the job does not use', () => {
    const used = requests.map(attributesOf);
    for (const [kind, rules] of [['ClusterRole', rulesOf('ClusterRole')], ['Role', rulesOf('Role')]] as const) {
      for (const rule of rules) {
        for (const group of rule.apiGroups) {
          for (const resource of rule.resources) {
            for (const verb of rule.verbs) {
              for (const name of rule.resourceNames ?? [undefined]) {
                const hit = used.some((a) => a.group === group && a.resource === resource && a.verb === verb && (name === undefined || a.name === name));
                assert.ok(hit, `${kind} grants ${verb} ${group || 'core'}/${resource}${name === undefined ? '' : ` ${name}`}, which the job never uses`);
              }
            }
          }
        }
      }
    }
  });

  it('lists exactly these rules', () => {
    assert.deepEqual(rulesOf('ClusterRole'), [
      { apiGroups: ['telemetry.kyma-project.io'], resources: ['metricpipelines'], verbs: ['get', 'list'] },
      { apiGroups: ['telemetry.kyma-project.io'], resources: ['metricpipelines/status'], verbs: ['patch'] },
    ]);
    assert.deepEqual(rulesOf('Role'), [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['telemetry-metric-gateway', STATUS_JOB.stateConfigMap], verbs: ['get'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [STATUS_JOB.stateConfigMap], verbs: ['update'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['telemetry-metric-gateway'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['daemonsets'], resourceNames: ['telemetry-metric-agent'], verbs: ['get'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list'] },
    ]);
  });

  it('derives request attributes like the API server', () => {
    const r = (method: string, path: string): RecordedRequest => ({ method, path, query: {}, contentType: undefined, body: undefined, status: 200 });
    assert.deepEqual(attributesOf(r('PATCH', '/apis/telemetry.kyma-project.io/v1beta1/metricpipelines/a/status')), {
      verb: 'patch',
      group: 'telemetry.kyma-project.io',
      resource: 'metricpipelines/status',
      name: 'a',
    });
    assert.deepEqual(attributesOf(r('GET', '/api/v1/namespaces/kyma-system/pods')), { verb: 'list', group: '', resource: 'pods', namespace: 'kyma-system' });
    assert.deepEqual(attributesOf(r('POST', '/api/v1/namespaces/kyma-system/configmaps')), { verb: 'create', group: '', resource: 'configmaps', namespace: 'kyma-system' });
  });
});
