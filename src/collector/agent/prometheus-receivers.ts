/**
 * The agent's prometheus receivers (Kyma's jobs): every agent scrapes only targets on its own node, found
 * through node-local service discovery, so the DaemonSet splits the work by node without coordination.
 *
 * - `prometheus/app-pods`     Pods annotated `prometheus.io/scrape: "true"`, over http.
 * - `prometheus/app-services` Services annotated the same way, at their endpoints on this node; the Service may
 *                             also set `prometheus.io/scheme`. With Istio support a second job scrapes the https
 *                             endpoints with the certificates the agent's sidecar shares.
 * - `prometheus/istio`        The Envoy sidecars' own metrics (istio_*, and envoy_* when a pipeline wants them).
 *
 * Pods with an Istio sidecar are marked https (their port only speaks mTLS); without the certificates such a
 * target cannot be scraped, so the http jobs drop it. Annotating the workload's Service instead lets the
 * secure job reach it.
 */
import { ENV, ISTIO, SCRAPE_LIMITS } from '../../constants';
import { envRef } from '../../plan/env-vars';
import type { KubernetesSdConfig, ReceiverComponent, RelabelConfig, ScrapeConfig } from '../types';

const NODE = envRef(ENV.nodeName);

/** A Prometheus meta label of an annotation (`prometheus.io/scrape` -> `..._prometheus_io_scrape`). */
const podAnnotation = (name: string) => `__meta_kubernetes_pod_annotation_prometheus_io_${name}`;
const serviceAnnotation = (name: string) => `__meta_kubernetes_service_annotation_prometheus_io_${name}`;
/** Prometheus sanitizes label names: every character outside [a-zA-Z0-9_] becomes `_`. */
const podLabel = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** Only this node's pods; the field selector keeps the API server from sending the others at all. */
function nodeLocal(role: KubernetesSdConfig['role']): KubernetesSdConfig[] {
  return [{ role, selectors: [{ role: 'pod', field: `spec.nodeName=${NODE}` }] }];
}

const keepThisNode = (nodeLabel: string): RelabelConfig => ({ source_labels: [nodeLabel], regex: NODE, action: 'keep' });
const keepAnnotated = (annotationLabel: string): RelabelConfig => ({ source_labels: [annotationLabel], regex: 'true', action: 'keep' });
/** Only running pods: a pending or finished pod has nothing to scrape. */
const dropNotRunning = (): RelabelConfig => ({
  source_labels: ['__meta_kubernetes_pod_phase'],
  regex: 'Pending|Succeeded|Failed',
  action: 'drop',
});
const dropInitContainers = (): RelabelConfig => ({ source_labels: ['__meta_kubernetes_pod_container_init'], regex: '(true)', action: 'drop' });
/** A pod with an Istio sidecar only answers mTLS: mark it https. */
const httpsIfSidecar = (): RelabelConfig => ({
  source_labels: [podLabel(ISTIO.tlsModeLabel)],
  regex: '(istio)',
  target_label: '__scheme__',
  replacement: 'https',
  action: 'replace',
});
const dropScheme = (scheme: 'http' | 'https'): RelabelConfig => ({ source_labels: ['__scheme__'], regex: `(${scheme})`, action: 'drop' });
const pathFrom = (annotationLabel: string): RelabelConfig => ({
  source_labels: [annotationLabel],
  regex: '(.+)',
  target_label: '__metrics_path__',
  action: 'replace',
});
/** The annotated port replaces the discovered one; `$$` because the collector expands `$` in its config. */
const portFrom = (annotationLabel: string): RelabelConfig => ({
  source_labels: ['__address__', annotationLabel],
  regex: '([^:]+)(?::\\d+)?;(\\d+)',
  target_label: '__address__',
  replacement: '$$1:$$2',
  action: 'replace',
});
/** `prometheus.io/param_<name>: value` becomes the URL parameter `<name>=value`. */
const paramsFrom = (annotationPrefix: string): RelabelConfig => ({
  regex: `${annotationPrefix}(.+)`,
  replacement: '__param_$$1',
  action: 'labelmap',
});

function scrapeJob(jobName: string, interval: string, rest: Omit<ScrapeConfig, 'job_name' | 'sample_limit' | 'body_size_limit' | 'scrape_interval'>): ScrapeConfig {
  return {
    job_name: jobName,
    sample_limit: SCRAPE_LIMITS.sampleLimit,
    body_size_limit: SCRAPE_LIMITS.bodySizeLimit,
    scrape_interval: interval,
    ...rest,
  };
}

export function appPodsReceiver(interval: string): ReceiverComponent {
  const job = scrapeJob('app-pods', interval, {
    relabel_configs: [
      keepThisNode('__meta_kubernetes_pod_node_name'),
      keepAnnotated(podAnnotation('scrape')),
      dropNotRunning(),
      dropInitContainers(),
      httpsIfSidecar(),
      dropScheme('https'),
      pathFrom(podAnnotation('path')),
      portFrom(podAnnotation('port')),
      paramsFrom(podAnnotation('param_')),
    ],
    kubernetes_sd_configs: nodeLocal('pod'),
  });
  return { kind: 'receiver', id: 'prometheus/app-pods', config: { config: { scrape_configs: [job] } } };
}

/** The endpoints job, for `scheme` http (the plain job) or https (the secure job, Istio only). */
function serviceJob(jobName: string, interval: string, scheme: 'http' | 'https'): ScrapeConfig {
  const job = scrapeJob(jobName, interval, {
    relabel_configs: [
      keepThisNode('__meta_kubernetes_endpoint_node_name'),
      keepAnnotated(serviceAnnotation('scrape')),
      dropNotRunning(),
      dropInitContainers(),
      // The sidecar itself is scraped by the istio input.
      { source_labels: ['__meta_kubernetes_pod_container_name'], regex: `(${ISTIO.proxyContainer})`, action: 'drop' },
      httpsIfSidecar(),
      // The Service's explicit scheme wins, e.g. http for a PERMISSIVE workload.
      { source_labels: [serviceAnnotation('scheme')], regex: '(https?)', target_label: '__scheme__', action: 'replace' },
      paramsFrom(serviceAnnotation('param_')),
      dropScheme(scheme === 'http' ? 'https' : 'http'),
      pathFrom(serviceAnnotation('path')),
      portFrom(serviceAnnotation('port')),
      { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service', action: 'replace' },
    ],
    kubernetes_sd_configs: nodeLocal('endpoints'),
  });
  if (scheme === 'https') {
    // Istio's workload certificates are issued for the mesh's SPIFFE identities, not for pod addresses, so
    // the name check cannot pass; the CA check still binds the target to the mesh.
    job.tls_config = {
      ca_file: `${ISTIO.certPath}/root-cert.pem`,
      cert_file: `${ISTIO.certPath}/cert-chain.pem`,
      key_file: `${ISTIO.certPath}/key.pem`,
      insecure_skip_verify: true,
    };
  }
  return job;
}

export function appServicesReceiver(interval: string, istio: boolean): ReceiverComponent {
  const jobs = [serviceJob('app-services', interval, 'http')];
  if (istio) jobs.push(serviceJob('app-services-secure', interval, 'https'));
  return { kind: 'receiver', id: 'prometheus/app-services', config: { config: { scrape_configs: jobs } } };
}

/** Envoy's own metrics at the sidecar's Prometheus port; `envoy` keeps envoy_* besides istio_*. */
export function istioReceiver(interval: string, envoy: boolean): ReceiverComponent {
  const job = scrapeJob('istio-proxy', interval, {
    metrics_path: ISTIO.envoyMetricsPath,
    relabel_configs: [
      keepThisNode('__meta_kubernetes_pod_node_name'),
      { source_labels: ['__meta_kubernetes_pod_container_name'], regex: ISTIO.proxyContainer, action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: ISTIO.envoyPromPortName, action: 'keep' },
      dropNotRunning(),
    ],
    // Dropped at scrape time: Envoy exposes thousands of series per sidecar.
    metric_relabel_configs: [{ source_labels: ['__name__'], regex: envoy ? 'envoy_.*|istio_.*' : 'istio_.*', action: 'keep' }],
    kubernetes_sd_configs: nodeLocal('pod'),
  });
  return { kind: 'receiver', id: 'prometheus/istio', config: { config: { scrape_configs: [job] } } };
}
