/**
 * Imports between the folders of src/ run one way:
 *
 *   krm → render → {validate, collector, manifests} → plan → {api, contract} → core
 *                   validate → ottl → core
 *   status → {contract, api, core}          (the status program: nothing of the function's pipeline)
 *
 * A folder may import any folder below it, never one above it or beside it (validate, collector and
 * manifests do not import each other; neither do api and contract). constants and yaml are leaves: anyone
 * may import them, they import nothing of src/. A folder this test does not know fails it, so a new
 * folder gets its place here.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../support/run-fn';

const SRC = path.join(REPO_ROOT, 'src');

/** Importable from everywhere; import nothing of src/. */
const LEAVES = ['constants', 'yaml'];

/** What each folder may import besides itself and the leaves. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  krm: ['render', 'validate', 'collector', 'manifests', 'ottl', 'plan', 'api', 'contract', 'core'],
  render: ['validate', 'collector', 'manifests', 'ottl', 'plan', 'api', 'contract', 'core'],
  validate: ['ottl', 'plan', 'api', 'contract', 'core'],
  collector: ['plan', 'api', 'contract', 'core'],
  manifests: ['plan', 'api', 'contract', 'core'],
  plan: ['api', 'contract', 'core'],
  ottl: ['core'],
  api: ['core'],
  contract: ['core'],
  core: [],
  status: ['contract', 'api', 'core'],
  constants: [],
  yaml: [],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `core` for src/core/clip.ts, `constants` for src/constants.ts. */
function folderOf(file: string): string {
  const [first] = path.relative(SRC, file).split(path.sep) as [string];
  return first.replace(/\.ts$/, '');
}

interface Import {
  file: string;
  line: number;
  specifier: string;
  target: string;
}

/** Every relative import, export-from, require() and import() of a file, with the src/ folder it reaches. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.filter((ref) => ref.fileName.startsWith('.'))
    .map((ref) => ({
      file: path.relative(REPO_ROOT, file),
      line: source.getLineAndCharacterOfPosition(ref.pos).line + 1,
      specifier: ref.fileName,
      target: path.resolve(path.dirname(file), ref.fileName),
    }));
}

function allowed(from: string, to: string): boolean {
  return from === to || LEAVES.includes(to) || (MAY_IMPORT[from]?.includes(to) ?? false);
}

describe('architecture: imports between src/ folders run one way', () => {
  const files = sources(SRC);

  it('places every folder of src/ in the order', () => {
    const unknown = [...new Set(files.map(folderOf))].filter((folder) => !(folder in MAY_IMPORT));
    expect(unknown, 'folders without a place in MAY_IMPORT').to.deep.equal([]);
  });

  it('finds the imports it checks', () => {
    // Guards the parser: the function's entry point imports the processor.
    const main = importsOf(path.join(SRC, 'krm', 'main.ts')).map((i) => folderOf(i.target));
    expect(main).to.include('render');
  });

  it('has no import against the order (upward, or sideways between folders of one level)', () => {
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((i) => i.target.startsWith(SRC + path.sep))
        .filter((i) => !allowed(folderOf(path.join(REPO_ROOT, i.file)), folderOf(i.target)))
        .map((i) => `${i.file}:${i.line} imports '${i.specifier}' (${folderOf(path.join(REPO_ROOT, i.file))} → ${folderOf(i.target)})`),
    );
    expect(violations).to.deep.equal([]);
  });

  it('imports nothing outside src/ from src/', () => {
    const outside = files.flatMap((file) =>
      importsOf(file)
        .filter((i) => !i.target.startsWith(SRC + path.sep))
        .map((i) => `${i.file}:${i.line} imports '${i.specifier}'`),
    );
    expect(outside).to.deep.equal([]);
  });
});
