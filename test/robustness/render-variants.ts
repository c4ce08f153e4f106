/**
 * Shared by the robustness suites: ResourceLists for the render variants (the example fixtures, and one
 * pipeline per agent-input combination), rendered through the real processor (runFunction).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse, stringify } from 'yaml';
import { REPO_ROOT, runFunction } from '../support/run-fn';

export type Obj = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

const EXAMPLE_DIR = path.join(REPO_ROOT, 'fixtures', 'example');

/** Every document of fixtures/example/*.yaml, in file order. */
export function exampleItems(): Record<string, unknown>[] {
  return readdirSync(EXAMPLE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(EXAMPLE_DIR, f), 'utf8')).map((d) => d.toJS() as unknown))
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object');
}

export function pipeline(name: string, input?: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: { ...(input === undefined ? {} : { input }), output: { otlp: { endpoint: { value: 'https://otlp.example.com:4317' } } } },
  };
}

/** The functionConfig as a plain ConfigMap (what `kpt fn eval -- key=value` produces): every value a string. */
export function configMapConfig(data: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn-config' }, data };
}

/** The typed functionConfig. */
export function typedConfig(settings: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'fn-config' }, ...settings };
}

export interface Variant {
  name: string;
  items: Record<string, unknown>[];
  functionConfig?: Record<string, unknown>;
}

export const VARIANTS: Variant[] = [
  { name: 'example (fixtures/example: OTLP + prometheus + runtime)', items: exampleItems() },
  { name: 'OTLP only', items: [pipeline('otlp')] },
  { name: 'prometheus only', items: [pipeline('prom', { otlp: { enabled: false }, prometheus: { enabled: true } })] },
  { name: 'runtime only', items: [pipeline('rt', { otlp: { enabled: false }, runtime: { enabled: true } })] },
  {
    name: 'all inputs, istio: "true"',
    items: [pipeline('all', { prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } })],
    functionConfig: configMapConfig({ istio: 'true' }),
  },
];

export function resourceListText(items: Record<string, unknown>[], functionConfig?: Record<string, unknown>): string {
  return stringify(
    { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig === undefined ? {} : { functionConfig }) },
    // YAML 1.1 as orchestrators write it: a bare `y` or `on` would otherwise reach the function as a boolean.
    { version: '1.1', aliasDuplicateObjects: false },
  );
}

/** Renders through the real processor; throws (with the function's results) unless it succeeded. */
export function render(items: Record<string, unknown>[], functionConfig?: Record<string, unknown>): Obj[] {
  const r = runFunction(resourceListText(items, functionConfig));
  if (r.code !== 0) throw new Error(`function exited ${r.code}:\n${r.stderr}\n${r.stdout.slice(0, 4000)}`);
  const rl = parse(r.stdout) as { items: Obj[] };
  return rl.items;
}

export const isGenerated = (o: Obj): boolean => (o.metadata as { labels?: Record<string, string> }).labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn';
