import { expect } from 'chai';
import { parse } from 'yaml';
import { TYPES } from '../../src/collector/distribution';
import { buildGatewayConfig } from '../../src/collector/gateway-config';
import { serializeCollectorConfig } from '../../src/collector/serialize';
import type {
  FilterConfig,
  K8sAttributesConfig,
  OAuth2ClientConfig,
  OtlpGrpcExporterConfig,
  OtlpHttpExporterConfig,
  TransformConfig,
} from '../../src/collector/types';
import { checkCollectorConfig } from '../support/collector-check';
import { expectGolden } from '../support/golden';
import { GRPC_OUTPUT, checkOptionsFor, gatewayPlanOf, metricPipeline } from './fixtures';
import { GATEWAY_SCENARIOS } from './gateway-scenarios';

function gatewayOf(spec: string, settings = {}) {
  const plan = gatewayPlanOf([metricPipeline('backend', spec)], settings);
  return { plan, config: buildGatewayConfig(plan) };
}

describe('gateway collector config', () => {
  describe('golden scenarios', () => {
    for (const scenario of GATEWAY_SCENARIOS) {
      describe(`${scenario.name}: ${scenario.description}`, () => {
        const plan = gatewayPlanOf(scenario.pipelines(), scenario.settings);
        const text = serializeCollectorConfig(buildGatewayConfig(plan));

        it('matches the golden file', () => {
          expectGolden(`collector/${scenario.name}.yaml`, text);
        });

        it('passes the checks the real collector cannot make (test/support/collector-check.ts)', () => {
          expect(checkCollectorConfig(parse(text), checkOptionsFor(plan))).to.deep.equal([]);
        });
      });
    }
  });

  describe('pipelines', () => {
    it('wires input -> enrichment -> one output per pipeline through forward connectors, outputs sorted by name', () => {
      const plan = gatewayPlanOf([metricPipeline('zeta', GRPC_OUTPUT), metricPipeline('alpha', GRPC_OUTPUT)]);
      const { pipelines } = buildGatewayConfig(plan).service;
      expect(Object.keys(pipelines)).to.deep.equal(['metrics/input', 'metrics/enrichment', 'metrics/alpha-output', 'metrics/zeta-output']);
      expect(pipelines['metrics/input']).to.deep.equal({
        receivers: ['otlp'],
        processors: ['memory_limiter', 'transform/set-kyma-input-name-otlp'],
        exporters: ['forward/input'],
      });
      expect(pipelines['metrics/enrichment']).to.deep.equal({
        receivers: ['forward/input'],
        processors: ['k8sattributes', 'transform/set-service-name'],
        exporters: ['forward/enrichment'],
      });
      expect(pipelines['metrics/alpha-output']).to.deep.equal({
        receivers: ['forward/enrichment'],
        processors: ['transform/drop-kyma-attributes', 'batch'],
        exporters: [`${TYPES.otlpGrpcExporter}/metricpipeline-alpha`],
      });
    });

    it('marks all data as input "otlp" when there is no agent, so no sender can pass its data off as another input', () => {
      const { config } = gatewayOf(GRPC_OUTPUT);
      const mark = config.processors['transform/set-kyma-input-name-otlp'] as TransformConfig;
      expect(mark.metric_statements).to.deep.equal([{ statements: ['set(resource.attributes["kyma.input.name"], "otlp")'] }]);
    });

    it('with an agent, keeps its markers (prometheus, istio, runtime) and marks everything else "otlp"', () => {
      const { config } = gatewayOf(`input:\n  runtime: {enabled: true}\n${GRPC_OUTPUT}`);
      const mark = config.processors['transform/set-kyma-input-name-otlp'] as TransformConfig;
      expect(mark.metric_statements).to.deep.equal([
        {
          statements: [
            'set(resource.attributes["kyma.input.name"], "otlp") where not(resource.attributes["kyma.input.name"] == "prometheus" or resource.attributes["kyma.input.name"] == "istio" or resource.attributes["kyma.input.name"] == "runtime")',
          ],
        },
      ]);
    });

    it('orders the output processors: input filters, drop internal attributes, user transform, user filter, delta, batch', () => {
      const { config } = gatewayOf(`input:
  otlp:
    namespaces: {exclude: [kube-system]}
transform:
  - statements: ['set(attributes["a"], "b")']
filter:
  - conditions: ['metric.name == "x"']
${GRPC_OUTPUT}
    temporality: delta`);
      expect(config.service.pipelines['metrics/backend-output']!.processors).to.deep.equal([
        'filter/backend-filter-by-namespace-otlp-input',
        'transform/drop-kyma-attributes',
        'transform/metricpipeline-user-defined-backend',
        'filter/metricpipeline-user-defined-backend',
        'cumulativetodelta',
        'batch',
      ]);
      // Bounded, so that series churn cannot grow the gateway's memory without limit (issue 15).
      expect(config.processors['cumulativetodelta']).to.deep.equal({ max_staleness: '5m', initial_value: 'auto' });
    });

    it('drops OTLP data only in the pipeline that disabled the OTLP input, and then adds no namespace filter', () => {
      const plan = gatewayPlanOf([
        metricPipeline('off', `input:\n  otlp: {enabled: false, namespaces: {include: [apps]}}\n${GRPC_OUTPUT}`),
        metricPipeline('on', GRPC_OUTPUT),
      ]);
      const config = buildGatewayConfig(plan);
      expect(config.service.pipelines['metrics/off-output']!.processors[0]).to.equal('filter/drop-if-input-source-otlp');
      expect(config.service.pipelines['metrics/on-output']!.processors).to.not.include('filter/drop-if-input-source-otlp');
      expect(Object.keys(config.processors).filter((id) => id.includes('by-namespace'))).to.deep.equal([]);
      expect(config.processors['filter/drop-if-input-source-otlp']).to.deep.equal({
        error_mode: 'ignore',
        metrics: { resource: ['resource.attributes["kyma.input.name"] == "otlp"'] },
      });
    });

    it('scopes namespace filters to the OTLP input and keeps data without a namespace on include', () => {
      const include = gatewayOf(`input:\n  otlp:\n    namespaces: {include: [apps, "we\\"ird"]}\n${GRPC_OUTPUT}`).config;
      expect((include.processors['filter/backend-filter-by-namespace-otlp-input'] as FilterConfig).metrics).to.deep.equal({
        resource: [
          'resource.attributes["kyma.input.name"] == "otlp" and resource.attributes["k8s.namespace.name"] != nil and not(resource.attributes["k8s.namespace.name"] == "apps" or resource.attributes["k8s.namespace.name"] == "we\\"ird")',
        ],
      });
      const exclude = gatewayOf(`input:\n  otlp:\n    namespaces: {exclude: [a, b]}\n${GRPC_OUTPUT}`).config;
      expect((exclude.processors['filter/backend-filter-by-namespace-otlp-input'] as FilterConfig).metrics).to.deep.equal({
        resource: [
          'resource.attributes["kyma.input.name"] == "otlp" and (resource.attributes["k8s.namespace.name"] == "a" or resource.attributes["k8s.namespace.name"] == "b")',
        ],
      });
    });

    it('adds no namespace filter for empty include/exclude lists', () => {
      const { config } = gatewayOf(`input:\n  otlp:\n    namespaces: {include: [], exclude: []}\n${GRPC_OUTPUT}`);
      expect(config.service.pipelines['metrics/backend-output']!.processors).to.deep.equal(['transform/drop-kyma-attributes', 'batch']);
    });

    it('rejects a plan without pipelines instead of rendering a config the collector refuses', () => {
      const plan = gatewayPlanOf([metricPipeline('backend', GRPC_OUTPUT)]);
      expect(() => buildGatewayConfig({ ...plan, pipelines: [] })).to.throw(/at least one pipeline/);
    });
  });

  describe('enrichment', () => {
    it('runs k8sattributes cluster-wide (no node filter: the gateway receives from every node)', () => {
      const k8s = gatewayOf(GRPC_OUTPUT).config.processors['k8sattributes'] as K8sAttributesConfig;
      expect(k8s.filter).to.equal(undefined);
      expect(k8s.auth_type).to.equal('serviceAccount');
      expect(k8s.passthrough).to.equal(false);
      expect(k8s.pod_association.map((a) => a.sources[0]!)).to.deep.equal([
        { from: 'resource_attribute', name: 'k8s.pod.ip' },
        { from: 'resource_attribute', name: 'k8s.pod.uid' },
        { from: 'connection' },
      ]);
    });

    it('fills service.name from app labels, then workload, then pod name, only where it is unset or unknown_service', () => {
      const t = gatewayOf(GRPC_OUTPUT).config.processors['transform/set-service-name'] as TransformConfig;
      const statements = t.metric_statements[0]!.statements;
      expect(statements.map((s) => /^set\(resource\.attributes\["service\.name"\], resource\.attributes\["([^"]+)"\]\)/.exec(s)?.[1])).to.deep.equal([
        'kyma.kubernetes_io_app_name',
        'kyma.app_name',
        'k8s.deployment.name',
        'k8s.daemonset.name',
        'k8s.statefulset.name',
        'k8s.job.name',
        'k8s.pod.name',
      ]);
      expect(statements[0]).to.equal(
        'set(resource.attributes["service.name"], resource.attributes["kyma.kubernetes_io_app_name"]) where (resource.attributes["service.name"] == nil or resource.attributes["service.name"] == "" or IsMatch(resource.attributes["service.name"], "^unknown_service")) and resource.attributes["kyma.kubernetes_io_app_name"] != nil and resource.attributes["kyma.kubernetes_io_app_name"] != ""',
      );
    });

    it('sets k8s.cluster.name only when configured, quoting and $-escaping the name', () => {
      expect(gatewayOf(GRPC_OUTPUT).config.processors).to.not.have.property('transform/insert-cluster-attributes');
      const { config } = gatewayOf(GRPC_OUTPUT, { clusterName: 'eu "prod" $1' });
      expect(config.service.pipelines['metrics/enrichment']!.processors.at(-1)).to.equal('transform/insert-cluster-attributes');
      expect((config.processors['transform/insert-cluster-attributes'] as TransformConfig).metric_statements).to.deep.equal([
        {
          statements: [
            'set(resource.attributes["k8s.cluster.name"], "eu \\"prod\\" $$1") where resource.attributes["k8s.cluster.name"] == nil or resource.attributes["k8s.cluster.name"] == ""',
          ],
        },
      ]);
    });
  });

  describe('user OTTL', () => {
    it('escapes every $ in statements and conditions and keeps their order and grouping', () => {
      const { config } = gatewayOf(`transform:
  - conditions: ['IsMatch(metric.name, "^a$")']
    statements: ['replace_pattern(metric.name, "^(.*)$", "x_$1")']
  - statements: ['set(attributes["b"], "c")']
filter:
  - conditions: ['IsMatch(metric.name, "^go_.*$")']
${GRPC_OUTPUT}`);
      expect((config.processors['transform/metricpipeline-user-defined-backend'] as TransformConfig).metric_statements).to.deep.equal([
        { statements: ['replace_pattern(metric.name, "^(.*)$$", "x_$$1")'], conditions: ['IsMatch(metric.name, "^a$$")'] },
        { statements: ['set(attributes["b"], "c")'] },
      ]);
      expect(config.processors['filter/metricpipeline-user-defined-backend']).to.deep.equal({
        error_mode: 'ignore',
        metrics: { datapoint: ['IsMatch(metric.name, "^go_.*$$")'] },
      });
    });

    it('sets error_mode ignore on every transform and filter processor', () => {
      const plan = gatewayPlanOf(GATEWAY_SCENARIOS.flatMap((s) => s.pipelines()).filter((p, i, all) => all.findIndex((q) => q.name === p.name) === i));
      const config = buildGatewayConfig(plan);
      for (const [id, processor] of Object.entries(config.processors)) {
        if (id.startsWith('transform/') || id.startsWith('filter/')) expect((processor as TransformConfig).error_mode, id).to.equal('ignore');
      }
    });
  });

  describe('exporters', () => {
    it('references the endpoint by environment variable and divides the queue budget', () => {
      const plan = gatewayPlanOf(['a', 'b', 'c'].map((n) => metricPipeline(n, GRPC_OUTPUT)));
      const config = buildGatewayConfig(plan);
      expect(config.exporters[`${TYPES.otlpGrpcExporter}/metricpipeline-a`]).to.deep.equal({
        endpoint: '${env:OTLP_ENDPOINT_METRICPIPELINE_A}',
        compression: 'gzip',
        sending_queue: { enabled: true, queue_size: 85 },
        retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
      });
    });

    it('uses metrics_endpoint for HTTP with a path and endpoint without one', () => {
      const withPath = gatewayOf(`output:\n  otlp:\n    protocol: http\n    endpoint: {value: "https://h.example.com"}\n    path: /custom/v1/metrics`);
      const e1 = withPath.config.exporters[`${TYPES.otlpHttpExporter}/metricpipeline-backend`] as OtlpHttpExporterConfig;
      expect(e1.metrics_endpoint).to.equal('${env:OTLP_ENDPOINT_METRICPIPELINE_BACKEND}');
      expect(e1).to.not.have.property('endpoint');
      expect(withPath.plan.secretData['OTLP_ENDPOINT_METRICPIPELINE_BACKEND']).to.equal('https://h.example.com/custom/v1/metrics');
      const withoutPath = gatewayOf(`output:\n  otlp:\n    protocol: http\n    endpoint: {value: "https://h.example.com"}`);
      const e2 = withoutPath.config.exporters[`${TYPES.otlpHttpExporter}/metricpipeline-backend`] as OtlpHttpExporterConfig;
      expect(e2.endpoint).to.equal('${env:OTLP_ENDPOINT_METRICPIPELINE_BACKEND}');
      expect(e2).to.not.have.property('metrics_endpoint');
    });

    it('sets tls.insecure for a plain http:// endpoint and omits tls when there is nothing to say', () => {
      const plain = gatewayOf(`output:\n  otlp:\n    endpoint: {value: "http://collector:4317"}`).config;
      expect((plain.exporters[`${TYPES.otlpGrpcExporter}/metricpipeline-backend`] as OtlpGrpcExporterConfig).tls).to.deep.equal({ insecure: true });
      const secure = gatewayOf(GRPC_OUTPUT).config;
      expect(secure.exporters[`${TYPES.otlpGrpcExporter}/metricpipeline-backend`]).to.not.have.property('tls');
      const insecureSpec = gatewayOf(`${GRPC_OUTPUT}\n    tls: {insecure: true}`).config;
      expect((insecureSpec.exporters[`${TYPES.otlpGrpcExporter}/metricpipeline-backend`] as OtlpGrpcExporterConfig).tls).to.deep.equal({ insecure: true });
    });

    it('puts basic authentication first in the headers, then the spec headers', () => {
      const { config } = gatewayOf(`output:
  otlp:
    endpoint: {value: "https://h.example.com"}
    authentication:
      basic: {user: {value: u}, password: {value: p}}
    headers:
      - {name: X-B, value: b}
      - {name: X-A, value: a}`);
      expect((config.exporters[`${TYPES.otlpGrpcExporter}/metricpipeline-backend`] as OtlpGrpcExporterConfig).headers).to.deep.equal({
        Authorization: '${env:BASIC_AUTH_HEADER_METRICPIPELINE_BACKEND}',
        'X-B': '${env:HEADER_METRICPIPELINE_BACKEND_X_B}',
        'X-A': '${env:HEADER_METRICPIPELINE_BACKEND_X_A}',
      });
    });

    it('authenticates with an OAuth2 extension per pipeline, enabled after the base extensions in id order', () => {
      const oauth = (name: string) =>
        metricPipeline(
          name,
          `output:
  otlp:
    endpoint: {value: "https://h.example.com"}
    authentication:
      oauth2:
        tokenURL: {value: "https://auth.example.com/token"}
        clientID: {value: id}
        clientSecret: {value: secret}
        params: {z: "1", a: "$2"}`,
        );
      const plan = gatewayPlanOf([oauth('b'), metricPipeline('plain', GRPC_OUTPUT), oauth('a')]);
      const config = buildGatewayConfig(plan);
      expect(config.service.extensions).to.deep.equal([
        'health_check',
        'cgroupruntime',
        'oauth2client/metricpipeline-a',
        'oauth2client/metricpipeline-b',
      ]);
      expect((config.exporters[`${TYPES.otlpGrpcExporter}/metricpipeline-a`] as OtlpGrpcExporterConfig).auth).to.deep.equal({
        authenticator: 'oauth2client/metricpipeline-a',
      });
      expect(config.exporters[`${TYPES.otlpGrpcExporter}/metricpipeline-plain`]).to.not.have.property('auth');
      const extension = config.extensions['oauth2client/metricpipeline-a'] as OAuth2ClientConfig;
      expect(extension).to.deep.equal({
        token_url: '${env:OAUTH2_TOKEN_URL_METRICPIPELINE_A}',
        client_id: '${env:OAUTH2_CLIENT_ID_METRICPIPELINE_A}',
        client_secret: '${env:OAUTH2_CLIENT_SECRET_METRICPIPELINE_A}',
        endpoint_params: { a: ['$$2'], z: ['1'] },
      });
      expect(Object.keys(extension.endpoint_params!)).to.deep.equal(['a', 'z']);
    });
  });

  describe('service', () => {
    it('exposes detailed internal metrics on the pod IP with Kyma-compatible names and logs JSON', () => {
      expect(gatewayOf(GRPC_OUTPUT).config.service.telemetry).to.deep.equal({
        metrics: {
          level: 'detailed',
          readers: [
            {
              pull: {
                exporter: {
                  prometheus: {
                    host: '${env:MY_POD_IP}',
                    port: 8888,
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
      });
    });

    it('binds receivers and health check to the pod IP, ends gRPC connections after 5m, limits Go memory to 80 %; no pprof unless asked', () => {
      const { config } = gatewayOf(GRPC_OUTPUT);
      expect(config.receivers['otlp']).to.deep.equal({
        protocols: {
          grpc: { endpoint: '${env:MY_POD_IP}:4317', keepalive: { server_parameters: { max_connection_age: '5m', max_connection_age_grace: '30s' } } },
          http: { endpoint: '${env:MY_POD_IP}:4318' },
        },
      });
      expect(config.extensions).to.deep.equal({
        health_check: { endpoint: '${env:MY_POD_IP}:13133' },
        cgroupruntime: { gomaxprocs: { enabled: false }, gomemlimit: { enabled: true, ratio: 0.8 } },
      });
    });

    it('binds pprof to loopback when the settings ask for it', () => {
      const plan = gatewayPlanOf([metricPipeline('plain', GRPC_OUTPUT)]);
      const config = buildGatewayConfig({ ...plan, settings: { ...plan.settings, pprof: true } });
      expect(config.extensions['pprof']).to.deep.equal({ endpoint: '127.0.0.1:1777' });
      expect(config.service.extensions).to.deep.equal(['health_check', 'pprof', 'cgroupruntime']);
    });
  });
});
