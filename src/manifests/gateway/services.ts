/**
 * The OTLP Service applications push to (Kyma's legacy name `telemetry-otlp-metrics`, so existing SDK
 * endpoints keep working) and the metrics Service the self-monitor / Prometheus scrapes.
 */
import { GATEWAY, PORT_NAMES, PORTS } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import { METRICS_SERVICE_ANNOTATIONS, METRICS_SERVICE_LABELS, metricsService } from '../metrics-service';
import type { Service } from '../types';

const { meta: gatewayMeta, selector: gatewaySelector } = componentMeta(GATEWAY);

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
  return metricsService(gatewayMeta(plan.settings, GATEWAY.metricsServiceName, METRICS_SERVICE_LABELS, METRICS_SERVICE_ANNOTATIONS), gatewaySelector());
}
