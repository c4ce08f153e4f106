/** Locates and loads the flow-health fixtures for the tests (compiled to dist/test/status/support). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSnapshot, type PodMetrics } from '../../../src/status/metrics/samples';
import type { FlowReason } from '../../../src/status/flow/reasons';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const FIXTURES = join(REPO_ROOT, 'fixtures', 'status');
export const SCENARIOS = join(FIXTURES, 'scenarios');
export const REAL = join(FIXTURES, 'real');
/** The project's copy of the researched /metrics captures (fixtures/status/README.md says where they come from). */
export const REFERENCE_SAMPLES = join(REAL, 'reference-samples.txt');
export const CLI = join(REPO_ROOT, 'dist', 'src', 'status', 'cli.js');
export const LAUNCHER = join(REPO_ROOT, 'function', 'metricpipeline-status');

export interface Scenario {
  name: string;
  dir: string;
  description: string;
  window: number;
  gateway: [string, string];
  agent?: [string, string];
  pipelines?: string;
  expected: Record<string, FlowReason>;
  stderr?: string;
}

export function scenarios(): Scenario[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(SCENARIOS, name);
      const spec = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as Omit<Scenario, 'name' | 'dir'>;
      return { ...spec, name, dir };
    });
}

export function scenarioArgs(s: Scenario): string[] {
  const args = ['evaluate', '--gateway', join(s.dir, s.gateway[0]), join(s.dir, s.gateway[1]), '--window', String(s.window)];
  if (s.agent !== undefined) args.push('--agent', join(s.dir, s.agent[0]), join(s.dir, s.agent[1]));
  if (s.pipelines !== undefined) args.push('--pipelines', join(s.dir, s.pipelines));
  return args;
}

export function loadSnapshot(file: string): Map<string, PodMetrics> {
  return parseSnapshot(readFileSync(file, 'utf8'), file);
}

export function realSample(name: string): string {
  return readFileSync(join(REAL, name), 'utf8');
}
