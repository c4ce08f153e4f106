/**
 * Processors only the agent runs: shared clean-up of what its receivers produce, before any pipeline-specific
 * filtering (which happens in the gateway).
 */
import { INTERNAL_ATTRIBUTES } from '../../constants';
import { filterProcessor, transformProcessor } from '../components';
import { equalsAny, ottlString, resourceAttribute } from '../ottl-expr';
import type { ProcessorComponent } from '../types';

/**
 * Kyma's list: volumes that only mirror pod configuration or scratch space. Their usage says nothing about
 * storage, and every pod has several of them.
 */
export const NON_PVC_VOLUME_TYPES = ['configMap', 'downwardAPI', 'emptyDir', 'secret'] as const;

export function dropNonPvcVolumeMetrics(): ProcessorComponent {
  const volume = resourceAttribute('k8s.volume.name');
  // Resource context: a volume's metrics are one resource (k8s.volume.*), dropped as a whole.
  return filterProcessor('filter/drop-non-pvc-volumes-metrics', {
    resource: [`${volume} != nil and (${equalsAny(resourceAttribute('k8s.volume.type'), NON_PVC_VOLUME_TYPES)})`],
  });
}

/**
 * kubeletstats reports every interface of the node (collect_all_network_interfaces); only the physical ones
 * (eth*, en*) are kept, the per-pod veth and bridge interfaces would multiply the series. Data-point level.
 */
export function dropVirtualNetworkInterfaces(): ProcessorComponent {
  return filterProcessor('filter/drop-virtual-network-interfaces', {
    datapoint: ['IsMatch(metric.name, "^k8s.node.network.*") and not(IsMatch(datapoint.attributes["interface"], "^(eth|en).*"))'],
  });
}

/**
 * The prometheus receiver sets service.name to the scrape job's name (app-pods, ...), which would stop the
 * enrichment from deriving a real one; the other receivers set none. Removed for all pulled data.
 */
export function dropServiceName(): ProcessorComponent {
  return transformProcessor('transform/drop-service-name', [{ statements: ['delete_key(resource.attributes, "service.name")'] }]);
}

/** Node and workload metrics describe no pod, so they bypass the pod enrichment (Kyma's skip_enrichment). */
export const SKIP_ENRICHMENT_PREFIXES = ['node', 'statefulset', 'daemonset', 'deployment', 'job'] as const;

export function insertSkipEnrichment(): ProcessorComponent {
  return transformProcessor('transform/insert-skip-enrichment-attribute', [
    {
      statements: [`set(${resourceAttribute(INTERNAL_ATTRIBUTES.skipEnrichment)}, "true")`],
      conditions: SKIP_ENRICHMENT_PREFIXES.map((r) => `IsMatch(metric.name, ${ottlString(`^k8s[.]${r}[.]`)})`),
    },
  ]);
}
