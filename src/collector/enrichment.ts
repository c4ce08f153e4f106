/**
 * Resource enrichment after k8sattributes, built from upstream OTTL only. Kyma uses its own
 * `service_enrichment` processor here, which does not exist in otelcol-k8s; `transform/set-service-name`
 * reproduces its behaviour.
 */
import { APP_NAME_ATTRIBUTES, transformProcessor } from './components';
import { isUnsetOrEmpty, ottlString, resourceAttribute } from './ottl-expr';
import type { ProcessorComponent } from './types';

/**
 * Where `service.name` comes from when the sender did not set a real one, first match wins: the pod's
 * `app.kubernetes.io/name` and `app` labels (extracted by k8sattributes), then the owning workload, then
 * the pod name.
 */
export const SERVICE_NAME_SOURCES = [
  APP_NAME_ATTRIBUTES.kubernetesIoName,
  APP_NAME_ATTRIBUTES.app,
  'k8s.deployment.name',
  'k8s.daemonset.name',
  'k8s.statefulset.name',
  'k8s.job.name',
  'k8s.pod.name',
] as const;

/**
 * SDKs report `unknown_service` or `unknown_service:<process>` when no service name is configured; such a
 * name, a missing one and an empty one are replaced. Statements run in order, so once a source filled the
 * name the later statements no longer match. Empty sources are skipped so that they never replace an
 * `unknown_service:<process>` with nothing.
 */
export function setServiceName(): ProcessorComponent {
  const serviceName = resourceAttribute('service.name');
  const needsName = `(${isUnsetOrEmpty(serviceName)} or IsMatch(${serviceName}, ${ottlString('^unknown_service')}))`;
  const statements = SERVICE_NAME_SOURCES.map((key) => {
    const source = resourceAttribute(key);
    return `set(${serviceName}, ${source}) where ${needsName} and ${source} != nil and ${source} != ""`;
  });
  return transformProcessor('transform/set-service-name', [{ statements }]);
}

/** Sets `k8s.cluster.name` unless the sender set one; only rendered when the cluster name is configured. */
export function insertClusterAttributes(clusterName: string): ProcessorComponent {
  const attribute = resourceAttribute('k8s.cluster.name');
  // Only quoted here: transformProcessor escapes `$` in the whole statement.
  return transformProcessor('transform/insert-cluster-attributes', [
    { statements: [`set(${attribute}, ${ottlString(clusterName)}) where ${isUnsetOrEmpty(attribute)}`] },
  ]);
}
