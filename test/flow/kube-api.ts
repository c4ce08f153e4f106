/**
 * The control plane's REST API from inside the test process, for a server that has to answer many requests
 * quickly (the stand-in kubelet asks for a TokenReview and a SubjectAccessReview per new caller and lists its
 * node's pods on every scrape): one HTTPS request each, where `kubectl` would start a process.
 * Authenticates as the control plane's admin (static token of scripts/peers/control-plane).
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { ControlPlane } from '../support/peers';

export interface KubeApi {
  /** Sends `body` as JSON; resolves with the parsed response, rejects on a status other than 2xx. */
  request<T>(method: 'GET' | 'POST', apiPath: string, body?: object): Promise<T>;
}

export function kubeApi(cp: ControlPlane): KubeApi {
  const env = Object.fromEntries(
    readFileSync(path.join(cp.dir, 'cluster.env'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as Record<string, string | undefined>;
  const server = env['APISERVER_URL'];
  const tokenFile = env['ADMIN_TOKEN_FILE'];
  const caFile = env['CA_FILE'];
  if (server === undefined || tokenFile === undefined || caFile === undefined) throw new Error(`${cp.dir}/cluster.env lacks APISERVER_URL, ADMIN_TOKEN_FILE or CA_FILE`);
  const token = readFileSync(tokenFile, 'utf8').trim();
  const ca = readFileSync(caFile);
  return {
    request: <T>(method: 'GET' | 'POST', apiPath: string, body?: object) =>
      new Promise<T>((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = https.request(
          new URL(apiPath, server),
          {
            method,
            ca,
            headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json' } : {}) },
            timeout: 10_000,
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              if (status < 200 || status > 299) reject(new Error(`${method} ${apiPath}: ${status} ${text}`));
              else resolve(JSON.parse(text) as T);
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error(`${method} ${apiPath}: timed out`)));
        req.on('error', reject);
        req.end(payload);
      }),
  };
}
