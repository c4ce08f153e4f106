/**
 * `metricpipeline-fn check-output`: a guard for the end of a render pipeline. kustomize without
 * `--enable-exec` (and `kubectl kustomize`, which cannot run exec functions) exits 0 and prints the input
 * unchanged: MetricPipelines and Secrets, no collector. Applied by Argo CD or Flux with pruning, that
 * output deletes the collectors. The guard passes its input through byte for byte and fails when the input
 * holds MetricPipelines but nothing the function renders (the status job is rendered even when every
 * pipeline is skipped, so "nothing" means the function did not run).
 */
import { parseAllDocuments } from 'yaml';
import { FUNCTION_NAME, LABELS, METRIC_PIPELINE_KIND, TELEMETRY_GROUP } from '../constants';

export interface OutputCheck {
  ok: boolean;
  /** One line for stderr when not ok. */
  message?: string;
}

type Obj = { apiVersion?: unknown; kind?: unknown; items?: unknown; metadata?: { labels?: Record<string, unknown> } };

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Documents of a stream, with ResourceList and List items in place of the list. */
function objectsOf(text: string): { objects: Obj[] } | { problem: string } {
  const objects: Obj[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) return { problem: `the input is not YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObj(value)) return { problem: 'the input holds a document that is not a Kubernetes object' };
    if ((value.kind === 'ResourceList' || value.kind === 'List') && Array.isArray(value.items)) objects.push(...value.items.filter(isObj));
    else objects.push(value);
  }
  return { objects };
}

const isMetricPipeline = (o: Obj) =>
  o.kind === METRIC_PIPELINE_KIND && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${TELEMETRY_GROUP}/`);

export function checkOutput(text: string): OutputCheck {
  const parsed = objectsOf(text);
  if ('problem' in parsed) return { ok: false, message: parsed.problem };
  const pipelines = parsed.objects.filter(isMetricPipeline).length;
  const rendered = parsed.objects.some((o) => o.metadata?.labels?.[LABELS.managedBy] === FUNCTION_NAME);
  if (pipelines === 0 || rendered) return { ok: true };
  return {
    ok: false,
    message:
      `the output holds ${pipelines} MetricPipeline(s) but nothing ${FUNCTION_NAME} renders, so the function did not run: ` +
      'kustomize needs --enable-alpha-plugins --enable-exec (kubectl kustomize cannot run it), kpt needs it in the Kptfile pipeline; ' +
      'applied with pruning, this output would delete the collectors',
  };
}
