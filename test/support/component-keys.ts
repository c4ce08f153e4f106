/**
 * The keys each component type of the pinned distribution accepts, as trees, so that a structural checker
 * can reject a misspelt or unsupported key the way `otelcol validate` would (strict decoding) without a
 * collector binary. Core components follow the v0.159 `config.schema.yaml` files
 * (reference/otel/schemas/core); contrib components follow otel-collector.md §1, and list only keys
 * documented there (a key missing here is reported, and must be confirmed before it is emitted).
 * Deprecated forms (e.g. the filter processor's `metrics:` block) are left out on purpose.
 */
import type { ComponentKind } from '../../src/collector/types';

export type KeyTree =
  /** string, number or boolean */
  | { readonly t: 'scalar' }
  /** anything: a free-form embedded document the checker does not look into */
  | { readonly t: 'any' }
  | { readonly t: 'list'; readonly items: KeyTree }
  /** fixed keys */
  | { readonly t: 'object'; readonly keys: Readonly<Record<string, KeyTree>> }
  /** user-chosen keys (header names, metric names), each value of one shape */
  | { readonly t: 'map'; readonly values: KeyTree }
  /** alternatives of different shapes, e.g. a string or an object */
  | { readonly t: 'oneOf'; readonly options: readonly KeyTree[] };

type ObjectTree = Extract<KeyTree, { t: 'object' }>;

const S: KeyTree = { t: 'scalar' };
const ANY: KeyTree = { t: 'any' };
const list = (items: KeyTree = S): KeyTree => ({ t: 'list', items });
const obj = (keys: Record<string, KeyTree>): ObjectTree => ({ t: 'object', keys });
const mapOf = (values: KeyTree = S): KeyTree => ({ t: 'map', values });
const oneOf = (...options: KeyTree[]): KeyTree => ({ t: 'oneOf', options });
/** `allOf` in the schemas: the union of the objects' keys. */
const allOf = (...trees: ObjectTree[]): ObjectTree => obj(Object.assign({}, ...trees.map((x) => x.keys)));
const scalars = (...keys: string[]): Record<string, KeyTree> => Object.fromEntries(keys.map((k) => [k, S]));

// ------------------------------------------------------------------------------ core config packages

const TLS_CONFIG = obj({
  ...scalars('ca_file', 'ca_pem', 'cert_file', 'cert_pem', 'include_system_ca_certs_pool', 'key_file', 'key_pem'),
  ...scalars('max_version', 'min_version', 'reload_interval'),
  cipher_suites: list(),
  curve_preferences: list(),
  tpm: obj(scalars('auth', 'enabled', 'owner_auth', 'path')),
});
const TLS_CLIENT = allOf(TLS_CONFIG, obj(scalars('insecure', 'insecure_skip_verify', 'server_name_override')));
const TLS_SERVER = allOf(TLS_CONFIG, obj(scalars('client_ca_file', 'client_ca_file_reload')));
const AUTH = obj(scalars('authenticator'));
const MIDDLEWARES = list(obj(scalars('id')));
/** configopaque.MapList: a map, or a list of name/value pairs. */
const OPAQUE_MAP_LIST = oneOf(mapOf(S), list(obj(scalars('name', 'value'))));
const ADDR = obj({ dialer: obj(scalars('timeout')), endpoint: S, transport: S });

const GRPC_CLIENT = obj({
  ...scalars('authority', 'balancer_name', 'compression', 'endpoint', 'read_buffer_size', 'user_agent'),
  ...scalars('wait_for_ready', 'write_buffer_size'),
  auth: AUTH,
  headers: OPAQUE_MAP_LIST,
  keepalive: obj(scalars('permit_without_stream', 'time', 'timeout')),
  middlewares: MIDDLEWARES,
  tls: TLS_CLIENT,
});
const GRPC_SERVER = allOf(
  obj({
    ...scalars('include_metadata', 'max_concurrent_streams', 'max_recv_msg_size_mib', 'read_buffer_size', 'write_buffer_size'),
    auth: AUTH,
    keepalive: obj({
      enforcement_policy: obj(scalars('min_time', 'permit_without_stream')),
      server_parameters: obj(scalars('max_connection_age', 'max_connection_age_grace', 'max_connection_idle', 'time', 'timeout')),
    }),
    middlewares: MIDDLEWARES,
    tls: TLS_SERVER,
  }),
  ADDR,
);
const HTTP_CLIENT = obj({
  ...scalars('compression', 'disable_keep_alives', 'endpoint', 'force_attempt_http2', 'http2_ping_timeout'),
  ...scalars('http2_read_idle_timeout', 'idle_conn_timeout', 'max_conns_per_host', 'max_idle_conns'),
  ...scalars('max_idle_conns_per_host', 'proxy_url', 'read_buffer_size', 'timeout', 'write_buffer_size'),
  auth: AUTH,
  compression_params: obj(scalars('level')),
  cookies: obj({}),
  headers: OPAQUE_MAP_LIST,
  middlewares: MIDDLEWARES,
  tls: TLS_CLIENT,
});
const HTTP_SERVER = obj({
  ...scalars('endpoint', 'idle_timeout', 'include_metadata', 'keep_alives_enabled', 'max_request_body_size'),
  ...scalars('read_header_timeout', 'read_timeout', 'write_timeout'),
  auth: obj({ authenticator: S, request_params: list() }),
  compression_algorithms: list(),
  cors: obj({ allowed_headers: list(), allowed_origins: list(), exposed_headers: list(), max_age: S }),
  middlewares: MIDDLEWARES,
  response_headers: OPAQUE_MAP_LIST,
  tls: TLS_SERVER,
});
const RETRY = obj(scalars('enabled', 'initial_interval', 'max_elapsed_time', 'max_interval', 'multiplier', 'randomization_factor'));
const SENDING_QUEUE = obj({
  ...scalars('block_on_overflow', 'enabled', 'num_consumers', 'queue_size', 'sizer', 'storage', 'wait_for_result'),
  batch: obj({ ...scalars('flush_timeout', 'max_size', 'min_size', 'sizer'), partition: obj({ metadata_keys: list() }) }),
});
const EXPORTER_HELPER = obj({ retry_on_failure: RETRY, sending_queue: SENDING_QUEUE });

// ------------------------------------------------------------------------------------- contrib shapes

const OTTL_STATEMENTS = list(oneOf(S, obj({ context: S, conditions: list(), statements: list(), error_mode: S })));
const OTTL_CONDITIONS = list(oneOf(S, obj({ context: S, conditions: list() })));
const K8S_FIELD_FILTER = obj(scalars('key', 'value', 'op'));
const K8S_TAG_RULE = obj(scalars('from', 'key', 'key_regex', 'tag_name'));
const METRIC_MATCH = obj({ metrics: list(), match_type: S, metric_types: list() });
const ENABLED_TOGGLES = mapOf(obj(scalars('enabled')));
const RELABEL = obj({ source_labels: list(), ...scalars('separator', 'regex', 'modulus', 'target_label', 'replacement', 'action') });
const SCRAPE_CONFIG = obj({
  ...scalars('job_name', 'scrape_interval', 'scrape_timeout', 'sample_limit', 'body_size_limit', 'metrics_path'),
  ...scalars('scheme', 'honor_labels', 'honor_timestamps'),
  params: mapOf(list()),
  kubernetes_sd_configs: list(
    obj({
      role: S,
      namespaces: obj({ names: list(), own_namespace: S }),
      selectors: list(obj(scalars('role', 'label', 'field'))),
    }),
  ),
  relabel_configs: list(RELABEL),
  metric_relabel_configs: list(RELABEL),
  tls_config: obj(scalars('ca_file', 'cert_file', 'key_file', 'server_name', 'insecure_skip_verify')),
  static_configs: list(obj({ targets: list(), labels: mapOf() })),
});

// ------------------------------------------------------------------------------------ per-type trees

export const COMPONENT_KEYS: Readonly<Record<ComponentKind, Readonly<Record<string, KeyTree>>>> = {
  receiver: {
    otlp: obj({
      protocols: obj({
        grpc: GRPC_SERVER,
        http: allOf(HTTP_SERVER, obj(scalars('logs_url_path', 'metrics_url_path', 'traces_url_path'))),
      }),
    }),
    prometheus: obj({
      config: obj({ global: obj({ ...scalars('scrape_interval', 'scrape_timeout', 'evaluation_interval'), external_labels: mapOf() }), scrape_configs: list(SCRAPE_CONFIG) }),
      target_allocator: ANY,
      api_server: ANY,
      ...scalars('trim_metric_suffixes', 'use_start_time_metric', 'start_time_metric_regex', 'report_extra_scrape_metrics'),
    }),
    kubelet_stats: obj({
      ...scalars('collection_interval', 'initial_delay', 'timeout', 'auth_type', 'endpoint', 'insecure_skip_verify'),
      ...scalars('ca_file', 'cert_file', 'key_file', 'node'),
      metric_groups: list(),
      extra_metadata_labels: list(),
      k8s_api_config: obj(scalars('auth_type')),
      collect_all_network_interfaces: obj(scalars('node', 'pod')),
      metrics: ENABLED_TOGGLES,
      resource_attributes: ENABLED_TOGGLES,
    }),
    k8s_cluster: obj({
      ...scalars('auth_type', 'collection_interval', 'distribution', 'k8s_leader_elector'),
      node_conditions_to_report: list(),
      allocatable_types_to_report: list(),
      metadata_exporters: list(),
      metrics: ENABLED_TOGGLES,
      resource_attributes: ENABLED_TOGGLES,
    }),
  },
  processor: {
    memory_limiter: obj(
      scalars(
        'check_interval',
        'limit_mib',
        'limit_percentage',
        'spike_limit_mib',
        'spike_limit_percentage',
        'min_gc_interval_when_soft_limited',
        'min_gc_interval_when_hard_limited',
        'max_gc_interval_when_soft_limited',
        'max_gc_interval_when_hard_limited',
      ),
    ),
    batch: obj({ ...scalars('metadata_cardinality_limit', 'send_batch_max_size', 'send_batch_size', 'timeout'), metadata_keys: list() }),
    k8s_attributes: obj({
      ...scalars('auth_type', 'passthrough', 'wait_for_metadata', 'wait_for_metadata_timeout'),
      filter: obj({ ...scalars('node_from_env_var', 'node', 'namespace'), fields: list(K8S_FIELD_FILTER), labels: list(K8S_FIELD_FILTER) }),
      extract: obj({
        metadata: list(),
        labels: list(K8S_TAG_RULE),
        annotations: list(K8S_TAG_RULE),
        ...scalars('otel_annotations', 'deployment_name_from_replicaset'),
      }),
      pod_association: list(obj({ sources: list(obj(scalars('from', 'name'))) })),
      exclude: obj({ pods: list(obj(scalars('name'))) }),
    }),
    transform: obj({
      ...scalars('error_mode', 'flatten_data'),
      metric_statements: OTTL_STATEMENTS,
      trace_statements: OTTL_STATEMENTS,
      log_statements: OTTL_STATEMENTS,
      profile_statements: OTTL_STATEMENTS,
    }),
    filter: obj({
      error_mode: S,
      metric_conditions: OTTL_CONDITIONS,
      trace_conditions: OTTL_CONDITIONS,
      log_conditions: OTTL_CONDITIONS,
      profile_conditions: OTTL_CONDITIONS,
    }),
    cumulativetodelta: obj({ include: METRIC_MATCH, exclude: METRIC_MATCH, ...scalars('max_staleness', 'initial_value') }),
  },
  exporter: {
    otlp_grpc: allOf(GRPC_CLIENT, EXPORTER_HELPER, obj(scalars('timeout'))),
    otlp_http: allOf(
      HTTP_CLIENT,
      EXPORTER_HELPER,
      obj(scalars('encoding', 'logs_endpoint', 'metrics_endpoint', 'profiles_endpoint', 'traces_endpoint')),
    ),
  },
  connector: {
    forward: obj({}),
    routing: obj({
      default_pipelines: list(),
      error_mode: S,
      table: list(obj({ ...scalars('statement', 'condition', 'context'), pipelines: list() })),
    }),
  },
  extension: {
    health_check: obj({ endpoint: S, path: S, response_body: ANY }),
    pprof: obj(scalars('endpoint', 'block_profile_fraction', 'mutex_profile_fraction', 'save_to_file')),
    cgroup_runtime: obj({
      gomaxprocs: obj(scalars('enabled')),
      gomemlimit: obj(scalars('enabled', 'ratio', 'refresh_interval')),
    }),
    oauth2client: obj({
      ...scalars('token_url', 'client_id', 'client_secret'),
      scopes: list(),
      // url.Values: one value or a list per parameter.
      endpoint_params: mapOf(oneOf(S, list())),
    }),
    k8s_leader_elector: obj(scalars('auth_type', 'lease_name', 'lease_namespace')),
  },
};

/** `service:` as far as the function uses it (otel-collector.md §1.1). */
export const SERVICE_KEYS: KeyTree = obj({
  extensions: list(),
  pipelines: mapOf(obj({ receivers: list(), processors: list(), exporters: list() })),
  telemetry: obj({
    metrics: obj({
      level: S,
      readers: list(
        obj({
          pull: obj({
            exporter: obj({
              prometheus: obj(scalars('host', 'port', 'without_scope_info', 'without_type_suffix', 'without_units')),
            }),
          }),
          periodic: obj({ exporter: ANY, interval: S, timeout: S }),
        }),
      ),
      views: ANY,
    }),
    logs: obj(scalars('level', 'encoding')),
    resource: mapOf(),
  }),
});
