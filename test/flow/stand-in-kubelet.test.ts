/**
 * The kubelet stand-in (test/flow/stand-in-kubelet.ts) checked against the real API server, before the flow
 * test relies on it: it admits exactly whom the kubelet would (TokenReview, then SubjectAccessReview on
 * nodes/stats or nodes/pods|proxy, so the rendered ClusterRoles decide), and reports the node's pods the way
 * the Summary API does.
 */
import { expect } from 'chai';
import https from 'node:https';
import { parse } from 'yaml';
import { requirePeer, startControlPlane, type ControlPlane } from '../support/peers';
import { requireTool } from '../support/tools';
import { kubeApi } from './kube-api';
import { NODE_INTERFACES, type Summary } from './kubelet-summary';
import { buildWorld, placePod } from './runtime-world';
import { startStandInKubelet, type StandInKubelet } from './stand-in-kubelet';
import { prepareControlPlane, randomSubnet, renderItems } from './support';

const SUBNET = randomSubnet();
const NODE = { name: 'node-1', hostIp: `${SUBNET}.1` };

function get(url: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // As the receiver does: insecure_skip_verify, the certificate is self-signed.
    https
      .get(url, { rejectUnauthorized: false, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('stand-in kubelet: admits whom the kubelet would, reports what the Summary API would', function () {
  this.timeout(120_000);
  let cp: ControlPlane | undefined;
  let kubelet: StandInKubelet | undefined;
  const token = (sa: string, ns: string) => cp!.kubectl(['create', 'token', sa, '-n', ns]).trim();

  before(async function () {
    requirePeer(this, 'kube-apiserver');
    requirePeer(this, 'etcd');
    requireTool(this, 'kubectl');
    cp = startControlPlane();
    const output = renderItems([
      {
        apiVersion: 'telemetry.kyma-project.io/v1beta1',
        kind: 'MetricPipeline',
        metadata: { name: 'runtime' },
        spec: { input: { runtime: { enabled: true } }, output: { otlp: { endpoint: { value: 'http://127.0.0.1:4317' } } } },
      },
    ]);
    await prepareControlPlane(cp, ['kyma-system', 'infra'], ['infra', 'kube-system']);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: (parse(output) as { items: object[] }).items }));
    // A reader of nodes/proxy only: enough for /pods on a kubelet with fine-grained authorization, not for /stats.
    cp.kubectl(['create', 'serviceaccount', 'proxy-reader', '-n', 'infra']);
    cp.kubectl(['create', 'clusterrole', 'nodes-proxy', '--verb=get', '--resource=nodes/proxy']);
    cp.kubectl(['create', 'clusterrolebinding', 'nodes-proxy', '--clusterrole=nodes-proxy', '--serviceaccount=infra:proxy-reader']);
    buildWorld(cp, NODE, { db: `${SUBNET}.7`, coredns: `${SUBNET}.8` });
    placePod(cp, { metadata: { name: 'elsewhere', namespace: 'infra' }, spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1' }] } }, { name: 'node-2', hostIp: `${SUBNET}.9` }, `${SUBNET}.10`);
    kubelet = await startStandInKubelet(kubeApi(cp), NODE);
  });

  after(async () => {
    await kubelet?.close();
    cp?.stop();
  });

  it('lets the rendered agent ServiceAccount read /stats/summary and /pods', async () => {
    const agent = token('telemetry-metric-agent', 'kyma-system');
    expect((await get(`${kubelet!.url}/stats/summary`, agent)).status).to.equal(200);
    expect((await get(`${kubelet!.url}/pods`, agent)).status).to.equal(200);
  });

  it('answers 403 to another ServiceAccount (the rendered gateway\'s, an application\'s), as the kubelet words it', async () => {
    const gateway = await get(`${kubelet!.url}/stats/summary`, token('telemetry-metric-gateway', 'kyma-system'));
    expect(gateway).to.deep.equal({ status: 403, body: 'Forbidden (user=system:serviceaccount:kyma-system:telemetry-metric-gateway, verb=get, resource=nodes, subresource(s)=[stats])\n' });
    expect((await get(`${kubelet!.url}/pods`, token('default', 'infra'))).body).to.match(/^Forbidden \(user=system:serviceaccount:infra:default, .*subresource\(s\)=\[pods proxy\]\)/);
  });

  it('authorises /pods by nodes/pods or nodes/proxy, /stats only by nodes/stats', async () => {
    const proxyReader = token('proxy-reader', 'infra');
    expect((await get(`${kubelet!.url}/pods`, proxyReader)).status).to.equal(200);
    expect((await get(`${kubelet!.url}/stats/summary`, proxyReader)).status).to.equal(403);
  });

  it('answers 401 without a token or with one the API server does not know', async () => {
    expect(await get(`${kubelet!.url}/stats/summary`)).to.deep.equal({ status: 401, body: 'Unauthorized' });
    expect(await get(`${kubelet!.url}/stats/summary`, 'not-a-token')).to.deep.equal({ status: 401, body: 'Unauthorized' });
  });

  it('reports this node\'s running pods with containers and volumes (pvcRef for the PVC-backed one), the node with all its interfaces', async () => {
    const summary = JSON.parse((await get(`${kubelet!.url}/stats/summary`, token('telemetry-metric-agent', 'kyma-system'))).body) as Summary;
    expect(summary.node.nodeName).to.equal(NODE.name);
    const interfaces = (summary.node.network as { name: string; interfaces: { name: string }[] }).interfaces.map((i) => i.name);
    expect(interfaces).to.deep.equal([...NODE_INTERFACES.physical, ...NODE_INTERFACES.virtual]);
    expect(summary.pods.map((p) => `${p.podRef.namespace}/${p.podRef.name}`).sort()).to.deep.equal(['infra/db-0', 'kube-system/coredns-5d78c9869d-q7x2k']);
    const db = summary.pods.find((p) => p.podRef.name === 'db-0')!;
    expect(db.containers.map((c) => c.name)).to.deep.equal(['postgres']);
    const volumes = Object.fromEntries(db.volume.map((v) => [v.name, v.pvcRef ?? null]));
    expect(volumes).to.include({ cfg: null, scratch: null, creds: null });
    expect(volumes['data']).to.deep.equal({ name: 'data-db-0', namespace: 'infra' });
    // The ServiceAccount admission plugin added the projected token volume, which the kubelet reports too.
    expect(Object.keys(volumes).some((v) => v.startsWith('kube-api-access-'))).to.equal(true);
  });

  it('serves /pods as the node\'s PodList from the API server', async () => {
    const list = JSON.parse((await get(`${kubelet!.url}/pods`, token('telemetry-metric-agent', 'kyma-system'))).body) as { kind: string; items: { metadata: { name: string } }[] };
    expect(list.kind).to.equal('PodList');
    expect(list.items.map((p) => p.metadata.name).sort()).to.deep.equal(['coredns-5d78c9869d-q7x2k', 'db-0']);
  });
});
