/**
 * The real API server as the judge of rendered objects (test/peers/apiserver.test.ts).
 *
 * A render is the items of one ResourceList the function wrote. Each item keeps its own source text, so
 * kubectl reads exactly what the function printed (with its YAML 1.1 reader: a plain `yes` would be a
 * boolean there), and its value as kubectl reads it (YAML 1.1) for the bookkeeping done here.
 *
 * Judging a batch of renders:
 *  1. real apply of what admission needs and the renders assume exists: their namespaces (labelled
 *     `pod-security.kubernetes.io/enforce: restricted`), the ServiceAccounts their pod templates name (the
 *     rendered ServiceAccount itself; `default` where none is named, as every real namespace has it),
 *     and the PriorityClasses they name;
 *  2. `kubectl apply --server-side --dry-run=server` of every item plus one Pod per pod template (PodSecurity
 *     only warns about workload controllers; on Pods it enforces). Each render is one `v1/List`, so kubectl
 *     validates it once (strict, client side) and the API server validates every object (field validation
 *     Strict, schema, CEL, admission). A warning from the API server counts as a failure too.
 *  3. only when a batch fails: each of its renders alone, and then each object of a failing render alone
 *     (a plain document: the API server's judgement without kubectl's), to say which object and why.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';

export type Obj = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export type AsyncKubectl = (args: string[], input?: string) => Promise<KubectlRun>;

/** kubectl against a kubeconfig, without blocking the event loop (so two can run at once). */
export function asyncKubectl(kubeconfig: string, cacheDir = path.join(path.dirname(kubeconfig), 'kubectl-cache')): AsyncKubectl {
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: withoutSkewNotice(stderr) }));
      child.stdin.end(input ?? '');
    });
}

/** kubectl 1.32 against a 1.37 server prints a version-skew notice on every call; it says nothing about the objects. */
function withoutSkewNotice(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.startsWith('WARNING: version difference between client'))
    .join('\n');
}

/** Lines of kubectl's stderr that carry a warning of the API server (`Warning: ...`). */
export function serverWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('Warning: '));
}

// ---- items with their source text ----

export interface Item {
  /** The item as a standalone YAML document, exactly as written (re-indented only). */
  text: string;
  /** The item as kubectl reads it (YAML 1.1). */
  object: Obj;
}

function isObj(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `text` as one document of its own: the first line starts at the node, later lines lose the node's indentation. */
function standalone(source: string, start: number, end: number): string {
  const column = start - (source.lastIndexOf('\n', start - 1) + 1);
  const [first, ...rest] = source.slice(start, end).replace(/\s+$/, '').split('\n');
  const strip = (line: string) => line.slice(Math.min(column, /^ */.exec(line)![0].length));
  return [first, ...rest.map(strip)].join('\n') + '\n';
}

/** The `items` of a ResourceList (or any YAML mapping with `items`), each with its own text. */
export function resourceListItems(text: string): Item[] {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`not YAML: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error('not a mapping');
  const itemsNode = doc.contents.get('items', true) as YamlNode | undefined;
  if (itemsNode === undefined) return [];
  if (!isSeq(itemsNode)) throw new Error('items is not a sequence');
  const values = (doc.toJS() as { items: unknown[] }).items;
  return itemsNode.items.map((node, i) => {
    const range = (node as YamlNode).range;
    if (!range) throw new Error(`items[${i}] has no source range`);
    const object = values[i];
    if (!isObj(object)) throw new Error(`items[${i}] is not an object`);
    return { text: standalone(text, range[0], range[1]), object: object as Obj };
  });
}

/** Every document of a multi-document YAML stream (goldens, kustomize output), each with its own text. */
export function yamlStreamItems(text: string): Item[] {
  const docs = text.split(/^---[ \t]*$/m).filter((d) => d.trim() !== '' && !/^(\s*#.*\n?)*\s*$/.test(d));
  return docs.map((d) => {
    const body = d.replace(/^\n/, '');
    const parsed = parseDocument(body, { version: '1.1' });
    if (parsed.errors.length > 0) throw new Error(`not YAML: ${parsed.errors[0]!.message}`);
    return { text: body.endsWith('\n') ? body : `${body}\n`, object: parsed.toJS() as Obj };
  });
}

/** An object written by us (Pods, prerequisites): JSON, which every YAML reader reads alike. */
export function jsonItem(object: Obj): Item {
  return { text: `${JSON.stringify(object)}\n`, object };
}

// ---- objects ----

/** Cluster-scoped kinds among everything these tests apply. */
const CLUSTER_SCOPED = new Set(['MetricPipeline', 'ClusterRole', 'ClusterRoleBinding', 'Namespace', 'PriorityClass', 'CustomResourceDefinition']);

export function describeObject(o: Obj): string {
  return CLUSTER_SCOPED.has(o.kind) ? `${o.kind}/${o.metadata.name}` : `${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}

export function namespaceOf(o: Obj): string | undefined {
  return CLUSTER_SCOPED.has(o.kind) ? undefined : (o.metadata.namespace ?? 'default');
}

export const isGenerated = (o: Obj): boolean => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown> & { containers?: Record<string, unknown>[]; initContainers?: Record<string, unknown>[] };
}

/** The pod template of a workload (Deployment & co., Job, CronJob), or undefined for other kinds. */
export function podTemplateOf(o: Obj): PodTemplate | undefined {
  const spec = o['spec'];
  if (!isObj(spec)) return undefined;
  if (o.kind === 'CronJob') {
    const job = spec['jobTemplate'];
    const jobSpec = isObj(job) ? job['spec'] : undefined;
    const template = isObj(jobSpec) ? jobSpec['template'] : undefined;
    return isObj(template) && isObj(template['spec']) ? (template as unknown as PodTemplate) : undefined;
  }
  if (['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'ReplicationController'].includes(o.kind)) {
    const template = spec['template'];
    return isObj(template) && isObj(template['spec']) ? (template as unknown as PodTemplate) : undefined;
  }
  return undefined;
}

/** The Pod a workload's controller would create from its template, in the workload's namespace. */
export function podFromTemplate(o: Obj, template: PodTemplate): Obj {
  const metadata: Obj['metadata'] = { name: `${o.metadata.name}-${o.kind.toLowerCase()}`, namespace: o.metadata.namespace ?? 'default' };
  if (template.metadata?.labels) metadata.labels = template.metadata.labels;
  if (template.metadata?.annotations) metadata.annotations = template.metadata.annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec };
}

export function podsOf(objects: Obj[]): Obj[] {
  return objects.flatMap((o) => {
    const template = podTemplateOf(o);
    return template === undefined ? [] : [podFromTemplate(o, template)];
  });
}

// ---- judging ----

export interface Render {
  /** How the report names it: `example`, `property #17`, ... */
  id: string;
  items: Item[];
  /** What to print when it fails (e.g. the ResourceList that produced it). */
  origin?: string;
}

export interface Rejection {
  render: string;
  /** Kind/namespace/name, `(list)` when only the render as a whole failed. */
  object: string;
  message: string;
  origin?: string;
}

function asListItem(item: Item): string {
  const [first, ...rest] = item.text.replace(/\n$/, '').split('\n');
  return [`- ${first}`, ...rest.map((l) => (l === '' ? '' : `  ${l}`))].join('\n');
}

function listDocument(items: Item[]): string {
  return `apiVersion: v1\nkind: List\nitems:\n${items.map(asListItem).join('\n')}\n`;
}

export const RESTRICTED_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
} as const;

export interface JudgeStats {
  renders: number;
  objects: number;
  pods: number;
  kubectlCalls: number;
}

/** At most `limit` callers at a time. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the releasing caller hands its slot over
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export class ApiServerJudge {
  /** Prerequisites applied (or being applied), by Kind/namespace/name. */
  private readonly created = new Map<string, Promise<void>>();
  private readonly slots: Semaphore;
  readonly stats: JudgeStats = { renders: 0, objects: 0, pods: 0, kubectlCalls: 0 };

  /** `parallel`: kubectl processes at a time, over all calls of this judge (the machine has two cores). */
  constructor(
    private readonly kubectl: AsyncKubectl,
    parallel = 2,
  ) {
    this.slots = new Semaphore(parallel);
  }

  private async run(args: string[], input?: string): Promise<KubectlRun> {
    return this.slots.use(() => {
      this.stats.kubectlCalls++;
      return this.kubectl(args, input);
    });
  }

  /** Real apply, once per object; throws on any failure (these are our own prerequisites). */
  async applyForReal(objects: Obj[]): Promise<void> {
    const fresh = objects.filter((o) => !this.created.has(describeObject(o)));
    if (fresh.length > 0) {
      const applied = this.run(['apply', '--server-side', '-f', '-'], listDocument(fresh.map(jsonItem))).then((r) => {
        if (r.code !== 0) throw new Error(`applying prerequisites failed:\n${r.stderr}`);
      });
      for (const o of fresh) this.created.set(describeObject(o), applied);
    }
    await Promise.all(objects.map((o) => this.created.get(describeObject(o))));
  }

  /** Namespaces (restricted), ServiceAccounts and PriorityClasses the renders need. */
  async prepare(renders: Render[]): Promise<void> {
    const namespaces = new Set<string>();
    const accounts = new Map<string, Obj>();
    const priorityClasses = new Set<string>();
    for (const render of renders) {
      const objects = render.items.map((i) => i.object);
      for (const o of [...objects, ...podsOf(objects)]) {
        const ns = namespaceOf(o);
        if (ns !== undefined) namespaces.add(ns);
      }
      for (const pod of podsOf(objects)) {
        const spec = pod['spec'] as { serviceAccountName?: string; priorityClassName?: string };
        const ns = pod.metadata.namespace!;
        const name = spec.serviceAccountName ?? 'default';
        const rendered = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === name && (o.metadata.namespace ?? 'default') === ns);
        if (rendered) accounts.set(`${ns}/${name}`, rendered);
        else if (name === 'default') accounts.set(`${ns}/${name}`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
        // A named ServiceAccount the render does not create is left missing: the Pod is then rejected, as it should be.
        if (spec.priorityClassName !== undefined) priorityClasses.add(spec.priorityClassName);
      }
    }
    await this.applyForReal([
      ...[...namespaces].sort().map((name): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...RESTRICTED_LABELS } } })),
      ...accounts.values(),
      ...[...priorityClasses].sort().map((name): Obj => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000 } as Obj)),
    ]);
  }

  private async dryRun(document: string): Promise<{ ok: boolean; stderr: string }> {
    const r = await this.run(['apply', '--server-side', '--dry-run=server', '-o', 'name', '-f', '-'], document);
    return { ok: r.code === 0 && serverWarnings(r.stderr).length === 0, stderr: r.stderr.trim() };
  }

  private renderDocument(render: Render): string {
    const pods = podsOf(render.items.map((i) => i.object)).map(jsonItem);
    return listDocument([...render.items, ...pods]);
  }

  /** Each object of a render alone, as a plain document (no List: kubectl leaves the judgement to the API server). */
  private async attribute(render: Render, listMessage: string): Promise<Rejection[]> {
    const all = [...render.items, ...podsOf(render.items.map((i) => i.object)).map(jsonItem)];
    const verdicts = await Promise.all(all.map(async (item) => ({ item, r: await this.dryRun(item.text) })));
    const rejected = verdicts
      .filter((v) => !v.r.ok)
      .map((v): Rejection => ({ render: render.id, object: describeObject(v.item.object), message: v.r.stderr, ...(render.origin ? { origin: render.origin } : {}) }));
    return rejected.length > 0 ? rejected : [{ render: render.id, object: '(list)', message: listMessage, ...(render.origin ? { origin: render.origin } : {}) }];
  }

  /** Every rejection (or server warning) of every object of every render; empty when all are accepted. */
  async judge(renders: Render[], options: { batchSize?: number; detailFor?: number } = {}): Promise<Rejection[]> {
    const { batchSize = 20, detailFor = 5 } = options;
    await this.prepare(renders);
    for (const render of renders) {
      this.stats.renders++;
      this.stats.objects += render.items.length;
      this.stats.pods += podsOf(render.items.map((i) => i.object)).length;
    }
    const batches: Render[][] = [];
    for (let i = 0; i < renders.length; i += batchSize) batches.push(renders.slice(i, i + batchSize));
    let detailed = 0;
    const perBatch = await Promise.all(batches.map(async (batch) => {
      const whole = await this.dryRun(batch.map((r) => this.renderDocument(r)).join('---\n'));
      if (whole.ok) return [];
      const perRender = batch.length === 1 ? [{ render: batch[0]!, r: whole }] : await Promise.all(batch.map(async (render) => ({ render, r: await this.dryRun(this.renderDocument(render)) })));
      const failing = perRender.filter((x) => !x.r.ok);
      if (failing.length === 0) return [{ render: batch.map((r) => r.id).join(', '), object: '(batch)', message: whole.stderr }];
      const out: Rejection[] = [];
      for (const { render, r } of failing) {
        if (detailed++ < detailFor) out.push(...(await this.attribute(render, r.stderr)));
        else out.push({ render: render.id, object: '(render; not attributed further)', message: r.stderr });
      }
      return out;
    }));
    return perBatch.flat();
  }
}

export function formatRejections(rejections: Rejection[], limit = 20): string {
  const shown = rejections.slice(0, limit).map((r) => {
    const origin = r.origin ? `\n    from:\n${r.origin.replace(/^/gm, '      ')}` : '';
    return `  ${r.render}: ${r.object}\n    ${r.message.replace(/\n/g, '\n    ')}${origin}`;
  });
  const more = rejections.length > limit ? `\n  ... and ${rejections.length - limit} more` : '';
  return `${rejections.length} object(s) not accepted by the API server:\n${shown.join('\n')}${more}`;
}
