/**
 * Sorts the input items: what passes through, what the processor reads (MetricPipelines, Secrets), and
 * what goes because this run's output replaces it. Problems only the whole list shows (an unsupported
 * pipeline version, two Secrets with one name, a foreign object with the function's label) become findings.
 */
import { isMetricPipeline } from '../api/read-pipeline';
import { isTelemetryResource } from '../api/telemetry-resource';
import { FN_CONFIG_API_VERSION, FN_CONFIG_KIND, FUNCTION_NAME, LABELS, METRIC_PIPELINE_KIND, TELEMETRY_GROUP } from '../constants';
import { error, warning, type Finding } from '../core/finding';
import { isGeneratedByFunction } from '../manifests/metadata';
import { generatedObjects, type GeneratedObjects } from './generated-objects';
import { compareItems, type Item, type ItemHeader, type ResourceList } from './resource-list';

export interface Classified {
  keep: Item[];
  pipelines: Record<string, unknown>[];
  secrets: Record<string, unknown>[];
  /** Kyma Telemetry resources (operator.kyma-project.io), whose metric settings the render reads. */
  telemetry: Record<string, unknown>[];
  findings: Finding[];
  /** The object a finding is about, as read (with its file annotations), when it is one of the input's. */
  sourceOf: (finding: Finding) => Record<string, unknown> | undefined;
}

function isUnsupportedPipelineVersion(item: Item): boolean {
  return item.header.kind === METRIC_PIPELINE_KIND && item.header.apiVersion.startsWith(`${TELEMETRY_GROUP}/`) && !isMetricPipeline(item.header);
}

function refKey(apiVersion: string, kind: string, namespace: string, name: string): string {
  return `${apiVersion}|${kind}|${namespace}|${name}`;
}

const KEPT_MESSAGE = `the object carries the ${LABELS.managedBy}: ${FUNCTION_NAME} label but is not an object the function generates, so it is kept`;

/**
 * Whether an input object is the function's own output of an earlier run, to be replaced by this run's;
 * a finding when it carries the function's label without being such an object, and is kept.
 */
function ownership(header: ItemHeader, own: () => GeneratedObjects | undefined): 'replace' | 'keep' | Finding {
  if (!isGeneratedByFunction(header.labels)) return 'keep';
  const known = own();
  // Without settings (the functionConfig is refused) nothing can be told apart; the run fails anyway.
  if (known === undefined) return 'keep';
  if (known.includes(header)) return 'replace';
  const { apiVersion, kind, name, namespace } = header;
  return warning('InputInvalid', KEPT_MESSAGE, { apiVersion, kind, name, ...(namespace ? { namespace } : {}) }, 'metadata.labels');
}

/** `items[3] (secrets.yaml, index 1)`: the position in the input, and the file an orchestrator read it from. */
function placeOf(position: number, header: ItemHeader): string {
  if (header.path === '') return `items[${position}]`;
  return `items[${position}] (${header.path}${header.index ? `, index ${header.index}` : ''})`;
}

function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/** Only for the file a result points at: an item yaml refuses to convert (too many aliases) points at none. */
function sourceOfItem(item: Item): Record<string, unknown> | undefined {
  try {
    return item.toJs();
  } catch (e) {
    if (e instanceof ReferenceError) return undefined;
    throw e;
  }
}

/**
 * A Kptfile mutator without `configPath` runs the function with no functionConfig while the package's
 * fn-config.yaml sits among the items: the run then uses defaults the user did not choose. Warn, naming it.
 */
function unusedConfigs(list: ResourceList): Finding[] {
  if (list.functionConfig !== undefined && list.functionConfig !== null) return [];
  return list.items
    .filter((item) => item.header.apiVersion === FN_CONFIG_API_VERSION && item.header.kind === FN_CONFIG_KIND)
    .map((item) => {
      const { apiVersion, kind, name } = item.header;
      const file = item.header.path === '' ? '' : ` (${item.header.path})`;
      const message = `${kind} ${name}${file} is in the input but the function got no functionConfig, so it renders with the defaults; in a Kptfile, set \`configPath: ${item.header.path || '<file>'}\` on the function`;
      return warning('FunctionConfigInvalid', message, { apiVersion, kind, name });
    });
}

export function classify(list: ResourceList): Classified {
  const keep: Item[] = [];
  const pipelines: Record<string, unknown>[] = [];
  const secrets: Record<string, unknown>[] = [];
  const telemetry: Record<string, unknown>[] = [];
  const findings: Finding[] = [];
  const byRef = new Map<string, Record<string, unknown>>();
  const byFinding = new Map<Finding, Record<string, unknown>>();
  const own = lazy(() => generatedObjects(list.functionConfig));
  const firstSecret = new Map<string, number>();
  const labelled: { item: Item; finding: Finding }[] = [];

  list.items.forEach((item, position) => {
    const { apiVersion, kind, name, namespace } = item.header;
    const owner = ownership(item.header, own);
    if (owner === 'replace') return; // this run's output takes its place, so re-runs never duplicate
    if (owner !== 'keep') labelled.push({ item, finding: owner });
    keep.push(item);
    if (isMetricPipeline(item.header)) {
      const obj = item.toJs();
      pipelines.push(obj);
      byRef.set(refKey(apiVersion, kind, '', name), obj);
    } else if (apiVersion === 'v1' && kind === 'Secret') {
      const obj = item.toJs();
      // A Secret without a namespace lands in `default` when applied.
      const ns = namespace || 'default';
      const earlier = firstSecret.get(`${ns}/${name}`);
      if (earlier !== undefined) {
        // Refused like duplicate MetricPipelines: otherwise input order would pick the credentials sent.
        const where = `in ${placeOf(earlier, list.items[earlier]!.header)} and ${placeOf(position, item.header)}`;
        const message = `Duplicate Secret name: Secret ${ns}/${name} is defined twice, ${where}; only one object per namespace and name can exist`;
        const f = error('InputInvalid', message, { apiVersion, kind, name, namespace: ns }, 'metadata.name');
        findings.push(f);
        byFinding.set(f, obj);
        return;
      }
      firstSecret.set(`${ns}/${name}`, position);
      secrets.push(obj);
      byRef.set(refKey(apiVersion, kind, ns, name), obj);
    } else if (isTelemetryResource(item.header)) {
      const obj = item.toJs();
      telemetry.push(obj);
      byRef.set(refKey(apiVersion, kind, namespace, name), obj);
    } else if (isUnsupportedPipelineVersion(item)) {
      findings.push(
        error('InputInvalid', `${apiVersion} is not a supported MetricPipeline version (use v1beta1 or v1alpha1)`, { apiVersion, kind, name }, 'apiVersion'),
      );
    }
  });
  findings.push(...unusedConfigs(list));
  // In output order, so that permuted input gives the same results.
  for (const { item, finding } of labelled.sort((a, b) => compareItems(a.item, b.item))) {
    findings.push(finding);
    const source = sourceOfItem(item);
    if (source) byFinding.set(finding, source);
  }
  const sourceOf = (f: Finding) =>
    byFinding.get(f) ?? (f.ref ? byRef.get(refKey(f.ref.apiVersion, f.ref.kind, f.ref.namespace ?? '', f.ref.name)) : undefined);
  return { keep, pipelines, secrets, telemetry, findings, sourceOf };
}
