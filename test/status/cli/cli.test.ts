import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, USAGE } from '../../../src/status/cli';
import { FLOW_MESSAGES, type FlowReason } from '../../../src/status/flow/reasons';
import { CLI, LAUNCHER, REAL, SCENARIOS, scenarioArgs, scenarios } from '../support/fixtures';
import { fleetSnapshot } from '../support/generate';

function run(args: string[], command: string[] = [process.execPath, CLI]): SpawnSyncReturns<string> {
  return spawnSync(command[0] as string, [...command.slice(1), ...args], { encoding: 'utf8' });
}

/** Runs main() in-process, capturing its output. */
async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function assertOneLineError(result: SpawnSyncReturns<string>, pattern: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] as string, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

const THROTTLING = join(SCENARIOS, 'throttling');
const GATEWAY = ['--gateway', join(THROTTLING, 'gateway-before.prom'), join(THROTTLING, 'gateway-after.prom')];

describe('status/cli', () => {
  describe('evaluates every scenario like evaluate() (spawned)', () => {
    for (const s of scenarios()) {
      it(s.name, () => {
        const result = run(scenarioArgs(s));
        assert.equal(result.status, 0, result.stderr);
        const output = JSON.parse(result.stdout) as Record<string, { status: string; reason: FlowReason; message: string }>;
        assert.deepEqual(Object.keys(output), Object.keys(s.expected).sort(), 'keys sorted');
        for (const [pipeline, condition] of Object.entries(output)) {
          assert.deepEqual(Object.keys(condition), ['status', 'reason', 'message']);
          assert.equal(condition.reason, s.expected[pipeline]);
          assert.equal(condition.message, FLOW_MESSAGES[condition.reason]);
        }
        if (s.stderr === undefined) assert.equal(result.stderr, '');
        else assert.ok(result.stderr.includes(s.stderr), result.stderr);
      });
    }
  });

  it('prints the exact JSON document', () => {
    const result = run(['evaluate', ...GATEWAY, '--window', '60']);
    const condition = {
      status: 'False',
      reason: 'GatewayThrottling',
      message: FLOW_MESSAGES.GatewayThrottling,
    };
    assert.equal(result.stdout, `${JSON.stringify({ a: condition, b: condition }, null, 2)}\n`);
  });

  it('sorts keys as strings, also integer-like pipeline names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mps-'));
    try {
      const text = ['zeta', '10', '2', 'alpha'].map((p) => `otelcol_exporter_sent_metric_points{exporter="otlp_grpc/metricpipeline-${p}"} 1`).join('\n');
      writeFileSync(join(dir, 'snap.prom'), text);
      const { code, stdout } = await runInProcess(['evaluate', '--gateway', join(dir, 'snap.prom'), join(dir, 'snap.prom'), '--window', '60']);
      assert.equal(code, 0);
      assert.deepEqual([...stdout.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1]), ['10', '2', 'alpha', 'zeta']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts --opt=value forms and option order', async () => {
    const { code, stdout } = await runInProcess([
      '--window=60',
      `--gateway=${join(THROTTLING, 'gateway-before.prom')}`,
      join(THROTTLING, 'gateway-after.prom'),
      'evaluate',
    ]);
    assert.equal(code, 0);
    assert.ok(stdout.includes('GatewayThrottling'));
  });

  it('evaluates the real captures without pipelines to an empty object', () => {
    const file = join(REAL, 'a-v0.124.1-real.prom');
    const result = run(['evaluate', '--gateway', file, file, '--window', '60']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '{}\n');
  });

  it('rejects garbage input with one line on stderr, exit 2, no stack trace', () => {
    assertOneLineError(run(['evaluate', '--gateway', join(THROTTLING, 'gateway-before.prom'), join(THROTTLING, 'scenario.json'), '--window', '60']), /^metricpipeline-status: .*scenario\.json:1: not Prometheus text: /);
    const dir = mkdtempSync(join(tmpdir(), 'mps-'));
    try {
      writeFileSync(join(dir, 'binary.prom'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x0a]));
      writeFileSync(join(dir, 'late.prom'), 'ok 1\nok 2\nthis is not { prometheus\n');
      assertOneLineError(run(['evaluate', '--gateway', join(dir, 'binary.prom'), join(dir, 'binary.prom'), '--window', '60']), /binary\.prom:1: not Prometheus text/);
      assertOneLineError(run(['evaluate', ...GATEWAY, '--agent', join(dir, 'late.prom'), join(dir, 'late.prom'), '--window', '60']), /late\.prom:3: not Prometheus text/);
      writeFileSync(join(dir, 'pipelines.yaml'), 'a: [unclosed');
      assertOneLineError(run(['evaluate', ...GATEWAY, '--window', '60', '--pipelines', join(dir, 'pipelines.yaml')]), /pipelines\.yaml:1: not YAML or JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports unreadable files with one line, exit 2', () => {
    assertOneLineError(run(['evaluate', '--gateway', '/nonexistent/before.prom', '/nonexistent/after.prom', '--window', '60']), /cannot read \/nonexistent\/before\.prom: no such file/);
    assertOneLineError(run(['evaluate', '--gateway', SCENARIOS, SCENARIOS, '--window', '60']), /is a directory/);
  });

  it('prints usage on stderr with exit 2 for bad usage', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command "evaluate"/],
      [['check', ...GATEWAY, '--window', '60'], /unknown command "check"/],
      [['evaluate', '--window', '60'], /missing --gateway BEFORE AFTER/],
      [['evaluate', '--gateway', 'only-one', '--window', '60'], /--gateway needs two files/],
      [['evaluate', ...GATEWAY, '--agent', 'x', '--window', '60'], /--agent needs two files/],
      [['evaluate', ...GATEWAY], /missing --window SECONDS/],
      [['evaluate', ...GATEWAY, '--window', 'abc'], /--window must be a positive number/],
      [['evaluate', ...GATEWAY, '--window', '0'], /--window must be a positive number/],
      [['evaluate', ...GATEWAY, '--window', '60', 'extra'], /unexpected argument "extra"/],
      [['evaluate', ...GATEWAY, '--window', '60', '--window', '30'], /--window given twice/],
      [['evaluate', ...GATEWAY, '--window', '60', '--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runInProcess(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr.split('\n')[0] as string, message, args.join(' '));
      assert.ok(stderr.includes(USAGE), 'usage follows');
    }
    const spawned = run([]);
    assert.equal(spawned.status, 2);
    assert.ok(spawned.stderr.includes('Usage: metricpipeline-status evaluate --gateway BEFORE AFTER'));
  });

  it('prints usage on stdout with exit 0 for --help', () => {
    const result = run(['--help']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, USAGE);
  });

  it('runs through the function/metricpipeline-status launcher', () => {
    assert.ok((statSync(LAUNCHER).mode & 0o111) !== 0, 'launcher is executable');
    const result = run(['evaluate', ...GATEWAY, '--window', '60'], [LAUNCHER]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.includes('"reason": "GatewayThrottling"'));
    assert.equal(run(['evaluate'], [LAUNCHER]).status, 2);
  });

  it('evaluates a fleet of 200 pods x ~370 series per snapshot (spawned)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mps-perf-'));
    try {
      const pipelines = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
      writeFileSync(join(dir, 'before.prom'), fleetSnapshot({ pods: 200, pipelines, tick: 1 }));
      writeFileSync(join(dir, 'after.prom'), fleetSnapshot({ pods: 200, pipelines, tick: 2, failing: { gamma: 3 } }));
      const args = ['evaluate', '--gateway', join(dir, 'before.prom'), join(dir, 'after.prom'), '--window', '60'];
      const result = run(args);
      assert.equal(result.status, 0, result.stderr);
      const output = JSON.parse(result.stdout) as Record<string, { reason: string }>;
      assert.equal(output['gamma']?.reason, 'GatewaySomeTelemetryDataDropped');
      assert.equal(output['alpha']?.reason, 'FlowHealthy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
