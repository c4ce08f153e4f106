/**
 * The components the function renders from the validated pipelines, in output order. Each one is a pure
 * function of the same context and returns its objects (none when it is not needed), so adding a
 * component never touches another.
 */
import type { Settings } from '../api/function-config';
import type { MetricPipeline } from '../api/model';
import type { SecretIndex } from '../plan/secret-index';
import type { PipelineOutcome } from '../plan/types';
import { renderAgent } from './agent-component';
import { renderGateway } from './gateway-component';
import { renderStatusJob } from './status-component';

export interface RenderContext {
  settings: Settings;
  /** Pipelines that passed validation, sorted by name; never empty. */
  pipelines: MetricPipeline[];
  secrets: SecretIndex;
  /** Outcome of every MetricPipeline in the input, rendered or left out, by name. */
  outcomes: Record<string, PipelineOutcome>;
}

export type Component = (ctx: RenderContext) => object[];

export const COMPONENTS: readonly Component[] = [renderGateway, renderAgent, renderStatusJob];

export function renderComponents(ctx: RenderContext): object[] {
  return COMPONENTS.flatMap((component) => component(ctx));
}
