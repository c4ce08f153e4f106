'use strict';
// Inputs of the render benchmarks: MetricPipelines and the ordinary objects of a repository around them.
const { stringify } = require('yaml');

function resourceList(items, functionConfig) {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) }, { aliasDuplicateObjects: false });
}

function pipeline(name, spec = {}) {
  return {
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: { ...spec, output: { otlp: { endpoint: { value: `https://${name}.backend.example.com:4317` } } } },
  };
}

function configMap(i) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `app-config-${i}`, namespace: `team-${i % 20}`, labels: { app: `app-${i % 100}`, tier: 'backend' } },
    data: { 'settings.yaml': `replicas: ${i % 5}\nmode: "0755"\nreleased: 2021-01-01\n`, version: '1.10', enabled: 'yes', id: String(i) },
  };
}

function deployment(i) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: `team-${i % 20}`, labels: { app: `app-${i}` }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: `app-${i}` } },
      template: {
        metadata: { labels: { app: `app-${i}` } },
        spec: { containers: [{ name: 'app', image: `registry.example.com/app:${i}.0.1`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }] },
      },
    },
  };
}

/** `n` ordinary objects, ConfigMaps and Deployments alternating. */
function others(n) {
  return Array.from({ length: n }, (_, i) => (i % 2 ? configMap(i) : deployment(i)));
}

module.exports = { resourceList, pipeline, configMap, deployment, others };
