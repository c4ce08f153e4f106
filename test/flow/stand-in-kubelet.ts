/**
 * Stand-in for one node's kubelet API (port 10250), the only part of the runtime input that cannot run here:
 * there is no kubelet, no container runtime and no cAdvisor on these machines. It serves what the kubeletstats
 * receiver calls, for the Pod objects the real API server binds to this node:
 *  - GET /stats/summary: the Summary API document (test/flow/kubelet-summary.ts);
 *  - GET /pods: the node's PodList, which the receiver reads for volume types (extra_metadata_labels).
 *
 * It listens with HTTPS on the node's host IP with a self-signed certificate, as a kubelet's serving
 * certificate usually is; the rendered receiver sets insecure_skip_verify, which is why that works.
 *
 * Authentication and authorisation are the kubelet's (webhook mode, k8s.io/kubernetes pkg/kubelet/server/
 * auth.go), against the real API server: the bearer token goes through a TokenReview (none or a rejected one:
 * 401), the user it names through a SubjectAccessReview for verb get on resource nodes, name = this node,
 * subresource stats for /stats/..., pods or proxy for /pods (fine-grained kubelet authorization; either
 * suffices), nothing allowed: 403. So the rendered ClusterRole is what lets the agent in. Decisions are cached
 * as the kubelet caches them (authentication 2 min, allowed 5 min, denied 30 s). Unlike a kubelet it does not
 * accept client certificates, and it asks the API server as the control plane's admin, not as system:node.
 */
import https from 'node:https';
import { makeCert } from '../support/certs';
import type { KubeApi } from './kube-api';
import { summaryOf, type PodObject, type Summary } from './kubelet-summary';

export const KUBELET_PORT = 10250;

export interface KubeletRequest {
  path: string;
  status: number;
  /** The authenticated user, when there was one. */
  user?: string;
}

export interface StandInKubelet {
  nodeName: string;
  url: string;
  /** Every request answered, in order. */
  requests: KubeletRequest[];
  /** The last summary served with status 200. */
  lastSummary(): Summary | undefined;
  close(): Promise<void>;
}

interface UserInfo {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

const AUTHN_TTL_MS = 2 * 60_000;
const ALLOWED_TTL_MS = 5 * 60_000;
const DENIED_TTL_MS = 30_000;

/** The subresources the kubelet authorises a GET of `path` against; any one of them allowed suffices. */
export function subresourcesOf(path: string): string[] {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  if (under('/stats')) return ['stats'];
  if (under('/metrics')) return ['metrics'];
  if (under('/logs')) return ['log'];
  if (under('/pods') || under('/runningpods')) return ['pods', 'proxy'];
  return ['proxy'];
}

/** Starts the kubelet of `node` on its host IP. */
export async function startStandInKubelet(api: KubeApi, node: { name: string; hostIp: string }): Promise<StandInKubelet> {
  const { name: nodeName, hostIp } = node;
  const nodeStart = Date.now() - 3600_000;
  const requests: KubeletRequest[] = [];
  let last: Summary | undefined;
  const authn = new Map<string, { user: UserInfo | undefined; until: number }>();
  const authz = new Map<string, { allowed: boolean; until: number }>();

  const authenticate = async (token: string): Promise<UserInfo | undefined> => {
    const hit = authn.get(token);
    if (hit && hit.until > Date.now()) return hit.user;
    const review = await api.request<{ status?: { authenticated?: boolean; user?: UserInfo } }>('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token },
    });
    const user = review.status?.authenticated === true ? review.status.user : undefined;
    authn.set(token, { user, until: Date.now() + AUTHN_TTL_MS });
    return user;
  };

  const authorize = async (user: UserInfo, subresource: string): Promise<boolean> => {
    const key = JSON.stringify([user.username, user.uid, user.groups, user.extra, subresource]);
    const hit = authz.get(key);
    if (hit && hit.until > Date.now()) return hit.allowed;
    const review = await api.request<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: user.username,
        uid: user.uid,
        groups: user.groups,
        extra: user.extra,
        resourceAttributes: { verb: 'get', group: '', version: 'v1', resource: 'nodes', subresource, name: nodeName },
      },
    });
    const allowed = review.status?.allowed === true;
    authz.set(key, { allowed, until: Date.now() + (allowed ? ALLOWED_TTL_MS : DENIED_TTL_MS) });
    return allowed;
  };

  const nodePods = async (): Promise<{ kind: string; apiVersion: string; metadata: object; items: PodObject[] }> => {
    const list = await api.request<{ items: PodObject[] }>('GET', `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${nodeName}`)}`);
    return { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: list.items };
  };

  const handle = async (method: string, url: string, authorization: string | undefined): Promise<{ status: number; body: string; user?: string }> => {
    const path = new URL(url, 'https://kubelet').pathname;
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const user = token === undefined ? undefined : await authenticate(token);
    if (user === undefined) return { status: 401, body: 'Unauthorized' };
    const subresources = subresourcesOf(path);
    let allowed = false;
    for (const s of subresources) if (!allowed) allowed = await authorize(user, s);
    if (!allowed) {
      return { status: 403, user: user.username, body: `Forbidden (user=${user.username}, verb=get, resource=nodes, subresource(s)=[${subresources.join(' ')}])\n` };
    }
    if (method !== 'GET') return { status: 405, user: user.username, body: 'Method Not Allowed' };
    if (path === '/stats/summary') {
      const summary = summaryOf(nodeName, nodeStart, (await nodePods()).items);
      last = summary;
      return { status: 200, user: user.username, body: JSON.stringify(summary) };
    }
    if (path === '/pods') return { status: 200, user: user.username, body: JSON.stringify(await nodePods()) };
    return { status: 404, user: user.username, body: '404 page not found' };
  };

  const { certPem, keyPem } = makeCert({ notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 86_400_000), ca: false, commonName: nodeName, keySlot: 7 });
  const server = https.createServer({ cert: certPem, key: keyPem }, (req, res) => {
    handle(req.method ?? 'GET', req.url ?? '/', req.headers.authorization)
      .then(({ status, body, user }) => {
        requests.push({ path: req.url ?? '', status, ...(user ? { user } : {}) });
        res.writeHead(status, { 'Content-Type': status === 200 ? 'application/json' : 'text/plain; charset=utf-8' });
        res.end(body);
      })
      .catch((e: Error) => {
        requests.push({ path: req.url ?? '', status: 500 });
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`stand-in kubelet: ${e.message}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(KUBELET_PORT, hostIp, () => resolve());
  });
  return {
    nodeName,
    url: `https://${hostIp}:${KUBELET_PORT}`,
    requests,
    lastSummary: () => last,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
