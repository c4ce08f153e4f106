/**
 * Golden-file comparison. Paths are relative to test/golden/ in the source tree (not dist/), so that
 * `UPDATE_GOLDEN=1` rewrites the checked-in files and a review shows the change as a diff.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: compiled tests run from dist/test/..., the golden files live in test/golden. */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export function goldenPath(relativePath: string): string {
  return path.join(repoRoot(), 'test', 'golden', relativePath);
}

/** `line N: expected "..." but got "..."`, so a failure is readable without scrolling through a diff. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}: expected ${JSON.stringify(e[i] ?? '<end of file>')}, got ${JSON.stringify(a[i] ?? '<end of file>')}`;
  }
  return 'no line differs';
}

/** Compares `actual` with the golden file, or (with UPDATE_GOLDEN=1) writes it. */
export function expectGolden(relativePath: string, actual: string): void {
  const file = goldenPath(relativePath);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`golden file test/golden/${relativePath} is missing; run the tests with UPDATE_GOLDEN=1 to create it`);
  const expected = fs.readFileSync(file, 'utf8');
  if (actual === expected) return;
  expect(actual, `differs from test/golden/${relativePath} at ${firstDifference(expected, actual)} (UPDATE_GOLDEN=1 rewrites it)`).to.equal(expected);
}
