#!/usr/bin/env node
'use strict';
// The function's JavaScript launcher: what the container runs, and what function/metricpipeline-fn (the
// executable kustomize and kpt call) links to where no single executable was built (scripts/build-native.js).
const path = require('node:path');
const { loadBundle } = require('./lib/load-bundle.js');

loadBundle(path.join(__dirname, '..', 'dist', 'bundle', 'metricpipeline-fn.js')).exports.main();
