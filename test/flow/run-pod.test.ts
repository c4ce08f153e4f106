/**
 * scripts/peers/run-pod, the stand-in for the kubelet in the flow tests, checked against the real API server:
 * the rendered gateway Deployment is run with its container's command replaced by a shell that reports what
 * the container sees (everything else of the workload, and every other rendered object, unchanged). Proves
 * that the config file is the ConfigMap value byte for byte at its mount path, the environment is what the
 * kubelet would give (envFrom the merged Secret, downward API, KUBERNETES_SERVICE_*; nothing of the caller),
 * the service-account token is a real TokenRequest token for the rendered ServiceAccount, and the Pod object
 * exists with its pod IP, node, phase and owners.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { requirePeer, startControlPlane, type ControlPlane } from '../support/peers';
import { podEnvSupport } from '../support/pod-env';
import { REPO_ROOT, runFunction } from '../support/run-fn';
import { RUN_POD } from '../support/run-pod';
import { requireOrSkip, requireTool } from '../support/tools';

const POD_IP = '127.0.0.5';
const HOST_IP = '127.0.0.6';
const HEADER = 'v$a${env:HOME}l';
const CA_BUNDLE = '-----BEGIN CERTIFICATE-----\nrun-pod --ca-bundle\n-----END CERTIFICATE-----\n';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; ownerReferences?: { kind: string; name: string }[] };
  data?: Record<string, string>;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

describe('run-pod: the kubelet stand-in runs a rendered workload as a pod would see it', function () {
  this.timeout(120_000);
  let cp: ControlPlane | undefined;
  let dir = '';
  let items: Obj[] = [];
  let report: Record<string, string> = {};
  let env: Record<string, string> = {};
  let run: { status: number | null; stderr: string; stdout: string } = { status: null, stderr: '', stdout: '' };
  let confExisted = false;

  before(function () {
    requirePeer(this, 'kube-apiserver');
    requirePeer(this, 'etcd');
    requirePeer(this, 'otelcol');
    requireTool(this, 'kubectl');
    const support = podEnvSupport();
    requireOrSkip(this, 'otelcol', support.ok, `the pod environment cannot be built: ${support.why}`);
    confExisted = existsSync('/conf');
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-runpod-'));
    cp = startControlPlane();

    const input = {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusImage: 'registry.example.com/status:1' } },
      items: [
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'backends' }, stringData: { h: HEADER } },
        {
          apiVersion: 'telemetry.kyma-project.io/v1beta1',
          kind: 'MetricPipeline',
          metadata: { name: 'one' },
          spec: { output: { otlp: { protocol: 'http', endpoint: { value: 'http://127.0.0.1:9' }, headers: [{ name: 'X-H', valueFrom: { secretKeyRef: { name: 'creds', namespace: 'backends', key: 'h' } } }] } } },
        },
      ],
    };
    const fn = runFunction(stringify(input));
    expect(fn.code, fn.stderr).to.equal(0);
    items = (parse(fn.stdout) as { items: Obj[] }).items;
    cp.kubectl(['apply', '-f', path.join(REPO_ROOT, 'crd')]);
    for (const ns of ['kyma-system', 'backends']) cp.kubectl(['create', 'namespace', ns]);
    for (let i = 0; ; i++) {
      try {
        cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
        break;
      } catch (e) {
        // The CRD may not be served yet right after it was created.
        if (i > 50 || !/no matches for kind "MetricPipeline"/.test((e as Error).message)) throw e;
        spawnSync('sleep', ['0.2']);
      }
    }

    // The same objects, but the gateway container runs a shell that reports what it sees.
    const out = path.join(dir, 'seen');
    const script = [
      'set -e',
      `mkdir -p ${out}`,
      `cp /conf/relay.conf ${out}/relay.conf`,
      `cp -r /var/run/secrets/kubernetes.io/serviceaccount/. ${out}/sa`,
      `env -0 > ${out}/env`,
      `cp /etc/hosts ${out}/hosts`,
      `cp /etc/ssl/certs/ca-certificates.crt ${out}/ca-bundle`,
      `if touch /conf/probe 2>/dev/null; then echo conf=writable; else echo conf=read-only; fi`,
    ].join('\n');
    const derived = items.map((o) => {
      if (o.kind !== 'Deployment' || o.metadata.name !== 'telemetry-metric-gateway') return o;
      const copy = structuredClone(o) as Obj & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
      copy.spec.template.spec.containers[0]!['command'] = ['/bin/sh', '-c', script];
      copy.spec.template.spec.containers[0]!['args'] = [];
      return copy;
    });
    const outputFile = path.join(dir, 'output.yaml');
    writeFileSync(outputFile, stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: derived }));
    const bundle = path.join(dir, 'ca-bundle.crt');
    writeFileSync(bundle, CA_BUNDLE);
    const r = spawnSync(RUN_POD, [outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', '--kubeconfig', cp.kubeconfig, '--pod-ip', POD_IP, '--node', 'node-7', '--add-host', `node-7=${HOST_IP}`, '--ca-bundle', bundle], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    expect(r.status, `${r.stdout}\n${r.stderr}`).to.equal(0);
    report = Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    env = Object.fromEntries(
      readFileSync(path.join(out, 'env'), 'utf8')
        .split('\0')
        .filter((l) => l !== '')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  });

  after(() => {
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const rendered = (kind: string, name: string) => items.find((o) => o.kind === kind && o.metadata.name === name)!;

  it('mounts the ConfigMap value byte for byte at the rendered path, read-only, in a private mount namespace', () => {
    const conf = readFileSync(path.join(dir, 'seen', 'relay.conf'));
    const want = Buffer.from(rendered('ConfigMap', 'telemetry-metric-gateway').data!['relay.conf']!, 'utf8');
    expect(createHash('sha256').update(conf).digest('hex')).to.equal(createHash('sha256').update(want).digest('hex'));
    expect(report['conf']).to.equal('read-only');
    expect(existsSync('/conf'), 'the host keeps its /conf as it was').to.equal(confExisted);
  });

  it('writes the kubelet\'s /etc/hosts (localhost, the pod\'s own name) with the --add-host entries; the host\'s stays', () => {
    const lines = readFileSync(path.join(dir, 'seen', 'hosts'), 'utf8').split('\n');
    expect(lines).to.include('127.0.0.1\tlocalhost');
    expect(lines.some((l) => l.startsWith(`${POD_IP}\ttelemetry-metric-gateway-`))).to.equal(true);
    expect(lines).to.include(`${HOST_IP}\tnode-7`);
    expect(readFileSync('/etc/hosts', 'utf8')).to.not.include('node-7');
  });

  it('gives the container the --ca-bundle file as its CA bundle; the host\'s stays', () => {
    expect(readFileSync(path.join(dir, 'seen', 'ca-bundle'), 'utf8')).to.equal(CA_BUNDLE);
    expect(readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8')).to.not.include('run-pod --ca-bundle');
  });

  it('gives the container the kubelet environment: envFrom the merged Secret, downward API, the API server; nothing of the caller', () => {
    const secret = rendered('Secret', 'telemetry-metric-gateway');
    for (const [k, v] of Object.entries(secret.data ?? {})) expect(env[k], k).to.equal(Buffer.from(v, 'base64').toString('utf8'));
    expect(env['MY_POD_IP']).to.equal(POD_IP);
    expect(env['MY_NODE_NAME']).to.equal('node-7');
    const port = /APISERVER_PORT=(\d+)/.exec(readFileSync(path.join(cp!.dir, 'cluster.env'), 'utf8'))![1];
    expect(env['KUBERNETES_SERVICE_HOST']).to.equal('127.0.0.1');
    expect(env['KUBERNETES_SERVICE_PORT']).to.equal(port);
    expect(env['HOME'], 'HOME does not leak in').to.equal(undefined);
    expect(env['HOSTNAME']).to.match(/^telemetry-metric-gateway-/);
  });

  it('mounts a TokenRequest token of the rendered ServiceAccount, the serving CA and the namespace', () => {
    const sa = path.join(dir, 'seen', 'sa');
    expect(readFileSync(path.join(sa, 'namespace'), 'utf8')).to.equal('kyma-system');
    const port = /APISERVER_PORT=(\d+)/.exec(readFileSync(path.join(cp!.dir, 'cluster.env'), 'utf8'))![1];
    // As the pod would: the token and ca.crt only, against KUBERNETES_SERVICE_HOST:PORT.
    const whoami = spawnSync(
      'kubectl',
      ['--kubeconfig', '/dev/null', '--server', `https://127.0.0.1:${port}`, '--certificate-authority', path.join(sa, 'ca.crt'), '--token', readFileSync(path.join(sa, 'token'), 'utf8'), 'auth', 'whoami', '-o', 'json'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(whoami.status, whoami.stderr).to.equal(0);
    const user = (JSON.parse(whoami.stdout) as { status: { userInfo: { username: string; extra?: Record<string, string[]> } } }).status.userInfo;
    expect(user.username).to.equal('system:serviceaccount:kyma-system:telemetry-metric-gateway');
    expect(user.extra?.['authentication.kubernetes.io/pod-name']?.[0], 'bound to the Pod object').to.match(/^telemetry-metric-gateway-/);
  });

  it('creates the Pod (pod IP, node, owners), the ReplicaSet and the Node in the API server, and ends it Succeeded', () => {
    const pods = (JSON.parse(cp!.kubectl(['get', 'pods', '-n', 'kyma-system', '-o', 'json'])) as { items: Obj[] }).items;
    expect(pods).to.have.length(1);
    const pod = pods[0]!;
    expect(pod.spec!['nodeName']).to.equal('node-7');
    expect(pod.status!['podIP']).to.equal(POD_IP);
    expect(pod.status!['phase']).to.equal('Succeeded');
    const rsRef = pod.metadata.ownerReferences?.[0];
    expect(rsRef?.kind).to.equal('ReplicaSet');
    const rs = JSON.parse(cp!.kubectl(['get', 'replicaset', rsRef!.name, '-n', 'kyma-system', '-o', 'json'])) as Obj;
    expect(rs.metadata.ownerReferences?.[0]).to.include({ kind: 'Deployment', name: 'telemetry-metric-gateway' });
    cp!.kubectl(['get', 'node', 'node-7']);
    expect(run.stderr).to.match(/created Pod kyma-system\/telemetry-metric-gateway-/);
  });
});
