/**
 * The cases of the Argo CD health check for MetricPipeline, shared by the suites that run it in different
 * interpreters (argocd-health.test.ts: Lua 5.1; argocd-gopher-lua.test.ts: gopher-lua as Argo CD sets it
 * up): health_test.yaml in Argo CD's resource_customizations layout, each sample object with the health
 * status and message the script must return for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/run-fn';

export const CHECK_DIR = join(REPO_ROOT, 'health', 'argocd', 'telemetry.kyma-project.io_MetricPipeline');
export const SCRIPT = join(CHECK_DIR, 'health.lua');

export interface HealthStatus {
  status: string;
  message: string;
}

export interface HealthTest {
  healthStatus: HealthStatus;
  inputPath: string;
}

/** health_test.yaml's cases, in file order. */
export const HEALTH_TESTS: HealthTest[] = (parse(readFileSync(join(CHECK_DIR, 'health_test.yaml'), 'utf8')) as { tests: HealthTest[] }).tests;

/** A case's sample object (its inputPath, relative to the check's directory), as plain JSON data. */
export function loadSample(inputPath: string): unknown {
  return parse(readFileSync(join(CHECK_DIR, inputPath), 'utf8'));
}

/** Every health status the cases expect, sorted. */
export const EXPECTED_STATUSES = ['Degraded', 'Healthy', 'Progressing'];
