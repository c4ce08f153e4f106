/**
 * Checks of a collector config that the real collector cannot make. Whether the config is one the collector
 * accepts (component types, keys and value shapes, pipeline wiring, connectors, OTTL) is decided by
 * `otelcol validate` of the pinned release (test/peers/otelcol-validate.test.ts); what is left here is what
 * `validate` lets pass:
 *
 * - references it only resolves at start-up: an exporter's `auth.authenticator` or a receiver's
 *   `k8s_leader_elector` naming an extension that is not defined and enabled, an extension enabled twice;
 * - what the collector does at run time: two listeners on one port, no reader for its own metrics;
 * - what it reads from the pod: every `${env:NAME}` must be a key of the merged Secret or a downward-API
 *   variable (an unset variable silently becomes ""), and a literal `$` must be written `$$`;
 * - the function's own conventions: no deprecated type names, no component defined but unused,
 *   memory_limiter first in every pipeline fed by a receiver.
 *
 * It knows nothing about the gateway or the agent. Returns one line per problem; empty means clean.
 */
import { DEPRECATED_TYPE_ALIASES, componentType } from '../../src/collector/distribution';
import type { ComponentKind } from '../../src/collector/types';

export interface CollectorCheckOptions {
  /** Keys of the Secret mounted with envFrom. */
  secretKeys: string[];
  /** Variables the pod spec sets from the downward API (e.g. MY_POD_IP). */
  downwardApiEnv: string[];
  /** Deprecated type names and their current names; default: the pinned collector's (DEPRECATED_TYPE_ALIASES). */
  deprecatedTypeAliases?: Readonly<Record<ComponentKind, Readonly<Record<string, string>>>>;
}

type Json = Record<string, unknown>;

const SECTIONS = {
  extensions: 'extension',
  receivers: 'receiver',
  processors: 'processor',
  exporters: 'exporter',
  connectors: 'connector',
} as const satisfies Record<string, ComponentKind>;
type Section = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as Section[];

/** A `$` that starts neither `$$` nor a valid `${[env:]NAME[:-default]}`. */
const UNESCAPED_DOLLAR = /\$(?!\$|\{(env:)?[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\})/;
const ENV_REFERENCE = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g;
/** Keys whose string value names an extension that must be defined and enabled. */
const EXTENSION_REFERENCE_KEYS = ['authenticator', 'k8s_leader_elector', 'storage'];

interface Pipeline {
  name: string;
  receivers: string[];
  processors: string[];
  exporters: string[];
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function sectionsOf(config: Json): Map<Section, Map<string, unknown>> {
  const sections = new Map<Section, Map<string, unknown>>();
  for (const section of SECTION_NAMES) {
    const raw = config[section];
    sections.set(section, new Map(isRecord(raw) ? Object.entries(raw) : []));
  }
  return sections;
}

function pipelinesOf(service: Json): Pipeline[] {
  const raw = isRecord(service['pipelines']) ? service['pipelines'] : {};
  return Object.entries(raw).map(([name, value]) => {
    const p = isRecord(value) ? value : {};
    return { name, receivers: stringList(p['receivers']), processors: stringList(p['processors']), exporters: stringList(p['exporters']) };
  });
}

/** The function never emits a name the collector only accepts as a deprecated alias. */
function checkDeprecatedTypes(
  sections: Map<Section, Map<string, unknown>>,
  aliases: Readonly<Record<ComponentKind, Readonly<Record<string, string>>>>,
  out: string[],
): void {
  for (const section of SECTION_NAMES) {
    const kind = SECTIONS[section];
    for (const id of sections.get(section)!.keys()) {
      const current = aliases[kind][componentType(id)];
      if (current !== undefined) out.push(`${section}.${id}: deprecated ${kind} type "${componentType(id)}", use "${current}"`);
    }
  }
}

/** The collector ignores defined but unused components; the function defines only what a pipeline uses. */
function checkUnused(sections: Map<Section, Map<string, unknown>>, pipelines: Pipeline[], enabled: string[], out: string[]): void {
  const used = (role: 'receivers' | 'processors' | 'exporters', id: string) => pipelines.some((p) => p[role].includes(id));
  for (const id of sections.get('receivers')!.keys()) if (!used('receivers', id)) out.push(`receivers.${id}: defined but not used in any pipeline`);
  for (const id of sections.get('processors')!.keys()) if (!used('processors', id)) out.push(`processors.${id}: defined but not used in any pipeline`);
  for (const id of sections.get('exporters')!.keys()) if (!used('exporters', id)) out.push(`exporters.${id}: defined but not used in any pipeline`);
  for (const id of sections.get('extensions')!.keys()) if (!enabled.includes(id)) out.push(`extensions.${id}: defined but not enabled in service.extensions`);
  for (const dup of enabled.filter((id, i) => enabled.indexOf(id) !== i)) out.push(`service.extensions: "${dup}" listed twice`);
}

/** Resolved only when the collector starts, so `validate` accepts a dangling reference. */
function checkExtensionReferences(value: unknown, path: string, enabled: string[], defined: Map<string, unknown>, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkExtensionReferences(v, `${path}[${i}]`, enabled, defined, out));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (EXTENSION_REFERENCE_KEYS.includes(key) && typeof child === 'string' && !(enabled.includes(child) && defined.has(child))) {
      out.push(`${path}.${key}: extension "${child}" is not defined and enabled`);
    }
    checkExtensionReferences(child, `${path}.${key}`, enabled, defined, out);
  }
}

/** memory_limiter must see data before anything else buffers it, in every pipeline fed by a receiver. */
function checkMemoryLimiterFirst(sections: Map<Section, Map<string, unknown>>, pipelines: Pipeline[], out: string[]): void {
  const receivers = sections.get('receivers')!;
  for (const p of pipelines) {
    if (!p.receivers.some((id) => receivers.has(id))) continue;
    const first = p.processors[0];
    if (first === undefined || componentType(first) !== 'memory_limiter') {
      out.push(`service.pipelines.${p.name}: has receivers, so its first processor must be memory_limiter`);
    }
  }
}

function checkTelemetry(service: Json, out: string[]): void {
  const telemetry = isRecord(service['telemetry']) ? service['telemetry'] : {};
  const metrics = isRecord(telemetry['metrics']) ? telemetry['metrics'] : {};
  const readers = Array.isArray(metrics['readers']) ? metrics['readers'] : [];
  const usable = readers.filter((r) => isRecord(r) && (isRecord(r['pull']) || isRecord(r['periodic'])));
  if (usable.length === 0) out.push('service.telemetry.metrics.readers: no metrics reader; the collector would not expose its own metrics');
}

function walkStrings(value: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, `${path}[${i}]`, visit));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) walkStrings(v, `${path}.${k}`, visit);
}

/** Only values: the collector does not expand map keys. */
function checkStrings(config: Json, options: CollectorCheckOptions, out: string[]): void {
  const known = new Set([...options.secretKeys, ...options.downwardApiEnv]);
  for (const [section, value] of Object.entries(config)) {
    walkStrings(value, section, (text, path) => {
      const withoutEscapes = text.replace(/\$\$/g, '');
      if (UNESCAPED_DOLLAR.test(withoutEscapes)) out.push(`${path}: unescaped "$" (a literal dollar must be written "$$")`);
      for (const match of withoutEscapes.matchAll(ENV_REFERENCE)) {
        const name = match[1]!;
        if (!known.has(name)) out.push(`${path}: \${env:${name}} is neither a Secret key nor a downward-API variable`);
      }
    });
  }
}

function portOf(endpoint: unknown): string | undefined {
  if (typeof endpoint !== 'string') return undefined;
  const match = /:(\d+)$/.exec(endpoint);
  return match ? match[1] : undefined;
}

/** Two listeners on one port make the collector fail when it starts (validate binds nothing). */
function checkPorts(sections: Map<Section, Map<string, unknown>>, service: Json, out: string[]): void {
  const listeners: { port: string; where: string }[] = [];
  const add = (port: string | undefined, where: string) => {
    if (port !== undefined) listeners.push({ port, where });
  };
  for (const [id, config] of sections.get('receivers')!) {
    const protocols = isRecord(config) && isRecord(config['protocols']) ? config['protocols'] : {};
    for (const [name, protocol] of Object.entries(protocols)) add(portOf(isRecord(protocol) ? protocol['endpoint'] : undefined), `receivers.${id}.protocols.${name}`);
  }
  for (const [id, config] of sections.get('extensions')!) {
    if (['health_check', 'pprof'].includes(componentType(id)) && isRecord(config)) add(portOf(config['endpoint']), `extensions.${id}`);
  }
  const telemetry = isRecord(service['telemetry']) ? service['telemetry'] : {};
  const metrics = isRecord(telemetry['metrics']) ? telemetry['metrics'] : {};
  (Array.isArray(metrics['readers']) ? metrics['readers'] : []).forEach((reader, i) => {
    const pull = isRecord(reader) && isRecord(reader['pull']) ? reader['pull'] : {};
    const exporter = isRecord(pull['exporter']) ? pull['exporter'] : {};
    const prometheus = isRecord(exporter['prometheus']) ? exporter['prometheus'] : {};
    if (prometheus['port'] !== undefined) add(String(prometheus['port']), `service.telemetry.metrics.readers[${i}]`);
  });
  for (const [i, l] of listeners.entries()) {
    const other = listeners.findIndex((m) => m.port === l.port);
    if (other !== i) out.push(`${l.where}: port ${l.port} already used by ${listeners[other]!.where}`);
  }
}

export function checkCollectorConfig(config: unknown, options: CollectorCheckOptions): string[] {
  if (!isRecord(config)) return ['config: must be a map'];
  const out: string[] = [];
  const sections = sectionsOf(config);
  const service = isRecord(config['service']) ? config['service'] : {};
  const enabled = stringList(service['extensions']);
  const pipelines = pipelinesOf(service);
  checkDeprecatedTypes(sections, options.deprecatedTypeAliases ?? DEPRECATED_TYPE_ALIASES, out);
  checkUnused(sections, pipelines, enabled, out);
  for (const section of ['receivers', 'exporters', 'processors', 'connectors'] as const) {
    checkExtensionReferences(config[section], section, enabled, sections.get('extensions')!, out);
  }
  checkMemoryLimiterFirst(sections, pipelines, out);
  checkTelemetry(service, out);
  checkStrings(config, options, out);
  checkPorts(sections, service, out);
  return out;
}
