/**
 * The Service through which Prometheus-style scrapers (and the status job) reach a collector's own
 * metrics: the same shape for the gateway and the agent, selected by component.
 */
import { LABEL_VALUE, LABELS, PORT_NAMES, PORTS, PROMETHEUS_ANNOTATIONS } from '../constants';
import type { ObjectMeta, Service } from './types';

export const METRICS_SERVICE_LABELS = { [LABELS.selfMonitor]: LABEL_VALUE.selfMonitorEnabled };

export const METRICS_SERVICE_ANNOTATIONS = {
  [PROMETHEUS_ANNOTATIONS.scrape]: LABEL_VALUE.true,
  [PROMETHEUS_ANNOTATIONS.port]: String(PORTS.metrics),
  [PROMETHEUS_ANNOTATIONS.scheme]: 'http',
};

export function metricsService(metadata: ObjectMeta, selector: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: PORT_NAMES.metrics, protocol: 'TCP', port: PORTS.metrics, targetPort: PORTS.metrics }],
    },
  };
}
