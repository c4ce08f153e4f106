/**
 * A small OAuth2 token endpoint (RFC 6749 client credentials grant) over HTTPS on 127.0.0.1, for the
 * flow tests' OAuth2 backend. It issues its token only to the expected client with the expected scope and
 * parameters, and records every request as it understood it, so a test can say what the gateway sent.
 */
import https from 'node:https';
import type net from 'node:net';

export interface TokenClient {
  clientId: string;
  clientSecret: string;
  /** Expected form fields besides grant_type and the client credentials (e.g. scope, audience). */
  params: Record<string, string>;
  /** The access token issued to that client. */
  token: string;
}

export interface TokenRequest {
  method: string;
  path: string;
  contentType: string;
  /** Where the client credentials came from: the Basic Authorization header or the form. */
  credentialsIn: 'header' | 'body' | 'none';
  clientId?: string;
  clientSecret?: string;
  form: Record<string, string>;
  /** The status the endpoint answered. */
  status: number;
}

export interface TokenEndpoint {
  url: string;
  requests: TokenRequest[];
  close(): Promise<void>;
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are joined for Basic auth. */
function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

function credentials(authorization: string | undefined, form: Record<string, string>): Pick<TokenRequest, 'credentialsIn' | 'clientId' | 'clientSecret'> {
  const basic = /^Basic (.+)$/i.exec(authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { credentialsIn: 'header', clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  }
  if (form['client_id'] !== undefined) return { credentialsIn: 'body', clientId: form['client_id'], clientSecret: form['client_secret'] ?? '' };
  return { credentialsIn: 'none' };
}

export function startTokenEndpoint(tls: { certPem: string; keyPem: string }, path: string, client: TokenClient): Promise<TokenEndpoint> {
  const requests: TokenRequest[] = [];
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      const seen = credentials(req.headers.authorization, form);
      const ok =
        req.method === 'POST' &&
        req.url === path &&
        form['grant_type'] === 'client_credentials' &&
        seen.clientId === client.clientId &&
        seen.clientSecret === client.clientSecret &&
        Object.entries(client.params).every(([k, v]) => form[k] === v);
      const status = ok ? 200 : 401;
      requests.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'] ?? '', ...seen, form, status });
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(ok ? { access_token: client.token, token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_client' }));
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}${path}`,
        requests,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}
