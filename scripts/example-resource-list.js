'use strict';
// The bundled example (fixtures/example) as one ResourceList: the input the build warms the function
// up on (code cache, start-up snapshot) and checks the native executable against.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { parseAllDocuments, stringify } = require('yaml');

const root = path.resolve(__dirname, '..');

function exampleItems() {
  return ['pipelines.yaml', 'secrets.yaml'].flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(root, 'fixtures', 'example', f), 'utf8')).map((d) => d.toJS()),
  );
}

function resourceList(items) {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
}

function exampleResourceList() {
  return resourceList(exampleItems());
}

module.exports = { exampleItems, exampleResourceList, resourceList };
