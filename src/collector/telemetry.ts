/**
 * The collector's own telemetry. The Prometheus reader is configured explicitly, with Kyma's
 * `without_*: false`, so metric names are `_total`-suffixed and carry units whatever the collector's
 * defaults are in a given version; the status job and dashboards depend on these names.
 */
import { ENV, PORTS } from '../constants';
import { envRef } from '../plan/env-vars';
import type { ExtensionComponent, TelemetryConfig } from './types';
import { cgroupRuntime, healthCheck, pprof } from './components';

export function serviceTelemetry(): TelemetryConfig {
  return {
    metrics: {
      // `detailed` adds error_type to send_failed metrics, which tells why a backend rejects data.
      level: 'detailed',
      readers: [
        {
          pull: {
            exporter: {
              prometheus: {
                host: envRef(ENV.podIp),
                port: PORTS.metrics,
                without_scope_info: false,
                without_type_suffix: false,
                without_units: false,
              },
            },
          },
        },
      ],
    },
    logs: { level: 'info', encoding: 'json' },
  };
}

/** The extensions every collector runs, in the order they are enabled; pprof only when the settings ask. */
export function baseExtensions(settings: { pprof: boolean }): ExtensionComponent[] {
  return settings.pprof ? [healthCheck(), pprof(), cgroupRuntime()] : [healthCheck(), cgroupRuntime()];
}
