'use strict';
// Bundles each program into one minified CommonJS file: start-up reads one file instead of resolving
// a module tree. For the function, it also writes V8's code cache after a warm-up run on the bundled
// example (see function/lib/load-bundle.js), because most of a cold start is compiling code.
const { buildSync } = require('esbuild');
const { existsSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { loadBundle } = require('../function/lib/load-bundle.js');
const { exampleResourceList } = require('./example-resource-list.js');

const root = path.resolve(__dirname, '..');
const programs = [
  { entry: 'src/krm/main.ts', out: 'dist/bundle/metricpipeline-fn.js', warmUp: warmUpFunction },
  { entry: 'src/status/cli.ts', out: 'dist/bundle/metricpipeline-status.js' },
];

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
    absWorkingDir: root,
    // The ES-module builds of io-ts, fp-ts and yaml: esbuild can drop what is never imported (fp-ts
    // shrinks from 27 KB to 2 KB) and skips the CommonJS wrappers, so there is less code to load and
    // less module top level to run at every start. yaml's package.json hands its ES-module build only
    // to non-node conditions; it is the same code (browser/dist is compiled from the same sources).
    mainFields: ['module', 'main'],
    alias: { yaml: './node_modules/yaml/browser/index.js' },
  });
  if (warmUp) warmUp(outfile);
}
