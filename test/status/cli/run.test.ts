/**
 * The `run` command as shipped: usage handling, and the bundled program (dist/bundle/metricpipeline-status.js
 * through the function/metricpipeline-status launcher, as the CronJob starts it) against the fake API
 * server with a real kubeconfig file and the real clock.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/status/cli';
import { RUN_USAGE } from '../../../src/status/cli/run';
import { LAUNCHER, REPO_ROOT } from '../support/fixtures';
import { NS, type FakeCluster } from '../support/fake-cluster';
import { brief, cluster } from '../support/job-harness';

async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Spawns asynchronously: the fake API server runs in this process and must keep answering. */
function spawnLauncher(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { env, cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('status/cli/run', function () {
  this.timeout(30_000);

  it('prints its usage with --help and exits 0', async () => {
    const r = await inProcess(['run', '--help']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, RUN_USAGE);
  });

  it('rejects bad options with one JSON log line and the usage, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['run', '--window', '0'], /--window must be a positive number of seconds/],
      [['run', '--timeout', 'x'], /--timeout must be a positive number/],
      [['run', '--namespace', 'Not_A_Namespace'], /--namespace must be a namespace name/],
      [['run', '--prometheus-url', 'ftp://x'], /--prometheus-url must be an http/],
      [['run', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['run', 'extra'], /Unexpected argument 'extra'|unexpected/i],
    ];
    for (const [args, pattern] of cases) {
      const r = await inProcess(args);
      assert.equal(r.code, 2, args.join(' '));
      const first = JSON.parse(r.stderr.split('\n')[0] as string) as { level: string; msg: string; error: string };
      assert.equal(first.level, 'error');
      assert.match(first.error, pattern, args.join(' '));
      assert.ok(r.stderr.includes(RUN_USAGE));
    }
  });

  it('mentions run in the evaluate usage', async () => {
    const r = await inProcess(['--help']);
    assert.match(r.stdout, /metricpipeline-status run \[OPTIONS\]/);
  });

  describe('the bundled program through the launcher', () => {
    let c: FakeCluster;
    let dir: string;
    afterEach(async () => {
      await c?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes status with a kubeconfig file and the real clock', async function () {
      if (!existsSync(join(REPO_ROOT, 'dist', 'bundle', 'metricpipeline-status.js'))) this.skip();
      c = await cluster({ pipelines: { a: false } });
      dir = mkdtempSync(join(tmpdir(), 'mps-run-'));
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, c.kube.kubeConfigYaml());
      const env = { PATH: process.env['PATH'] ?? '', HOME: dir };
      const r = await spawnLauncher(['run', '--kubeconfig', kubeconfig, '--namespace', NS, '--window', '1', '--timeout', '10', '--call-timeout', '3'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      for (const line of r.stderr.trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), line);
      assert.deepEqual(brief(c, 'a')['Ready']?.slice(0, 2), ['True', 'Healthy']);
      assert.ok(c.kube.configMaps.has(`${NS}/telemetry-metric-status`));
    });

    it('exits 2 with a log line when no cluster is configured', async function () {
      if (!existsSync(join(REPO_ROOT, 'dist', 'bundle', 'metricpipeline-status.js'))) this.skip();
      dir = mkdtempSync(join(tmpdir(), 'mps-run-'));
      const r = await spawnLauncher(['run', '--timeout', '2'], { PATH: process.env['PATH'] ?? '', HOME: dir, KUBECONFIG: join(dir, 'none') });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /"level":"error","msg":"bad usage"/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  });
});
