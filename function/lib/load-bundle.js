'use strict';
// Loads a single-file bundle with V8's code cache. The cache (written by scripts/bundle.js after a
// warm-up run) holds the bytecode of every function the warm-up used, so a cold start skips most
// parsing and compiling. V8 rejects a cache made by another V8 version or for other source, and the
// bundle is then compiled as usual: the cache can make a start faster, never wrong.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

function loadBundle(file) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  const localRequire = Module.createRequire(file);
  script.runInThisContext().call(module.exports, module.exports, localRequire, module, file, path.dirname(file));
  return { exports: module.exports, script };
}

module.exports = { loadBundle };
