'use strict';
// Bundles each program into one minified CommonJS file: start-up reads one file instead of resolving
// a module tree. For the function, it also writes V8's code cache after a warm-up run on the bundled
// example (see function/lib/load-bundle.js), because most of a cold start is compiling code.
const { buildSync } = require('esbuild');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { parseAllDocuments, stringify } = require('yaml');
const { loadBundle } = require('../function/lib/load-bundle.js');

const root = path.resolve(__dirname, '..');
const programs = [
  { entry: 'src/krm/main.ts', out: 'dist/bundle/metricpipeline-fn.js', warmUp: warmUpFunction },
  { entry: 'src/status/cli.ts', out: 'dist/bundle/metricpipeline-status.js' },
];

function exampleResourceList() {
  const items = ['pipelines.yaml', 'secrets.yaml'].flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(root, 'fixtures', 'example', f), 'utf8')).map((d) => d.toJS()),
  );
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
}

function warmUpFunction(file) {
  const { exports, script } = loadBundle(file);
  const input = exampleResourceList();
  // Twice: the second pass runs what the first compiled lazily; output goes nowhere.
  for (let i = 0; i < 2; i++) {
    exports.run([], { stdin: () => input, stdout: () => undefined, stderr: () => undefined, now: () => new Date() });
  }
  writeFileSync(`${file}.cache`, script.createCachedData());
}

for (const { entry, out, warmUp } of programs) {
  if (!existsSync(path.join(root, entry))) continue;
  const outfile = path.join(root, out);
  buildSync({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (warmUp) warmUp(outfile);
}
