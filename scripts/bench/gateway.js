'use strict';
// The rendered gateway as it runs in a cluster, for the data-plane benchmark: the function's output applied to
// a real kube-apiserver (scripts/peers/control-plane) that also holds `pods` Pod objects with their pod IPs
// (what k8sattributes watches and looks every resource up in), and the gateway container run by
// scripts/peers/run-pod (the kubelet's stand-in: no kubelet or controllers exist here) under a memory cgroup
// with the rendered memory limit, as the kubelet would enforce it.
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { dist, sleep } = require('./collectors');

const { startControlPlane } = dist('support/peers.js');
const { prepareControlPlane, renderItems } = dist('flow/support.js');
const { runPod } = dist('support/run-pod.js');

const GATEWAY = 'Deployment/kyma-system/telemetry-metric-gateway';
const POD_NAMESPACE = 'shop';

/** The cgroup-v1 memory directory this process runs in, for the gateway's own child cgroup; undefined if not writable. */
function memoryCgroupParent() {
  try {
    const line = require('node:fs').readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => /:memory:/.test(l));
    if (!line) return undefined;
    const dir = path.join('/sys/fs/cgroup/memory', line.split(':')[2]);
    const probe = path.join(dir, `bench-probe-${process.pid}`);
    mkdirSync(probe);
    require('node:fs').rmdirSync(probe);
    return dir;
  } catch {
    return undefined;
  }
}

/** `n` Running pods in POD_NAMESPACE with IPs `${prefix}<10+i/250>.<1+i%250>` (the generator's resources). */
function createPods(cp, n, prefix) {
  const pods = Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `app-${i}`, namespace: POD_NAMESPACE, labels: { app: `app-${i % 50}`, 'app.kubernetes.io/name': `app-${i % 50}` } },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'registry.example.com/app:1' }] },
  }));
  cp.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }));
  const withStatus = pods.map((p, i) => {
    const ip = `${prefix}${10 + Math.floor(i / 250)}.${1 + (i % 250)}`;
    return { ...p, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: '127.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } };
  });
  cp.kubectl(['replace', '--subresource=status', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: withStatus }));
}

async function startCluster(podsPrefix, pods) {
  const cp = startControlPlane();
  await prepareControlPlane(cp, ['kyma-system', POD_NAMESPACE], [POD_NAMESPACE]);
  const t0 = Date.now();
  createPods(cp, pods, podsPrefix);
  const count = cp.kubectl(['get', 'pods', '-n', POD_NAMESPACE, '--field-selector=status.phase=Running', '-o', 'name']).trim().split('\n').length;
  if (count !== pods) throw new Error(`expected ${pods} running pods, the API server has ${count}`);
  return { cp, podsSeconds: (Date.now() - t0) / 1000 };
}

/** Renders `sinks.length` pipelines (one per sink, OTLP/gRPC, plain text) and applies the output. */
function renderGateway(cp, dir, name, sinks, config = {}) {
  const items = sinks.map((s, i) => ({
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name: `pipeline-${i}` },
    spec: { output: { otlp: { protocol: 'grpc', endpoint: { value: `http://${s.endpoint}` } } } },
  }));
  const output = renderItems(items, config);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, output);
  const objects = require('yaml').parse(output).items;
  cp.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'telemetry-metric-gateway');
  return { file, objects, resources: deployment.spec.template.spec.containers[0].resources };
}

async function startGateway(cp, file, podIp, cgroupParent) {
  const pod = await runPod(file, GATEWAY, { kubeconfig: cp.kubeconfig, podIp, node: 'node-1', memoryCgroup: cgroupParent, timeoutMs: 90_000 });
  const cgroup = /memory cgroup (\S+)/.exec(pod.log())?.[1];
  // k8sattributes waits for its informer's first sync before the pipeline starts; give the watch a moment more.
  await sleep(1000);
  return { pod, endpoint: `${podIp}:4317`, metricsUrl: `http://${podIp}:8888/metrics`, cgroup, stop: () => pod.stop(20_000) };
}

module.exports = { memoryCgroupParent, startCluster, renderGateway, startGateway };
