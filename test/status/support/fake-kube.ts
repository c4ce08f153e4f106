/**
 * An in-process HTTP server that speaks the Kubernetes API for exactly the calls the status job makes
 * (plain http on 127.0.0.1), with an in-memory store, resourceVersions, JSON merge patch on the status
 * subresource, label selectors, list pagination, and fault injection (409, 500, hanging requests). Every
 * request is recorded, so tests can assert what was written and derive the RBAC the job needs.
 * Requests the job is not expected to make answer 404 and are recorded as `unexpected`.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchesSelector, mergePatch, statusProblems, type Obj } from './kube-semantics';

export type { Obj };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: unknown;
  status: number;
}

export interface Fault {
  method: string;
  /** Matched against the path (without query). */
  path: RegExp;
  /** How many matching requests get the fault; then the fault is used up. */
  times: number;
  respond: 409 | 500 | 503 | 'hang';
}

const PIPELINES = '/apis/telemetry.kyma-project.io/v1beta1/metricpipelines';

function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function status(code: number, reason: string, message: string): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export class FakeKube {
  readonly pipelines = new Map<string, Obj>();
  /** `namespace/name` -> ConfigMap. */
  readonly configMaps = new Map<string, Obj>();
  readonly deployments = new Map<string, Obj>();
  readonly daemonSets = new Map<string, Obj>();
  pods: Obj[] = [];
  endpointSlices: Obj[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  faults: Fault[] = [];
  /** Called for every request before it is answered: lets a test change the store "concurrently". */
  onRequest: ((r: RecordedRequest) => void) | undefined;
  /** Items per page of the pipeline list, when the client asks for pages. */
  pageSize: number | undefined;
  private rv = 100;
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();

  nextResourceVersion(): string {
    this.rv += 1;
    return String(this.rv);
  }

  addPipeline(name: string, spec: Obj = {}, extra: { generation?: number; status?: Obj; apiVersion?: string } = {}): Obj {
    const obj: Obj = {
      apiVersion: extra.apiVersion ?? 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name, generation: extra.generation ?? 1, resourceVersion: this.nextResourceVersion(), uid: `uid-${name}`, creationTimestamp: '2026-11-20T00:00:00Z' },
      spec,
      ...(extra.status === undefined ? {} : { status: extra.status }),
    };
    this.pipelines.set(name, obj);
    return obj;
  }

  /** Simulates a spec change by someone else: new generation and resourceVersion. */
  touchPipeline(name: string): void {
    const obj = this.pipelines.get(name) as Obj;
    const metadata = obj['metadata'] as Obj;
    metadata['generation'] = (metadata['generation'] as number) + 1;
    metadata['resourceVersion'] = this.nextResourceVersion();
  }

  setConfigMap(namespace: string, name: string, body: { annotations?: Obj; data?: Obj; binaryData?: Obj }): void {
    this.configMaps.set(`${namespace}/${name}`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, resourceVersion: this.nextResourceVersion(), ...(body.annotations === undefined ? {} : { annotations: body.annotations }) },
      ...(body.data === undefined ? {} : { data: body.data }),
      ...(body.binaryData === undefined ? {} : { binaryData: body.binaryData }),
    });
  }

  pipelineStatus(name: string): Obj | undefined {
    const status = this.pipelines.get(name)?.['status'];
    return isRecord(status) ? status : undefined;
  }

  /** Requests that changed something (anything but GET). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    this.server?.closeAllConnections();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'job', token: 'fake-service-account-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'job' }],
      currentContext: 'fake',
    });
    return kc;
  }

  /** A kubeconfig file's text pointing at this server, for spawned processes. */
  kubeConfigYaml(): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: fake, cluster: {server: "' + this.url + '", insecure-skip-tls-verify: true}}]',
      'users: [{name: job, user: {token: fake-service-account-token}}]',
      'contexts: [{name: fake, context: {cluster: fake, user: job}}]',
      'current-context: fake',
      '',
    ].join('\n');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type']?.split(';')[0],
      body,
      status: 0,
    };
    this.requests.push(record);
    const send = (code: number, payload: unknown): void => {
      record.status = code;
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== 'Bearer fake-service-account-token') return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    this.onRequest?.(record);
    const fault = this.faults.find((f) => f.times > 0 && f.method === record.method && f.path.test(record.path));
    if (fault !== undefined) {
      fault.times -= 1;
      if (fault.respond === 'hang') {
        record.status = -1;
        this.hanging.add(res);
        return;
      }
      if (fault.respond === 409) return send(409, status(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again'));
      return send(fault.respond, status(fault.respond, 'InternalError', 'Internal error occurred: etcd leader changed'));
    }
    const [code, payload] = this.route(record, body);
    if (code === 404 && payload === undefined) {
      this.unexpected.push(record);
      return send(404, status(404, 'NotFound', `the server could not find the requested resource ${record.method} ${record.path}`));
    }
    send(code, payload);
  }

  /** [404, undefined] marks a request no route knows. */
  private route(r: RecordedRequest, body: unknown): [number, unknown] {
    const p = r.path;
    let m: RegExpExecArray | null;
    if (r.method === 'GET' && p === PIPELINES) return [200, this.listPipelines(r.query)];
    if ((m = new RegExp(`^${PIPELINES}/([^/]+)$`).exec(p)) && r.method === 'GET') {
      const obj = this.pipelines.get(m[1] as string);
      return obj === undefined ? [404, status(404, 'NotFound', `metricpipelines "${m[1]}" not found`)] : [200, obj];
    }
    if ((m = new RegExp(`^${PIPELINES}/([^/]+)/status$`).exec(p)) && r.method === 'PATCH') return this.patchStatus(m[1] as string, r, body);
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/.exec(p))) {
      const key = `${m[1]}/${m[2]}`;
      if (r.method === 'GET') {
        const cm = this.configMaps.get(key);
        return cm === undefined ? [404, status(404, 'NotFound', `configmaps "${m[2]}" not found`)] : [200, cm];
      }
      if (r.method === 'PUT') return this.replaceConfigMap(key, body);
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps$/.exec(p)) && r.method === 'POST') return this.createConfigMap(m[1] as string, body);
    if ((m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|daemonsets)\/([^/]+)$/.exec(p)) && r.method === 'GET') {
      const store = m[2] === 'deployments' ? this.deployments : this.daemonSets;
      const obj = store.get(`${m[1]}/${m[3]}`);
      return obj === undefined ? [404, status(404, 'NotFound', `${m[2]}.apps "${m[3]}" not found`)] : [200, obj];
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(p)) && r.method === 'GET') {
      const items = this.pods.filter((pod) => (pod['metadata'] as Obj)['namespace'] === m?.[1] && matchesSelector((pod['metadata'] as Obj)['labels'], r.query['labelSelector']));
      return [200, { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: String(this.rv) }, items }];
    }
    if ((m = /^\/apis\/discovery\.k8s\.io\/v1\/namespaces\/([^/]+)\/endpointslices$/.exec(p)) && r.method === 'GET') {
      const items = this.endpointSlices.filter((s) => (s['metadata'] as Obj)['namespace'] === m?.[1] && matchesSelector((s['metadata'] as Obj)['labels'], r.query['labelSelector']));
      return [200, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSliceList', metadata: { resourceVersion: String(this.rv) }, items }];
    }
    return [404, undefined];
  }

  private listPipelines(query: Record<string, string>): Obj {
    const all = [...this.pipelines.values()].sort((a, b) => ((a['metadata'] as Obj)['name'] as string).localeCompare((b['metadata'] as Obj)['name'] as string));
    const start = query['continue'] === undefined ? 0 : Number(query['continue']);
    const limit = this.pageSize !== undefined && query['limit'] !== undefined ? Math.min(this.pageSize, Number(query['limit'])) : all.length;
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipelineList',
      metadata: { resourceVersion: String(this.rv), ...(more ? { continue: String(start + limit) } : {}) },
      items,
    };
  }

  private patchStatus(name: string, r: RecordedRequest, body: unknown): [number, unknown] {
    if (r.contentType !== 'application/merge-patch+json') return [415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format: ${r.contentType}`)];
    const obj = this.pipelines.get(name);
    if (obj === undefined) return [404, status(404, 'NotFound', `metricpipelines "${name}" not found`)];
    if (!isRecord(body)) return [400, status(400, 'BadRequest', 'not a JSON object')];
    const metadata = obj['metadata'] as Obj;
    const wanted = isRecord(body['metadata']) ? body['metadata']['resourceVersion'] : undefined;
    if (wanted !== undefined && wanted !== metadata['resourceVersion']) {
      return [409, status(409, 'Conflict', `Operation cannot be fulfilled on metricpipelines.telemetry.kyma-project.io "${name}": the object has been modified`)];
    }
    // The status subresource ignores everything but status.
    const merged = mergePatch(obj['status'] ?? {}, body['status']);
    const problems = statusProblems(merged);
    if (problems.length > 0) return [422, status(422, 'Invalid', problems.join('; '))];
    obj['status'] = merged;
    metadata['resourceVersion'] = this.nextResourceVersion();
    return [200, obj];
  }

  private createConfigMap(namespace: string, body: unknown): [number, unknown] {
    if (!isRecord(body) || !isRecord(body['metadata'])) return [400, status(400, 'BadRequest', 'no metadata')];
    const name = body['metadata']['name'] as string;
    const key = `${namespace}/${name}`;
    if (this.configMaps.has(key)) return [409, status(409, 'AlreadyExists', `configmaps "${name}" already exists`)];
    const cm = { ...body, metadata: { ...body['metadata'], namespace, resourceVersion: this.nextResourceVersion() } };
    this.configMaps.set(key, cm);
    return [201, cm];
  }

  private replaceConfigMap(key: string, body: unknown): [number, unknown] {
    const old = this.configMaps.get(key);
    if (old === undefined) return [404, status(404, 'NotFound', 'configmap not found')];
    if (!isRecord(body) || !isRecord(body['metadata'])) return [400, status(400, 'BadRequest', 'no metadata')];
    if (body['metadata']['resourceVersion'] !== (old['metadata'] as Obj)['resourceVersion']) return [409, status(409, 'Conflict', 'the object has been modified')];
    const cm = { ...body, metadata: { ...body['metadata'], resourceVersion: this.nextResourceVersion() } };
    this.configMaps.set(key, cm);
    return [200, cm];
  }
}
