/**
 * Processors only the agent runs: shared clean-up of what its receivers produce, before any pipeline-specific
 * filtering (which happens in the gateway).
 */
import { INTERNAL_ATTRIBUTES } from '../../constants';
import { filterProcessor, transformProcessor } from '../components';
import { ottlString, resourceAttribute } from '../ottl-expr';
import type { ProcessorComponent } from '../types';

/**
 * Only volumes backed by a PersistentVolumeClaim say something about storage; the others mirror pod
 * configuration or scratch space, and every pod has several. Kyma lists the types to drop (configMap,
 * downwardAPI, emptyDir, secret), which lets the projected service-account volume of every pod through: the
 * kubeletstats receiver gives projected volumes no k8s.volume.type (seen with the real receiver,
 * test/flow/agent-runtime.test.ts). The claim name is what the receiver sets exactly for PVC-backed ones.
 */
export function dropNonPvcVolumeMetrics(): ProcessorComponent {
  const volume = resourceAttribute('k8s.volume.name');
  // Resource context: a volume's metrics are one resource (k8s.volume.*), dropped as a whole.
  return filterProcessor('filter/drop-non-pvc-volumes-metrics', {
    resource: [`${volume} != nil and ${resourceAttribute('k8s.persistentvolumeclaim.name')} == nil`],
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
