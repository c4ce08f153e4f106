'use strict';
// Bundles each program into one CommonJS file: the function starts by reading one file instead of
// resolving a module tree, which is most of a Node CLI's cold start.
const { buildSync } = require('esbuild');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const programs = [
  { entry: 'src/krm/main.ts', out: 'dist/bundle/metricpipeline-fn.js' },
  { entry: 'src/status/cli.ts', out: 'dist/bundle/metricpipeline-status.js' },
];

for (const { entry, out } of programs) {
  if (!existsSync(path.join(root, entry))) continue;
  buildSync({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
