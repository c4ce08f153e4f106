import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { run } from '../../src/krm/main';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The executable orchestrators run (and the image): the launcher of the esbuild bundle, dist/bundle/metricpipeline-fn.js. */
export const FUNCTION_BIN = path.join(REPO_ROOT, 'function', 'metricpipeline-fn');

export interface FnRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real executable, as an orchestrator would. */
export function runFunctionBinary(input: string | Buffer, args: string[] = []): FnRun {
  const r = spawnSync(FUNCTION_BIN, args, { input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the function in-process with a fixed clock (fast, for most tests). */
export function runFunction(input: string, now = new Date('2026-11-24T00:00:00Z')): FnRun {
  let stdout = '';
  let stderr = '';
  const code = run([], { stdin: () => input, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), now: () => now });
  return { code, stdout, stderr };
}
