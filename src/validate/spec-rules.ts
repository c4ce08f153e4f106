/**
 * What Kyma's API server would reject: the CEL rules and schema patterns of the MetricPipeline CRD,
 * checked on the decoded but not yet defaulted spec (CEL sees the object as written, after the
 * mutating webhook; the only webhook default a rule reads is `protocol: grpc`).
 *
 * v1alpha1 carries weaker rules than v1beta1: its value/valueFrom exclusivity only fails for a
 * non-empty value, and its OAuth2 fields use `'<field>' missing` messages. It also lacks the
 * "must have 'value' or 'valueFrom'" rules on endpoint, basic auth and headers; those are applied to
 * v1alpha1 anyway, because such a field has nothing to render (the plan builder refuses it) and the
 * object would break the rules of v1beta1, the version Kyma stores it in.
 *
 * Messages are `<field>: <Kyma's CEL message>`, like the API server prints them, without values, and the field
 * is the one the API server names: the object that holds the rule (test/peers/apiserver.test.ts compares).
 */
import type { NamespaceSelector, V1Alpha1Spec, V1Beta1Spec, ValueType } from '../api/metricpipeline-codec';
import type { PipelineVersion, ReadPipeline } from '../api/read-pipeline';
import { clip } from '../core/clip';
import { error, type Finding } from '../core/finding';
import { isUrl } from './is-url';

type RawOtlp = (V1Beta1Spec | V1Alpha1Spec)['output']['otlp'];
type RawHeader = NonNullable<RawOtlp['headers']>[number];

const NAMESPACE_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const NAMESPACE = new RegExp(NAMESPACE_PATTERN);
const NAMESPACE_MAX = 63;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX = 253;
const INPUTS = ['otlp', 'prometheus', 'istio', 'runtime'] as const;
/**
 * An RFC 9110 token, what an HTTP field name (and here an OAuth2 parameter name) may be. Not one of Kyma's
 * CRD rules: any other name is unusable on the wire, and a name with `::` even becomes a nested key when
 * the collector loads its config, which then refuses to start.
 */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const MESSAGES = {
  valueXorValueFrom: "Only one of 'value' or 'valueFrom' can be set",
  endpointRequired: "'endpoint' must have 'value' or 'valueFrom' set",
  pathOnlyHttp: 'Path is only available with HTTP protocol',
  oauth2GrpcTls: 'OAuth2 authentication requires TLS when using gRPC protocol',
  oneAuthMethod: 'Only one authentication method can be specified',
  mustHaveValue: (field: string) => `'${field}' must have 'value' or 'valueFrom' set`,
  /** v1alpha1; Kyma's CRD drops the opening quote for two of the three fields, we do not. */
  missing: (field: string) => `'${field}' missing`,
  tokenUrl: "'tokenURL' must be a valid URL",
  headerRequired: "Header must have 'value' or 'valueFrom' set",
  certAndKey: "Can define either both 'cert' and 'key', or neither",
  includeXorExclude: "Only one of 'include' or 'exclude' can be defined",
  namespacePattern: `should match '${NAMESPACE_PATTERN}'`,
  namespaceTooLong: `may not be longer than ${NAMESPACE_MAX} characters`,
  nameRequired: 'is required',
  nameTooLong: `must be no more than ${DNS_SUBDOMAIN_MAX} characters`,
  nameInvalid:
    "must be a lowercase RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character",
  statementsRequired: 'must contain at least one statement',
  headerName: "must be an HTTP header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)",
  paramName: (name: string) =>
    `parameter name ${JSON.stringify(clip(name))} must be an RFC 9110 token (letters, digits and !#$%&'*+-.^_\`|~)`,
} as const;

type Report = (field: string, message: string) => void;

/** The ValueType-level CEL rule every value/valueFrom pair carries, in both versions. */
function exclusive(v: ValueType | RawHeader, field: string, version: PipelineVersion, report: Report): void {
  const hasValue = v.value !== undefined && (version === 'v1beta1' || v.value !== '');
  if (hasValue && v.valueFrom !== undefined) report(field, MESSAGES.valueXorValueFrom);
}

function isSet(v: ValueType | RawHeader): boolean {
  return v.value !== undefined || v.valueFrom !== undefined;
}

/** v1alpha1's `(self.value != '') || has(self.valueFrom)`; an absent value fails as well. */
function isSetAlpha(v: ValueType): boolean {
  return (v.value !== undefined && v.value !== '') || v.valueFrom !== undefined;
}

function checkName(name: string, report: Report): void {
  if (name === '') report('metadata.name', MESSAGES.nameRequired);
  else if (name.length > DNS_SUBDOMAIN_MAX) report('metadata.name', MESSAGES.nameTooLong);
  else if (!DNS_SUBDOMAIN.test(name)) report('metadata.name', MESSAGES.nameInvalid);
}

function checkSelector(selector: NamespaceSelector | undefined, field: string, report: Report): void {
  if (selector === undefined) return;
  if (selector.include !== undefined && selector.exclude !== undefined) report(field, MESSAGES.includeXorExclude);
  for (const list of ['include', 'exclude'] as const) {
    (selector[list] ?? []).forEach((ns, i) => {
      const item = `${field}.${list}[${i}]`;
      if (ns.length > NAMESPACE_MAX) report(item, MESSAGES.namespaceTooLong);
      if (!NAMESPACE.test(ns)) report(item, MESSAGES.namespacePattern);
    });
  }
}

function checkAuthentication(otlp: RawOtlp, base: string, version: PipelineVersion, report: Report): void {
  const auth = otlp.authentication;
  if (auth === undefined) return;
  const authPath = `${base}.authentication`;
  if (auth.basic !== undefined && auth.oauth2 !== undefined) report(authPath, MESSAGES.oneAuthMethod);
  if (auth.basic !== undefined) {
    for (const key of ['user', 'password'] as const) {
      const field = `${authPath}.basic.${key}`;
      // Kyma's CRD holds this rule on the parent, so the API server names `basic`, not the field.
      if (!isSet(auth.basic[key])) report(`${authPath}.basic`, MESSAGES.mustHaveValue(key));
      exclusive(auth.basic[key], field, version, report);
    }
  }
  if (auth.oauth2 !== undefined) {
    for (const key of ['tokenURL', 'clientID', 'clientSecret'] as const) {
      const v = auth.oauth2[key];
      const field = `${authPath}.oauth2.${key}`;
      if (version === 'v1alpha1' && !isSetAlpha(v)) report(field, MESSAGES.missing(key));
      if (version === 'v1beta1' && !isSet(v)) report(`${authPath}.oauth2`, MESSAGES.mustHaveValue(key));
      if (key === 'tokenURL' && v.value !== undefined && !isUrl(v.value)) report(field, MESSAGES.tokenUrl);
      exclusive(v, field, version, report);
    }
    for (const name of Object.keys(auth.oauth2.params ?? {})) {
      if (!HTTP_TOKEN.test(name)) report(`${authPath}.oauth2.params`, MESSAGES.paramName(name));
    }
  }
}

function checkOutput(otlp: RawOtlp, version: PipelineVersion, report: Report): void {
  const base = 'spec.output.otlp';
  // The mutating webhook sets `protocol: grpc` before CEL runs.
  const protocol = otlp.protocol ?? 'grpc';
  // These three rules sit on `otlp` in Kyma's CRD: the API server names that object, and so do we.
  if (!isSet(otlp.endpoint)) report(base, MESSAGES.endpointRequired);
  exclusive(otlp.endpoint, `${base}.endpoint`, version, report);
  if (otlp.path !== undefined && otlp.path !== '' && protocol !== 'http') report(base, MESSAGES.pathOnlyHttp);
  if (otlp.authentication?.oauth2 !== undefined && protocol === 'grpc' && otlp.tls?.insecure === true) {
    report(base, MESSAGES.oauth2GrpcTls);
  }
  checkAuthentication(otlp, base, version, report);
  (otlp.headers ?? []).forEach((header, i) => {
    const field = `${base}.headers[${i}]`;
    if (!HTTP_TOKEN.test(header.name)) report(`${field}.name`, MESSAGES.headerName);
    if (!isSet(header)) report(field, MESSAGES.headerRequired);
    exclusive(header, field, version, report);
  });
  const tls = otlp.tls;
  if (tls !== undefined) {
    for (const key of ['ca', 'cert', 'key'] as const) {
      const v = tls[key];
      if (v !== undefined) exclusive(v, `${base}.tls.${key}`, version, report);
    }
    if ((tls.cert === undefined) !== (tls.key === undefined)) report(`${base}.tls`, MESSAGES.certAndKey);
  }
}

export function validateSpec(read: ReadPipeline): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (field, message) => findings.push(error('SpecInvalid', `${field}: ${message}`, read.ref, field));
  checkName(read.ref.name, report);
  const spec = read.spec;
  if (spec === undefined) return findings;
  for (const input of INPUTS) {
    checkSelector(spec.input?.[input]?.namespaces, `spec.input.${input}.namespaces`, report);
  }
  checkOutput(spec.output.otlp, read.version, report);
  // Not one of Kyma's CRD rules: an entry without statements has conditions that select data for
  // nothing to do, which can only be a mistake (typically `statements` misspelled or mis-indented).
  (spec.transform ?? []).forEach((transform, i) => {
    if ((transform.statements ?? []).length === 0) report(`spec.transform[${i}].statements`, MESSAGES.statementsRequired);
  });
  return findings;
}
