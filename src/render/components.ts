/**
 * The components the function renders from the plan, in output order. Each one is a pure function of the
 * same plan and returns its objects (none when it is not needed), so adding a component never touches
 * another.
 */
import type { Plan } from '../plan/types';
import { renderAgent } from './agent-component';
import { renderGateway } from './gateway-component';
import { renderStatusJob } from './status-component';

export type Component = (plan: Plan) => object[];

export const COMPONENTS: readonly Component[] = [renderGateway, renderAgent, renderStatusJob];

export function renderComponents(plan: Plan): object[] {
  return COMPONENTS.flatMap((component) => component(plan));
}
