/**
 * Inputs and the per-pipeline filters that keep each MetricPipeline to the inputs and namespaces it asked
 * for. Data is marked with the internal resource attribute `kyma.input.name` where it enters; every
 * output pipeline receives all data and drops what is not its own, then removes the marker
 * (transform/drop-kyma-attributes) before export.
 */
import { INTERNAL_ATTRIBUTES } from '../constants';
import { PULL_INPUTS } from '../contract/pull-inputs';
import type { MetricPipeline, NamespaceSelector } from '../api/model';
import type { AgentInputs } from '../plan/types';
import { filterProcessor, transformProcessor } from './components';
import { equalsAny, ottlString, resourceAttribute } from './ottl-expr';
import type { ProcessorComponent } from './types';

export type InputName = 'otlp' | 'prometheus' | 'istio' | 'runtime';
/** The inputs the metric agent collects and marks before it pushes to the gateway: the pull inputs. */
export const AGENT_INPUTS = PULL_INPUTS satisfies readonly InputName[];

const INPUT_NAME = resourceAttribute(INTERNAL_ATTRIBUTES.inputName);
const NAMESPACE = resourceAttribute('k8s.namespace.name');

export function isInput(input: InputName): string {
  return `${INPUT_NAME} == ${ottlString(input)}`;
}

export interface InputNameOptions {
  /**
   * Markers an earlier collector set and this one keeps. The gateway's OTLP receiver also receives what the
   * metric agent pushes, already marked prometheus/istio/runtime; overwriting that with "otlp" would apply
   * the OTLP input's settings to scraped data. Any other marker (e.g. one an application set itself) is
   * overwritten, so OTLP data can never pass as another input.
   */
  keep: readonly InputName[];
}

/** `transform/set-kyma-input-name-<input>`: marks data entering through that input. */
export function setKymaInputName(input: InputName, options: InputNameOptions): ProcessorComponent {
  const keep = options.keep.length > 0 ? ` where not(${equalsAny(INPUT_NAME, options.keep)})` : '';
  return transformProcessor(`transform/set-kyma-input-name-${input}`, [{ statements: [`set(${INPUT_NAME}, ${ottlString(input)})${keep}`] }]);
}

/** `filter/drop-if-input-source-<input>`: for pipelines that did not enable the input. Shared by id. */
export function dropIfInputSource(input: InputName): ProcessorComponent {
  return filterProcessor(`filter/drop-if-input-source-${input}`, { resource: [isInput(input)] });
}

/**
 * `filter/<pipeline>-filter-by-namespace-<input>-input`, or nothing when the selector is empty. Scoped to
 * the input so that one input's selector never drops another input's data. With `include`, data without a
 * namespace (e.g. node metrics) is kept, as in Kyma.
 */
export function namespaceFilter(
  pipelineName: string,
  input: InputName,
  selector: NamespaceSelector,
): ProcessorComponent | undefined {
  const conditions: string[] = [];
  if (selector.exclude !== undefined && selector.exclude.length > 0) {
    conditions.push(`${isInput(input)} and (${equalsAny(NAMESPACE, selector.exclude)})`);
  }
  if (selector.include !== undefined && selector.include.length > 0) {
    conditions.push(`${isInput(input)} and ${NAMESPACE} != nil and not(${equalsAny(NAMESPACE, selector.include)})`);
  }
  if (conditions.length === 0) return undefined;
  // Resource context: the marker and the namespace are resource attributes.
  return filterProcessor(`filter/${pipelineName}-filter-by-namespace-${input}-input`, { resource: conditions });
}

/** What an input filter may depend on besides its own pipeline. */
export interface InputFilterContext {
  /** What the metric agent collects for all pipelines; absent when there is no agent. */
  agent?: AgentInputs;
}

/** The processors one input contributes to one output pipeline, in pipeline order. */
export type InputFilterBuilder = (pipeline: MetricPipeline, context: InputFilterContext) => ProcessorComponent[];

export const otlpInputFilters: InputFilterBuilder = (pipeline) => {
  const otlp = pipeline.input.otlp;
  if (!otlp.enabled) return [dropIfInputSource('otlp')];
  const byNamespace = namespaceFilter(pipeline.name, 'otlp', otlp.namespaces);
  return byNamespace ? [byNamespace] : [];
};
