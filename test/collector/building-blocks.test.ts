import { expect } from 'chai';
import { parse } from 'yaml';
import { batch, filterProcessor, forwardConnector, memoryLimiter, otlpReceiver, transformProcessor } from '../../src/collector/components';
import { ConfigAssembler } from '../../src/collector/config-assembler';
import { DISTRIBUTION_COMPONENTS, TYPES } from '../../src/collector/distribution';
import { escapeDollar } from '../../src/plan/env-vars';
import { exporterQueueSize } from '../../src/collector/exporter';
import { buildGatewayConfig } from '../../src/collector/gateway-config';
import { ottlString } from '../../src/collector/ottl-expr';
import { serializeCollectorConfig } from '../../src/collector/serialize';
import { serviceTelemetry } from '../../src/collector/telemetry';
import type { CollectorConfig } from '../../src/collector/types';
import { COLLECTOR } from '../../src/constants';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/run-fn';
import { gatewayPlanOf } from './fixtures';
import { GATEWAY_SCENARIOS } from './gateway-scenarios';

describe('collector config building blocks', () => {
  describe('escapeDollar', () => {
    const cases: [string, string][] = [
      ['no dollar', 'no dollar'],
      ['^a$', '^a$$'],
      ['$1:$2', '$$1:$$2'],
      ['${env:SECRET}', '$${env:SECRET}'],
      ['$$', '$$$$'],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => expect(escapeDollar(input)).to.equal(expected));
    }
  });

  describe('ottlString', () => {
    it('quotes and escapes backslashes and double quotes', () => {
      expect(ottlString('plain')).to.equal('"plain"');
      expect(ottlString('a"b')).to.equal('"a\\"b"');
      expect(ottlString('a\\"b')).to.equal('"a\\\\\\"b"');
    });
  });

  describe('OTTL processor builders', () => {
    it('escape $ in statements and conditions and omit empty conditions', () => {
      expect(transformProcessor('transform/x', [{ statements: ['set(a, "$")'], conditions: [] }]).config).to.deep.equal({
        error_mode: 'ignore',
        metric_statements: [{ statements: ['set(a, "$$")'] }],
      });
      expect(filterProcessor('filter/x', { metric: ['x == "$"'], datapoint: [] }).config).to.deep.equal({
        error_mode: 'ignore',
        metrics: { metric: ['x == "$$"'] },
      });
      expect(() => filterProcessor('filter/x', { datapoint: [] })).to.throw(/without conditions/);
    });
  });

  describe('exporterQueueSize', () => {
    it('divides 256 among the pipelines, never below 1', () => {
      expect([1, 2, 3, 5, 256, 1000].map(exporterQueueSize)).to.deep.equal([256, 128, 85, 51, 1, 1]);
    });
  });

  describe('the pinned collector', () => {
    it('is the release the tests\' real collector is built at (test/peers/collector/manifest.yaml)', () => {
      const manifest = parse(readFileSync(path.join(REPO_ROOT, 'test', 'peers', 'collector', 'manifest.yaml'), 'utf8')) as {
        dist: { version: string };
        [kind: string]: unknown;
      };
      expect(manifest.dist.version).to.equal(COLLECTOR.version);
      expect(COLLECTOR.image).to.equal(`otel/opentelemetry-collector-k8s:${COLLECTOR.version}`);
      for (const kind of ['receivers', 'processors', 'exporters', 'connectors', 'extensions']) {
        for (const { gomod } of manifest[kind] as { gomod: string }[]) expect(gomod, gomod).to.match(new RegExp(` v${COLLECTOR.version.replaceAll('.', '\\.')}$`));
      }
    });

    it('lists every emitted type once, by kind (otlp is a receiver and, at 0.141.0, also an exporter type)', () => {
      const all = Object.values(DISTRIBUTION_COMPONENTS).flat();
      expect(all.length, 'each entry of TYPES under exactly one kind').to.equal(Object.keys(TYPES).length);
      expect([...new Set(all)].sort()).to.deep.equal([...new Set(Object.values(TYPES))].sort());
      for (const [kind, types] of Object.entries(DISTRIBUTION_COMPONENTS)) expect(new Set(types).size, kind).to.equal(types.length);
    });
  });

  describe('ConfigAssembler', () => {
    it('defines each component once, where a pipeline first uses it', () => {
      const a = new ConfigAssembler();
      const fwd = forwardConnector('forward/x');
      a.addPipeline('metrics/in', { receivers: [otlpReceiver('5m')], processors: [memoryLimiter(), batch()], exporters: [fwd] });
      a.addPipeline('metrics/out', { receivers: [fwd], processors: [batch()], exporters: [fwd] });
      const config = a.build(serviceTelemetry());
      expect(Object.keys(config.processors)).to.deep.equal(['memory_limiter', 'batch']);
      expect(Object.keys(config.connectors)).to.deep.equal(['forward/x']);
    });

    it('throws when one id is given two different configurations', () => {
      const a = new ConfigAssembler();
      const fwd = forwardConnector('forward/x');
      a.addPipeline('metrics/a', { receivers: [otlpReceiver('5m')], processors: [transformProcessor('transform/t', [{ statements: ['a'] }])], exporters: [fwd] });
      expect(() =>
        a.addPipeline('metrics/b', { receivers: [fwd], processors: [transformProcessor('transform/t', [{ statements: ['b'] }])], exporters: [fwd] }),
      ).to.throw(/transform\/t defined twice/);
    });

    it('throws on a duplicate pipeline name', () => {
      const a = new ConfigAssembler();
      const spec = { receivers: [otlpReceiver('5m')], processors: [], exporters: [forwardConnector('forward/x')] };
      a.addPipeline('metrics/a', spec);
      expect(() => a.addPipeline('metrics/a', spec)).to.throw(/pipeline metrics\/a defined twice/);
    });
  });

  describe('serializeCollectorConfig', () => {
    const configs = GATEWAY_SCENARIOS.map((s) => buildGatewayConfig(gatewayPlanOf(s.pipelines(), s.settings)));

    it('emits the sections in reading order and service as extensions, pipelines, telemetry', () => {
      const doc = parse(serializeCollectorConfig(configs[0]!)) as Record<string, Record<string, unknown>>;
      expect(Object.keys(doc)).to.deep.equal(['extensions', 'receivers', 'processors', 'exporters', 'connectors', 'service']);
      expect(Object.keys(doc['service']!)).to.deep.equal(['extensions', 'pipelines', 'telemetry']);
    });

    it('round-trips: parsing the YAML gives back the same config', () => {
      for (const config of configs) expect(parse(serializeCollectorConfig(config))).to.deep.equal(config);
    });

    it('is idempotent and stable: serializing the parsed YAML again gives the same text', () => {
      for (const config of configs) {
        const text = serializeCollectorConfig(config);
        expect(serializeCollectorConfig(parse(text) as CollectorConfig)).to.equal(text);
        expect(serializeCollectorConfig(buildGatewayConfig(gatewayPlanOf(GATEWAY_SCENARIOS[0]!.pipelines())))).to.equal(
          serializeCollectorConfig(configs[0]!),
        );
      }
    });

    it('never folds long lines and never emits anchors or aliases, even for shared objects', () => {
      const shared = { statements: ['x'.repeat(300)] };
      const a = new ConfigAssembler();
      const fwd = forwardConnector('forward/x');
      a.addPipeline('metrics/a', {
        receivers: [otlpReceiver('5m')],
        processors: [memoryLimiter(), { kind: 'processor', id: 'transform/a', config: { error_mode: 'ignore', metric_statements: [shared] } }],
        exporters: [fwd],
      });
      a.addPipeline('metrics/b', {
        receivers: [fwd],
        processors: [{ kind: 'processor', id: 'transform/b', config: { error_mode: 'ignore', metric_statements: [shared] } }],
        exporters: [fwd],
      });
      const text = serializeCollectorConfig(a.build(serviceTelemetry()));
      expect(text).to.include(`- ${'x'.repeat(300)}\n`);
      expect(text).to.not.match(/[&*]\w/);
    });

    it('omits empty sections', () => {
      const config = buildGatewayConfig(gatewayPlanOf(GATEWAY_SCENARIOS[0]!.pipelines()));
      const text = serializeCollectorConfig({ ...config, connectors: {} });
      expect(text).to.not.match(/^connectors:/m);
    });
  });
});
