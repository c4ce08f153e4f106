/**
 * Deterministic YAML for a CollectorConfig: the ConfigMap content and its checksum (which rolls the pods)
 * must only change when the configuration does. Sections come in reading order (what runs, then how it is
 * wired); inside sections the builders' insertion order is kept.
 */
import { emitYaml, type Plain } from '../yaml/emit-yaml';
import type { CollectorConfig } from './types';

const SECTION_ORDER = ['extensions', 'receivers', 'processors', 'exporters', 'connectors', 'service'] as const;

export function serializeCollectorConfig(config: CollectorConfig): string {
  const ordered: Record<string, unknown> = {};
  for (const section of SECTION_ORDER) {
    const value = config[section];
    // An empty section says nothing; omitting it keeps configs without connectors (or extensions) short.
    if (section !== 'service' && Object.keys(value).length === 0) continue;
    ordered[section] = value;
  }
  ordered['service'] = {
    extensions: config.service.extensions,
    pipelines: config.service.pipelines,
    telemetry: config.service.telemetry,
  };
  // The function's own small printer: shared objects are printed in full (never as anchors), and the
  // first render of a process does not pay for warming up a general-purpose YAML printer.
  return emitYaml(ordered as { [key: string]: Plain }, { indentSeq: true });
}
