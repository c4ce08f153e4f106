/**
 * The Argo CD health check (health/argocd/telemetry.kyma-project.io_MetricPipeline/health.lua) evaluated by
 * gopher-lua as Argo CD sets it up for a check configured in argocd-cm (.peers/bin/lua-health, built from
 * test/peers/lua-health by scripts/peers/build-lua-health: Argo CD's library set, its decodeValue conversion
 * of the object into `obj`, its 1-second deadline and its reading of the returned table). Same cases and
 * expectations as the Lua 5.1 suite (argocd-health.test.ts), from test/health/cases.ts.
 * Skips loudly without the peer; mandatory when REQUIRE_TOOLS contains lua-health.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from '../support/peers';
import { EXPECTED_STATUSES, HEALTH_TESTS, loadSample, SCRIPT, type HealthStatus } from './cases';

interface Result {
  code: number;
  health?: HealthStatus;
  stderr: string;
}

function evaluate(runner: string, script: string, object: unknown): Result {
  const r = spawnSync(runner, [script], { input: JSON.stringify(object), encoding: 'utf8', timeout: 30_000 });
  const code = r.status ?? -1;
  const stderr = `${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  return code === 0 ? { code, health: JSON.parse(r.stdout) as HealthStatus, stderr } : { code, stderr };
}

function health(runner: string, object: unknown): HealthStatus {
  const r = evaluate(runner, SCRIPT, object);
  assert.equal(r.code, 0, `lua-health failed: ${r.stderr}`);
  return r.health as HealthStatus;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('Argo CD health check for MetricPipeline (gopher-lua, as Argo CD runs it)', function () {
  let runner = '';
  before(function () {
    runner = requirePeer(this, 'lua-health');
  });

  for (const t of HEALTH_TESTS) {
    it(`${t.inputPath}: ${t.healthStatus.status}`, () => {
      assert.deepEqual(health(runner, loadSample(t.inputPath)), t.healthStatus);
    });
  }

  it('covers every sample and every health status it can return', () => {
    const samples = HEALTH_TESTS.map((t) => t.inputPath);
    assert.equal(new Set(samples).size, samples.length);
    assert.deepEqual([...new Set(HEALTH_TESTS.map((t) => t.healthStatus.status))].sort(), EXPECTED_STATUSES);
  });

  it('reads JSON null as absent: `status: null` is the same as no status', () => {
    const noStatus = HEALTH_TESTS.find((t) => t.inputPath === 'testdata/no-status.yaml');
    assert.ok(noStatus, 'the no-status case');
    const object = clone(loadSample('testdata/healthy.yaml')) as Record<string, unknown>;
    object['status'] = null;
    assert.deepEqual(health(runner, object), noStatus.healthStatus);
    object['status'] = { conditions: [] };
    assert.deepEqual(health(runner, object), noStatus.healthStatus);
  });

  it('falls back to the reason when a failing condition has a null message', () => {
    const object = clone(loadSample('testdata/configuration-invalid.yaml')) as { status: { conditions: Record<string, unknown>[] } };
    const generated = object.status.conditions.find((c) => c['type'] === 'ConfigurationGenerated');
    assert.ok(generated);
    generated['message'] = null;
    assert.deepEqual(health(runner, object), { status: 'Degraded', message: 'ConfigurationGenerated: ReferencedSecretMissing' });
  });

  it("compares generations as numbers, as Argo CD's integers arrive", () => {
    const object = clone(loadSample('testdata/healthy.yaml')) as { metadata: { generation: number } };
    object.metadata.generation = 10; // as strings, the observed generation ("2") would not be below "10"
    const observed = (loadSample('testdata/healthy.yaml') as { status: { observedGeneration?: number } }).status.observedGeneration;
    assert.ok(typeof observed === 'number' && observed < 10 && String(observed) > '10', `healthy.yaml observedGeneration ${observed}`);
    assert.deepEqual(health(runner, object), { status: 'Progressing', message: 'Waiting for the status of generation 10' });
  });

  it('runs in the library set the health check was written for (no string, math, io or os global)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mps-gopher-lua-'));
    try {
      const probe = join(dir, 'probe.lua');
      writeFileSync(
        probe,
        [
          'local seen = {}',
          'for _, name in ipairs({ "string", "math", "io", "os", "debug", "table", "ipairs", "tostring" }) do',
          '  seen[#seen + 1] = name .. "=" .. type(_G[name])',
          'end',
          'return { status = "Healthy", message = table.concat(seen, " ") }',
        ].join('\n'),
      );
      const r = evaluate(runner, probe, {});
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.health, {
        status: 'Healthy',
        message: 'string=nil math=nil io=nil os=nil debug=nil table=table ipairs=function tostring=function',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
