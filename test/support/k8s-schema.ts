/**
 * Validates emitted objects against the Kubernetes OpenAPI schema as compiled into kubernetes-models
 * (devDependency; never loaded by the function itself), plus the checks the schema cannot express.
 *
 * kubernetes-models ships its schemas only as compiled ajv validators, not as JSON, and those accept unknown
 * keys. So the strict unknown-field check lets the validator walk the object and records which keys it
 * reads: a compiled validator reads every property its schema declares (`data.foo === undefined || ...`) and
 * enumerates free-form maps (labels, data); any key it never read is not in the schema, which is exactly
 * what the API server's strict field validation would reject (or silently prune).
 */
import { podSpecOf } from './pod-security';

type Obj = Record<string, unknown>;
type ValidateMethod = (this: unknown) => void;
interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `/spec/template/spec/containers/0/name` → `spec.template.spec.containers[0].name` (KRM result style). */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc === '' ? seg : `${acc}.${seg}`), '');
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The model class's validate method for an apiVersion/kind, via the package's public entry points. */
function schemaValidator(apiVersion: string, kind: string): ValidateMethod | undefined {
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod: unknown = require(`kubernetes-models/${apiVersion}/${kind}`);
    const model = isObj(mod) ? mod[kind] : undefined;
    const validate: unknown = typeof model === 'function' ? (model.prototype as Obj)['validate'] : undefined;
    return typeof validate === 'function' ? (validate as ValidateMethod) : undefined;
  } catch {
    return undefined;
  }
}

interface Visited {
  path: string;
  keys: string[];
  read: Set<string>;
}

/** A deep copy whose objects record every key read through them. */
function traced(value: unknown, path: string, visited: Visited[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => traced(v, `${path}[${i}]`, visited));
  if (!isObj(value)) return value;
  const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, traced(v, join(path, k), visited)]));
  const entry: Visited = { path, keys: Object.keys(value), read: new Set() };
  visited.push(entry);
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === 'string') entry.read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

function schemaProblems(object: Obj, validate: ValidateMethod): string[] {
  const visited: Visited[] = [];
  const proxy = traced(object, '', visited);
  const problems: string[] = [];
  try {
    validate.call(proxy);
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors ?? [];
    if (errors.length === 0) problems.push(`schema validation failed: ${String(e)}`);
    for (const err of errors) {
      const detail = err.message ?? `${err.keyword} ${JSON.stringify(err.params)}`;
      problems.push(`${fieldPath(err.instancePath) || '(root)'}: ${detail}`);
    }
  }
  const unknown = visited.flatMap(({ path, keys, read }) => keys.filter((k) => !read.has(k)).map((k) => ({ key: k, path: join(path, k) })));
  // Only the outermost unknown field: everything below it is unknown by implication.
  const inside = (p: string, outer: string) => p.startsWith(`${outer}.`) || p.startsWith(`${outer}[`);
  const outermost = unknown.filter((u) => !unknown.some((o) => inside(u.path, o.path)));
  outermost.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [...problems, ...outermost.map((u) => `${u.path}: unknown field "${u.key}"`)];
}

// ---- checks the API server makes that the OpenAPI schema does not express ----

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const CLUSTER_SCOPED = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PriorityClass',
  'RuntimeClass', 'StorageClass', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

function qualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name);
}

function mapProblems(map: unknown, where: string, isLabels: boolean): string[] {
  if (!isObj(map)) return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (!qualifiedKey(key)) problems.push(`${where}: invalid key "${key}"`);
    if (isLabels && typeof value === 'string' && value !== '' && (value.length > 63 || !QUALIFIED_NAME.test(value))) {
      problems.push(`${where}.${key}: invalid label value "${value}"`);
    }
  }
  return problems;
}

function metadataProblems(kind: string, metadata: unknown, where: string): string[] {
  if (!isObj(metadata)) return [`${where}: missing`];
  const problems: string[] = [];
  const { name, namespace } = metadata;
  const nameRule = kind === 'Service' ? DNS1035_LABEL : DNS1123_SUBDOMAIN;
  const maxName = kind === 'Service' ? 63 : 253;
  if (where === 'metadata' && (typeof name !== 'string' || name.length > maxName || !nameRule.test(name))) {
    problems.push(`${where}.name: "${String(name)}" is not a valid ${kind} name`);
  }
  if (namespace !== undefined && CLUSTER_SCOPED.has(kind) && where === 'metadata') {
    problems.push(`${where}.namespace: ${kind} is cluster-scoped and must not have a namespace`);
  }
  if (typeof namespace === 'string' && !DNS1123_LABEL.test(namespace)) problems.push(`${where}.namespace: invalid "${namespace}"`);
  problems.push(...mapProblems(metadata['labels'], `${where}.labels`, true));
  problems.push(...mapProblems(metadata['annotations'], `${where}.annotations`, false));
  return problems;
}

function portNameProblems(ports: unknown, where: string, isContainer: boolean): string[] {
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((port: unknown, i) => {
    const name = isObj(port) ? port['name'] : undefined;
    if (name === undefined) return [];
    const ok = typeof name === 'string' && (isContainer
      ? name.length <= 15 && IANA_SVC_NAME.test(name) && /[a-z]/.test(name) && !name.includes('--')
      : name.length <= 63 && DNS1123_LABEL.test(name));
    return ok ? [] : [`${where}[${i}].name: "${String(name)}" is not a valid port name`];
  });
}

function workloadProblems(object: Obj): string[] {
  const problems: string[] = [];
  const pod = podSpecOf(object);
  const template = isObj(object['spec']) ? object['spec']['template'] : undefined;
  if (isObj(template)) problems.push(...metadataProblems('Pod', template['metadata'], 'spec.template.metadata'));
  if (pod !== undefined && object['kind'] !== 'Pod') {
    const containers = Array.isArray(pod['containers']) ? (pod['containers'] as unknown[]) : [];
    containers.forEach((c, i) => problems.push(...portNameProblems(isObj(c) ? c['ports'] : undefined, `containers[${i}].ports`, true)));
    const selector = isObj(object['spec']) ? object['spec']['selector'] : undefined;
    const matchLabels = isObj(selector) ? selector['matchLabels'] : undefined;
    const labels = isObj(template) && isObj(template['metadata']) ? template['metadata']['labels'] : undefined;
    if (isObj(matchLabels)) {
      for (const [k, v] of Object.entries(matchLabels)) {
        if (!isObj(labels) || labels[k] !== v) problems.push(`spec.selector.matchLabels.${k}: does not match the pod template labels`);
      }
    }
  }
  if (object['kind'] === 'Service' && isObj(object['spec'])) problems.push(...portNameProblems(object['spec']['ports'], 'spec.ports', false));
  return problems;
}

/**
 * Every problem with one emitted object, as `field.path: message`; empty when the API server would accept
 * it under strict field validation. Unknown apiVersion/kind (no model in kubernetes-models) is a problem too.
 */
export function validateKubeObject(object: unknown): string[] {
  if (!isObj(object)) return ['(root): must be an object'];
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['(root): apiVersion and kind must be strings'];
  const validate = schemaValidator(apiVersion, kind);
  if (validate === undefined) return [`(root): no Kubernetes schema for ${kind} ${apiVersion}`];
  return [...schemaProblems(object, validate), ...metadataProblems(kind, object['metadata'], 'metadata'), ...workloadProblems(object)];
}
