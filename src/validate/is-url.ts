/**
 * The Kubernetes CEL function `isURL`, which the MetricPipeline CRD applies to `oauth2.tokenURL.value`.
 * The API server implements it with Go's `url.ParseRequestURI`; this is a port of that parser's
 * acceptance rules (not of its result), so that a tokenURL is accepted here exactly when the API
 * server would accept it. WHATWG `URL` differs too much (it trims, repairs backslashes and
 * accepts scheme-less hosts relative to nothing) to stand in for it.
 */

const CONTROL = /[\x00-\x1f\x7f]/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/** Go's getScheme: a scheme exists only if it is well-formed and followed by ':'. */
function splitScheme(raw: string): { scheme: string; rest: string } | undefined {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') return i === 0 ? undefined : { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

/** Go rejects malformed %-escapes everywhere, and in hosts also ASCII escapes other than %25. */
function validEscapes(s: string, host: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') continue;
    const hex = s.slice(i + 1, i + 3);
    if (!HEX.test(hex)) return false;
    if (host && parseInt(hex, 16) < 0x80 && hex !== '25') return false;
    i += 2;
  }
  return true;
}

/** ASCII characters Go's `shouldEscape(c, encodeHost)` lets through unescaped. */
const HOST_CHAR = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%]$/;

function validHost(host: string): boolean {
  let hostPart = host;
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0 || !validOptionalPort(host.slice(close + 1))) return false;
    hostPart = host.slice(0, close + 1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) return false;
  }
  for (const c of hostPart) {
    if (c.charCodeAt(0) < 0x80 && !HOST_CHAR.test(c)) return false;
  }
  return validEscapes(hostPart, true);
}

function validOptionalPort(colonPort: string): boolean {
  return colonPort === '' || /^:\d*$/.test(colonPort);
}

const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function validAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  if (!validHost(authority.slice(at + 1))) return false;
  if (at < 0) return true;
  const userinfo = authority.slice(0, at);
  return USERINFO.test(userinfo) && validEscapes(userinfo, false);
}

/** True when Go's `url.ParseRequestURI(s)` returns no error. */
export function isUrl(s: string): boolean {
  if (s === '' || CONTROL.test(s)) return false;
  if (s === '*') return true;
  const split = splitScheme(s);
  if (!split) return false;
  const { scheme } = split;
  // The query is kept raw by Go, so it can never make the URL invalid.
  let rest = split.rest.split('?', 1)[0]!;
  if (!rest.startsWith('/')) return scheme !== '';
  if (scheme !== '' && rest.startsWith('//')) {
    const authority = rest.slice(2);
    const slash = authority.indexOf('/');
    if (!validAuthority(slash < 0 ? authority : authority.slice(0, slash))) return false;
    rest = slash < 0 ? '' : authority.slice(slash);
  }
  return validEscapes(rest, false);
}
