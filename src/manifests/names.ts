/**
 * Names and fixed values the manifest builders need that src/constants.ts does not have yet.
 * Kept apart so they can be merged into constants.ts in one move; nothing here is hard-coded elsewhere.
 */
import { GATEWAY } from '../constants';

/** Kyma prefixes its NetworkPolicies so that cluster admins can tell them from their own. */
export const NETWORK_POLICY_PREFIX = 'kyma-project.io--';

export const GATEWAY_NETWORK_POLICIES = {
  main: `${NETWORK_POLICY_PREFIX}${GATEWAY.name}`,
  metrics: `${NETWORK_POLICY_PREFIX}${GATEWAY.name}-metrics`,
} as const;

export const LABEL_VALUE = {
  true: 'true',
  /** Value of LABELS.selfMonitor on the metrics Service. */
  selfMonitorEnabled: 'enabled',
  /** Value of LABELS.metricsScraping that lets a scraper pod reach the metrics port. */
  metricsScrapingAllowed: 'allowed',
} as const;

/** Annotations Prometheus-style scrapers (and Kyma's self-monitor) use to find the metrics port. */
export const PROMETHEUS_ANNOTATIONS = {
  scrape: 'prometheus.io/scrape',
  port: 'prometheus.io/port',
  scheme: 'prometheus.io/scheme',
} as const;

export const FLUX_SUBSTITUTE_DISABLED = 'disabled';

/** kpt reads these to decide where a generated object is written (krm-functions.md §1.2, §1.4). */
export const KPT_ANNOTATIONS = {
  path: 'internal.config.kubernetes.io/path',
  index: 'internal.config.kubernetes.io/index',
} as const;

export const TOPOLOGY_KEYS = {
  hostname: 'kubernetes.io/hostname',
  zone: 'topology.kubernetes.io/zone',
} as const;

/** The collector container and the config volume, as in Kyma's pod spec. */
export const COLLECTOR_CONTAINER = {
  name: 'collector',
  configVolume: 'config',
  configMountPath: '/conf',
  healthCheckPortName: 'health-check',
} as const;

/** Preferred (not required) anti-affinity: spreads replicas without making them unschedulable. */
export const ANTI_AFFINITY_WEIGHT = 100;

/** Disruption budget for multi-replica gateways: keep all but one replica during voluntary disruptions. */
export const PDB_MAX_UNAVAILABLE = 1;

/** Deployment rollout: surge one new pod before removing an old one, so ingestion capacity never drops. */
export const GATEWAY_ROLLING_UPDATE = { maxSurge: 1, maxUnavailable: 0 } as const;
