/**
 * A strict structural check of an OpenTelemetry Collector config for the pinned distribution, standing in
 * for `otelcol-k8s validate` (no collector binary is available to the tests; otel-collector.md §4.4).
 * It knows nothing about the gateway or the agent: it checks the wiring, the component types and keys,
 * environment references and `$` escaping of any config. Returns one line per problem; empty means clean.
 */
import { COMPONENT_KEYS, SERVICE_KEYS, type KeyTree } from './component-keys';
import { DEPRECATED_TYPE_ALIASES, DISTRIBUTION_COMPONENTS, componentType } from '../../src/collector/distribution';
import type { ComponentKind } from '../../src/collector/types';
import { COLLECTOR } from '../../src/constants';

export interface CollectorCheckOptions {
  /** Keys of the Secret mounted with envFrom. */
  secretKeys: string[];
  /** Variables the pod spec sets from the downward API (e.g. MY_POD_IP). */
  downwardApiEnv: string[];
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

/** otel-collector.md §4.4. */
const COMPONENT_ID = /^[a-z][a-z0-9_]*(\/[^/\s]+)?$/;
const PIPELINE_ID = /^(traces|metrics|logs|profiles)(\/[^/\s]+)?$/;
/** otel-collector.md §4.4: a `$` that starts neither `$$` nor a valid `${[env:]NAME[:-default]}`. */
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

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

// ------------------------------------------------------------------------------------------- key trees

function shapeMatches(tree: KeyTree, value: unknown): boolean {
  switch (tree.t) {
    case 'any':
      return true;
    case 'scalar':
      return isScalar(value);
    case 'list':
      return Array.isArray(value);
    case 'object':
    case 'map':
      return value === null || isRecord(value);
    case 'oneOf':
      return tree.options.some((o) => shapeMatches(o, value));
  }
}

function checkTree(value: unknown, tree: KeyTree, path: string, out: string[]): void {
  switch (tree.t) {
    case 'any':
      return;
    case 'scalar':
      if (!isScalar(value)) out.push(`${path}: must be a string, number or boolean`);
      return;
    case 'list':
      if (!Array.isArray(value)) {
        out.push(`${path}: must be a list`);
        return;
      }
      value.forEach((item, i) => checkTree(item, tree.items, `${path}[${i}]`, out));
      return;
    case 'object':
    case 'map':
      // null is how YAML writes "present with defaults" (e.g. `grpc:` enables the protocol).
      if (value === null) return;
      if (!isRecord(value)) {
        out.push(`${path}: must be a map`);
        return;
      }
      for (const [key, child] of Object.entries(value)) {
        const sub = tree.t === 'map' ? tree.values : tree.keys[key];
        if (sub === undefined) out.push(`${path}: unknown key "${key}" (known: ${Object.keys(tree.t === 'object' ? tree.keys : {}).join(', ') || 'none'})`);
        else checkTree(child, sub, `${path}.${key}`, out);
      }
      return;
    case 'oneOf': {
      const option = tree.options.find((o) => shapeMatches(o, value));
      if (option === undefined) out.push(`${path}: unexpected shape`);
      else checkTree(value, option, path, out);
      return;
    }
  }
}

// ------------------------------------------------------------------------------------------- components

function checkComponents(config: Json, out: string[]): Map<Section, Map<string, unknown>> {
  const sections = new Map<Section, Map<string, unknown>>();
  for (const section of SECTION_NAMES) {
    const kind = SECTIONS[section];
    const raw = config[section];
    const components = new Map<string, unknown>();
    sections.set(section, components);
    if (raw === undefined || raw === null) continue;
    if (!isRecord(raw)) {
      out.push(`${section}: must be a map`);
      continue;
    }
    for (const [id, componentConfig] of Object.entries(raw)) {
      components.set(id, componentConfig);
      const path = `${section}.${id}`;
      if (!COMPONENT_ID.test(id)) {
        out.push(`${path}: invalid component id`);
        continue;
      }
      const type = componentType(id);
      const current = DEPRECATED_TYPE_ALIASES[kind][type];
      if (current !== undefined) {
        out.push(`${path}: deprecated ${kind} type "${type}", use "${current}"`);
        continue;
      }
      if (!DISTRIBUTION_COMPONENTS[kind].includes(type)) {
        out.push(`${path}: ${kind} type "${type}" is not in ${COLLECTOR.distribution} ${COLLECTOR.version}`);
        continue;
      }
      const tree = COMPONENT_KEYS[kind][type];
      if (tree === undefined) {
        out.push(`${path}: no key schema known for ${kind} type "${type}"; add one before emitting it`);
        continue;
      }
      checkTree(componentConfig, tree, path, out);
    }
  }
  const receivers = sections.get('receivers')!;
  for (const id of sections.get('connectors')!.keys()) {
    if (receivers.has(id)) out.push(`connectors.${id}: also defined as a receiver; pipeline references would be ambiguous`);
  }
  return sections;
}

// ---------------------------------------------------------------------------------------------- service

function readPipelines(service: Json, out: string[]): Pipeline[] {
  const raw = service['pipelines'];
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    out.push('service.pipelines: at least one pipeline is required');
    return [];
  }
  const pipelines: Pipeline[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const path = `service.pipelines.${name}`;
    if (!PIPELINE_ID.test(name)) out.push(`${path}: pipeline id must be <signal>[/<name>]`);
    const p = isRecord(value) ? value : {};
    const pipeline: Pipeline = {
      name,
      receivers: stringList(p['receivers']),
      processors: stringList(p['processors']),
      exporters: stringList(p['exporters']),
    };
    if (pipeline.receivers.length === 0) out.push(`${path}: needs at least one receiver`);
    if (pipeline.exporters.length === 0) out.push(`${path}: needs at least one exporter`);
    for (const role of ['receivers', 'processors', 'exporters'] as const) {
      const ids = pipeline[role];
      for (const dup of ids.filter((id, i) => ids.indexOf(id) !== i)) out.push(`${path}.${role}: "${dup}" listed twice`);
    }
    pipelines.push(pipeline);
  }
  return pipelines;
}

function checkReferences(sections: Map<Section, Map<string, unknown>>, pipelines: Pipeline[], enabled: string[], out: string[]): void {
  const has = (section: Section, id: string) => sections.get(section)!.has(id);
  for (const p of pipelines) {
    const path = `service.pipelines.${p.name}`;
    for (const id of p.receivers) if (!has('receivers', id) && !has('connectors', id)) out.push(`${path}.receivers: "${id}" is neither a defined receiver nor a connector`);
    for (const id of p.processors) if (!has('processors', id)) out.push(`${path}.processors: "${id}" is not a defined processor`);
    for (const id of p.exporters) if (!has('exporters', id) && !has('connectors', id)) out.push(`${path}.exporters: "${id}" is neither a defined exporter nor a connector`);
  }
  for (const id of enabled) if (!has('extensions', id)) out.push(`service.extensions: "${id}" is not a defined extension`);
  for (const dup of enabled.filter((id, i) => enabled.indexOf(id) !== i)) out.push(`service.extensions: "${dup}" listed twice`);

  const used = (role: 'receivers' | 'processors' | 'exporters', id: string) => pipelines.some((p) => p[role].includes(id));
  for (const id of sections.get('receivers')!.keys()) if (!used('receivers', id)) out.push(`receivers.${id}: defined but not used in any pipeline`);
  for (const id of sections.get('processors')!.keys()) if (!used('processors', id)) out.push(`processors.${id}: defined but not used in any pipeline`);
  for (const id of sections.get('exporters')!.keys()) if (!used('exporters', id)) out.push(`exporters.${id}: defined but not used in any pipeline`);
  for (const id of sections.get('extensions')!.keys()) if (!enabled.includes(id)) out.push(`extensions.${id}: defined but not enabled in service.extensions`);
  for (const id of sections.get('connectors')!.keys()) {
    if (!used('exporters', id)) out.push(`connectors.${id}: not used as an exporter in any pipeline`);
    if (!used('receivers', id)) out.push(`connectors.${id}: not used as a receiver in any pipeline`);
  }
}

/** Connectors join pipelines; the collector rejects a pipeline graph with a cycle. */
function checkConnectorGraph(sections: Map<Section, Map<string, unknown>>, pipelines: Pipeline[], out: string[]): void {
  const connectors = sections.get('connectors')!;
  const next = new Map<string, string[]>();
  for (const p of pipelines) {
    for (const c of p.exporters.filter((id) => connectors.has(id))) {
      if (p.receivers.includes(c)) out.push(`service.pipelines.${p.name}: connector "${c}" is both receiver and exporter`);
      const targets = pipelines.filter((q) => q !== p && q.receivers.includes(c)).map((q) => q.name);
      next.set(p.name, [...(next.get(p.name) ?? []), ...targets]);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      out.push(`service.pipelines: cycle through connectors: ${[...trail.slice(trail.indexOf(name)), name].join(' -> ')}`);
      return;
    }
    state.set(name, 'visiting');
    for (const n of next.get(name) ?? []) visit(n, [...trail, name]);
    state.set(name, 'done');
  };
  for (const p of pipelines) visit(p.name, []);

  // A routing connector may only route to pipelines that receive from it.
  for (const [id, config] of connectors) {
    if (componentType(id) !== 'routing' || !isRecord(config)) continue;
    const table = Array.isArray(config['table']) ? config['table'] : [];
    const targets = [...stringList(config['default_pipelines']), ...table.flatMap((row) => (isRecord(row) ? stringList(row['pipelines']) : []))];
    for (const target of new Set(targets)) {
      const pipeline = pipelines.find((p) => p.name === target);
      if (pipeline === undefined) out.push(`connectors.${id}: routes to undefined pipeline "${target}"`);
      else if (!pipeline.receivers.includes(id)) out.push(`connectors.${id}: routes to "${target}", which does not receive from it`);
    }
  }
}

function checkExtensionReferences(value: unknown, path: string, enabled: string[], out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkExtensionReferences(v, `${path}[${i}]`, enabled, out));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (EXTENSION_REFERENCE_KEYS.includes(key) && typeof child === 'string' && !enabled.includes(child)) {
      out.push(`${path}.${key}: extension "${child}" is not defined and enabled`);
    }
    checkExtensionReferences(child, `${path}.${key}`, enabled, out);
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

// ------------------------------------------------------------------------------------ strings and ports

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

/** Two listeners on one port make the collector fail at start-up. */
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

// ------------------------------------------------------------------------------------------------ entry

export function checkCollectorConfig(config: unknown, options: CollectorCheckOptions): string[] {
  const out: string[] = [];
  if (!isRecord(config)) return ['config: must be a map'];
  for (const key of Object.keys(config)) {
    if (key !== 'service' && !(SECTION_NAMES as string[]).includes(key)) out.push(`${key}: unknown top-level key`);
  }
  const sections = checkComponents(config, out);
  const service = isRecord(config['service']) ? config['service'] : {};
  if (!isRecord(config['service'])) out.push('service: required');
  checkTree(service, SERVICE_KEYS, 'service', out);
  const enabled = stringList(service['extensions']);
  const pipelines = readPipelines(service, out);
  checkReferences(sections, pipelines, enabled, out);
  checkConnectorGraph(sections, pipelines, out);
  for (const section of ['receivers', 'exporters', 'processors', 'connectors'] as const) {
    checkExtensionReferences(config[section], section, enabled, out);
  }
  checkMemoryLimiterFirst(sections, pipelines, out);
  checkTelemetry(service, out);
  checkStrings(config, options, out);
  checkPorts(sections, service, out);
  return out;
}
