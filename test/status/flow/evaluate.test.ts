import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type CollectorScrapes, type EvaluateInput } from '../../../src/status/flow/evaluate';
import { FLOW_MESSAGES, flowStatusOf } from '../../../src/status/flow/reasons';
import { parsePipelinesFile } from '../../../src/status/cli/pipelines-file';
import { parseSnapshot } from '../../../src/status/metrics/samples';
import { loadSnapshot, realSample, scenarios, type Scenario } from '../support/fixtures';

function scrapesOf(dir: string, files: [string, string]): CollectorScrapes {
  return { before: loadSnapshot(join(dir, files[0])), after: loadSnapshot(join(dir, files[1])) };
}

function inputOf(s: Scenario): EvaluateInput {
  const input: EvaluateInput = { gateway: scrapesOf(s.dir, s.gateway), windowSeconds: s.window };
  if (s.agent !== undefined) input.agent = scrapesOf(s.dir, s.agent);
  if (s.pipelines !== undefined) {
    const selection = parsePipelinesFile(readFileSync(join(s.dir, s.pipelines), 'utf8'), s.pipelines);
    input.pipelines = selection.pipelines;
    if (selection.agentPipelines !== undefined) input.agentPipelines = selection.agentPipelines;
  }
  return input;
}

function reasons(results: ReturnType<typeof evaluate>): Record<string, string> {
  return Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.reason]));
}

const SENT = 'otelcol_exporter_sent_metric_points';
const FAILED = 'otelcol_exporter_send_failed_metric_points';

/** Gateway where pipeline "a" drops everything and "b" is fine. */
function droppingGateway(): CollectorScrapes {
  return {
    before: parseSnapshot(`${SENT}{exporter="otlp_grpc/metricpipeline-a"} 5\n${SENT}{exporter="otlp_grpc/metricpipeline-b"} 5\n`),
    after: parseSnapshot(
      `${SENT}{exporter="otlp_grpc/metricpipeline-a"} 5\n${FAILED}{exporter="otlp_grpc/metricpipeline-a"} 9\n${SENT}{exporter="otlp_grpc/metricpipeline-b"} 8\n`,
    ),
  };
}

describe('status/flow/evaluate', () => {
  describe('scenarios (fixtures/status/scenarios)', () => {
    for (const s of scenarios()) {
      it(`${s.name}: ${s.description}`, () => {
        const results = evaluate(inputOf(s));
        assert.deepEqual(reasons(results), s.expected);
        for (const result of Object.values(results)) {
          assert.equal(result.status, flowStatusOf(result.reason));
          assert.equal(result.message, FLOW_MESSAGES[result.reason]);
        }
      });
    }
  });

  it('returns conditions with Kyma statuses: True, False, Unknown', () => {
    const results = evaluate({
      gateway: droppingGateway(),
      agent: { probeError: 'connection refused' },
      windowSeconds: 60,
      agentPipelines: ['b'],
    });
    assert.deepEqual(results['a'], {
      status: 'False',
      reason: 'GatewayAllTelemetryDataDropped',
      message: FLOW_MESSAGES.GatewayAllTelemetryDataDropped,
      problems: ['GatewayAllTelemetryDataDropped'],
      pending: [],
    });
    assert.equal(results['b']?.status, 'Unknown');
    assert.equal(results['b']?.reason, 'AgentProbingFailed');
  });

  it('reports GatewayProbingFailed for a probe error, before everything but ConfigurationNotGenerated', () => {
    const results = evaluate({
      gateway: { probeError: 'timeout' },
      agent: { probeError: 'timeout' },
      windowSeconds: 60,
      pipelines: ['a', 'b'],
      renderedPipelines: ['a'],
    });
    assert.equal(results['a']?.reason, 'GatewayProbingFailed');
    assert.deepEqual(results['a']?.problems, ['GatewayProbingFailed', 'AgentProbingFailed']);
    assert.equal(results['b']?.reason, 'ConfigurationNotGenerated');
    assert.equal(results['b']?.status, 'False');
  });

  it('reports ConfigurationNotGenerated for pipelines missing from renderedPipelines, without probing', () => {
    const results = evaluate({ gateway: droppingGateway(), windowSeconds: 60, pipelines: ['a', 'b', 'c'], renderedPipelines: ['b'] });
    assert.deepEqual(reasons(results), { a: 'ConfigurationNotGenerated', b: 'FlowHealthy', c: 'ConfigurationNotGenerated' });
    assert.deepEqual(results['a']?.problems, ['ConfigurationNotGenerated']);
  });

  it('without pipelines, reports those named by gateway exporters; with pipelines, exactly those', () => {
    assert.deepEqual(Object.keys(evaluate({ gateway: droppingGateway(), windowSeconds: 60 })), ['a', 'b']);
    const listed = evaluate({ gateway: droppingGateway(), windowSeconds: 60, pipelines: ['b', 'unknown'] });
    assert.deepEqual(reasons(listed), { b: 'FlowHealthy', unknown: 'FlowHealthy' });
  });

  describe('window shorter than 60 s', () => {
    it('keeps a problem seen once pending and reports the flow as healthy', () => {
      const first = evaluate({ gateway: droppingGateway(), windowSeconds: 30 });
      assert.equal(first['a']?.reason, 'FlowHealthy');
      assert.equal(first['a']?.status, 'True');
      assert.deepEqual(first['a']?.problems, ['GatewayAllTelemetryDataDropped']);
      assert.deepEqual(first['a']?.pending, ['GatewayAllTelemetryDataDropped']);
    });

    it('reports the problem when the previous evaluation observed it too', () => {
      const first = evaluate({ gateway: droppingGateway(), windowSeconds: 30 });
      const second = evaluate({ gateway: droppingGateway(), windowSeconds: 30, previous: first });
      assert.equal(second['a']?.reason, 'GatewayAllTelemetryDataDropped');
      assert.deepEqual(second['a']?.pending, []);
      assert.equal(second['b']?.reason, 'FlowHealthy');
    });

    it('falls back to the previous reason when only the condition was kept', () => {
      const results = evaluate({
        gateway: droppingGateway(),
        windowSeconds: 10,
        previous: { a: { reason: 'GatewayAllTelemetryDataDropped' } },
      });
      assert.equal(results['a']?.reason, 'GatewayAllTelemetryDataDropped');
    });

    it('does not confirm a different problem (All vs Some dropped are separate rules)', () => {
      const results = evaluate({
        gateway: droppingGateway(),
        windowSeconds: 30,
        previous: { a: { reason: 'GatewaySomeTelemetryDataDropped', problems: ['GatewaySomeTelemetryDataDropped'] } },
      });
      assert.equal(results['a']?.reason, 'FlowHealthy');
    });

    it('reports a confirmed lower-precedence problem while a higher one is still pending', () => {
      const refused = 'otelcol_receiver_refused_metric_points{receiver="otlp",transport="grpc"}';
      const withRefusals: CollectorScrapes = {
        before: parseSnapshot(`${refused} 0\n${SENT}{exporter="otlp_grpc/metricpipeline-a"} 5\n`),
        after: parseSnapshot(`${refused} 3\n${SENT}{exporter="otlp_grpc/metricpipeline-a"} 5\n${FAILED}{exporter="otlp_grpc/metricpipeline-a"} 9\n`),
      };
      const results = evaluate({
        gateway: withRefusals,
        windowSeconds: 30,
        previous: { a: { problems: ['GatewayThrottling'] } },
      });
      assert.equal(results['a']?.reason, 'GatewayThrottling');
      assert.deepEqual(results['a']?.pending, ['GatewayAllTelemetryDataDropped']);
    });

    it('reports probing failures immediately', () => {
      const results = evaluate({ gateway: { probeError: 'x' }, windowSeconds: 5, pipelines: ['a'] });
      assert.equal(results['a']?.reason, 'GatewayProbingFailed');
    });

    it('ignores previous results with a window of 60 s or more', () => {
      const results = evaluate({ gateway: droppingGateway(), windowSeconds: 60, previous: { a: { problems: [] } } });
      assert.equal(results['a']?.reason, 'GatewayAllTelemetryDataDropped');
    });
  });

  it('applies shared agent exporters to agent pipelines only; no agent input means no agent problems', () => {
    const agent: CollectorScrapes = {
      before: parseSnapshot(`${SENT}{exporter="otlp_grpc/gateway"} 1\n`),
      after: parseSnapshot(`${SENT}{exporter="otlp_grpc/gateway"} 1\n${FAILED}{exporter="otlp_grpc/gateway"} 4\n`),
    };
    const healthyGateway: CollectorScrapes = {
      before: parseSnapshot(`${SENT}{exporter="otlp_grpc/metricpipeline-a"} 1\n${SENT}{exporter="otlp_grpc/metricpipeline-b"} 1\n`),
      after: parseSnapshot(`${SENT}{exporter="otlp_grpc/metricpipeline-a"} 2\n${SENT}{exporter="otlp_grpc/metricpipeline-b"} 2\n`),
    };
    assert.deepEqual(reasons(evaluate({ gateway: healthyGateway, agent, windowSeconds: 60 })), {
      a: 'AgentAllTelemetryDataDropped',
      b: 'AgentAllTelemetryDataDropped',
    });
    assert.deepEqual(reasons(evaluate({ gateway: healthyGateway, agent, windowSeconds: 60, agentPipelines: ['b'] })), {
      a: 'FlowHealthy',
      b: 'AgentAllTelemetryDataDropped',
    });
    assert.deepEqual(reasons(evaluate({ gateway: healthyGateway, windowSeconds: 60 })), { a: 'FlowHealthy', b: 'FlowHealthy' });
  });

  it('ignores trace/log pipeline exporters in the agent', () => {
    const agent: CollectorScrapes = {
      before: parseSnapshot(`${SENT}{exporter="otlp_grpc/tracepipeline-t"} 1\n`),
      after: parseSnapshot(`${SENT}{exporter="otlp_grpc/tracepipeline-t"} 1\n${FAILED}{exporter="otlp_grpc/tracepipeline-t"} 4\n`),
    };
    assert.deepEqual(reasons(evaluate({ gateway: droppingGateway(), agent, windowSeconds: 60, pipelines: ['b'] })), { b: 'FlowHealthy' });
  });

  it('evaluates the synthesized v0.159 sample D as AFTER of a quiet BEFORE', () => {
    const after = parseSnapshot(realSample('d-v0.159-default-reader-synthesized.prom'));
    const before = parseSnapshot(realSample('d-v0.159-default-reader-synthesized.prom'));
    // Same snapshot twice: no counter moved, but backend-a's queue is at 812/1000.
    assert.deepEqual(reasons(evaluate({ gateway: { before, after }, windowSeconds: 60 })), {
      'backend-a': 'GatewayBufferFillingUp',
      'backend-b': 'FlowHealthy',
    });
    // Missing from BEFORE but up for 3712 s, far longer than the window: its BEFORE scrape failed, and its
    // lifetime totals are no increase. Only the gauge counts.
    const unmatched = evaluate({ gateway: { before: new Map(), after }, windowSeconds: 60 });
    assert.deepEqual(reasons(unmatched), { 'backend-a': 'GatewayBufferFillingUp', 'backend-b': 'FlowHealthy' });
    // With a window as long as its uptime it is a new pod: everything counts, refusals and backend-a's drops.
    const fresh = evaluate({ gateway: { before: new Map(), after }, windowSeconds: 3700 });
    assert.deepEqual(reasons(fresh), { 'backend-a': 'GatewaySomeTelemetryDataDropped', 'backend-b': 'GatewayThrottling' });
    assert.deepEqual(fresh['backend-a']?.problems, ['GatewaySomeTelemetryDataDropped', 'GatewayThrottling', 'GatewayBufferFillingUp']);
  });

  it('evaluates the synthesized Kyma-reader sample E (_total names, uptime_seconds_total) as a new pod', () => {
    const after = parseSnapshot(realSample('e-v0.159-kyma-reader-synthesized.prom'));
    assert.deepEqual(reasons(evaluate({ gateway: { before: new Map(), after }, windowSeconds: 60 })), { a: 'FlowHealthy' });
    const results = evaluate({ gateway: { before: new Map(), after }, windowSeconds: 3700 });
    assert.deepEqual(results['a']?.problems, ['GatewaySomeTelemetryDataDropped', 'GatewayThrottling']);
  });

  it('evaluates the real v0.90 capture B as an agent (exporter "otlp" without a pipeline name)', () => {
    const agentSnap = parseSnapshot(realSample('b-v0.90.0-dev-real.prom'));
    const results = evaluate({ gateway: droppingGateway(), agent: { before: agentSnap, after: agentSnap }, windowSeconds: 60 });
    assert.equal(results['b']?.reason, 'FlowHealthy');
  });

  it('finds no pipeline in the real v0.124.1 capture A (debug exporter only)', () => {
    const snap = parseSnapshot(realSample('a-v0.124.1-real.prom'));
    assert.deepEqual(evaluate({ gateway: { before: snap, after: snap }, windowSeconds: 60 }), {});
  });

  it('rejects a window that is not a positive number', () => {
    for (const w of [0, -5, Number.NaN, Infinity]) {
      assert.throws(() => evaluate({ gateway: droppingGateway(), windowSeconds: w }), RangeError);
    }
  });
});
