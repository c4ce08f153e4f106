/**
 * The placement fields of a collector or job pod (nodeSelector, tolerations, affinity, topology spread)
 * from the per-component settings. Absent settings leave the fields out, so the API server's defaults apply.
 */
import type { Toleration, TopologySpreadConstraint } from '../api/function-config';
import { GATEWAY_SPREAD, TOPOLOGY_KEYS } from '../constants';
import type { PodSpec, StringMap } from './types';

export interface Placement {
  nodeSelector?: StringMap;
  tolerations?: Toleration[];
  affinity?: Record<string, Record<string, unknown>>;
  topologySpreadConstraints?: TopologySpreadConstraint[];
}

type PlacementFields = Pick<PodSpec, 'nodeSelector' | 'tolerations' | 'affinity' | 'topologySpreadConstraints'>;

/** Spread over nodes, then zones; a cluster without zone labels counts as one zone. */
export function defaultSpread(): TopologySpreadConstraint[] {
  return [TOPOLOGY_KEYS.hostname, TOPOLOGY_KEYS.zone].map((topologyKey) => ({ ...GATEWAY_SPREAD, topologyKey }));
}

/**
 * `selector`: the component's pod labels, filled into a spread constraint without labelSelector (one
 * without would count no pods and spread nothing).
 */
export function placementFields(placement: Placement, selector: StringMap): PlacementFields {
  const spread = placement.topologySpreadConstraints?.map((c) => ({ ...c, labelSelector: c.labelSelector ?? { matchLabels: { ...selector } } }));
  return {
    ...(placement.nodeSelector !== undefined ? { nodeSelector: { ...placement.nodeSelector } } : {}),
    ...(placement.tolerations !== undefined ? { tolerations: placement.tolerations.map((t) => ({ ...t })) } : {}),
    ...(placement.affinity !== undefined ? { affinity: structuredClone(placement.affinity) } : {}),
    ...(spread !== undefined && spread.length > 0 ? { topologySpreadConstraints: spread } : {}),
  };
}
