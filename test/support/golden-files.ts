/**
 * Minimal golden-file helper for the manifest tests (stand-in until test/support/golden.ts exists; same
 * signature). Paths are relative to test/golden/; UPDATE_GOLDEN=1 rewrites the file instead of comparing.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: tests run from dist/test/support, sources live in test/. */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export function goldenPath(relativePath: string): string {
  return path.join(repoRoot(), 'test', 'golden', relativePath);
}

export function expectGolden(relativePath: string, actual: string): void {
  const file = goldenPath(relativePath);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`golden file ${relativePath} is missing; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual, `output differs from golden ${relativePath} (UPDATE_GOLDEN=1 rewrites it)`).to.equal(fs.readFileSync(file, 'utf8'));
}
