/**
 * The OTLP Service applications push to (Kyma's legacy name `telemetry-otlp-metrics`, so existing SDK
 * endpoints keep working) and the metrics Service the self-monitor / Prometheus scrapes.
 */
import { GATEWAY, LABEL_VALUE, LABELS, PORT_NAMES, PORTS, PROMETHEUS_ANNOTATIONS } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import type { Service } from '../types';
import { gatewayMeta, gatewaySelector } from './labels';

/** appProtocol lets service meshes and gateways pick HTTP/2 for gRPC without guessing from the port name. */
export function gatewayOtlpService(plan: GatewayPlan): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: gatewayMeta(plan.settings, GATEWAY.otlpServiceName),
    spec: {
      type: 'ClusterIP',
      selector: gatewaySelector(),
      ports: [
        { name: PORT_NAMES.otlpGrpc, protocol: 'TCP', appProtocol: 'grpc', port: PORTS.otlpGrpc, targetPort: PORTS.otlpGrpc },
        { name: PORT_NAMES.otlpHttp, protocol: 'TCP', appProtocol: 'http', port: PORTS.otlpHttp, targetPort: PORTS.otlpHttp },
      ],
    },
  };
}

export function gatewayMetricsService(plan: GatewayPlan): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: gatewayMeta(
      plan.settings,
      GATEWAY.metricsServiceName,
      { [LABELS.selfMonitor]: LABEL_VALUE.selfMonitorEnabled },
      {
        [PROMETHEUS_ANNOTATIONS.scrape]: LABEL_VALUE.true,
        [PROMETHEUS_ANNOTATIONS.port]: String(PORTS.metrics),
        [PROMETHEUS_ANNOTATIONS.scheme]: 'http',
      },
    ),
    spec: {
      type: 'ClusterIP',
      selector: gatewaySelector(),
      ports: [{ name: PORT_NAMES.metrics, protocol: 'TCP', port: PORTS.metrics, targetPort: PORTS.metrics }],
    },
  };
}
