/**
 * The settings a Kyma Telemetry resource contributes (src/api/telemetry-resource.ts), with the results that
 * say what was taken, what the functionConfig overrides and what cannot be honoured.
 */
import { decodeInherited, type InheritedSettings } from '../api/function-config';
import type { ResourceRef } from '../api/model';
import { readTelemetryResource, TELEMETRY_FIELDS } from '../api/telemetry-resource';
import { clip } from '../core/clip';
import { error, info, warning, type Finding } from '../core/finding';
import { byCodeUnits } from '../core/order';

function refOf(object: Record<string, unknown>): ResourceRef {
  const metadata = (object['metadata'] ?? {}) as { name?: unknown; namespace?: unknown };
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  return { apiVersion: String(object['apiVersion']), kind: String(object['kind']), name, ...(namespace ? { namespace } : {}) };
}

const order = (r: ResourceRef) => `${r.namespace ?? ''}/${r.name}`;

/** `setByFunctionConfig`: the keys the functionConfig gives itself, which win. */
export function telemetrySettings(objects: Record<string, unknown>[], setByFunctionConfig: string[]): { given?: InheritedSettings; findings: Finding[] } {
  if (objects.length === 0) return { given: {}, findings: [] };
  const sorted = objects.map((o) => ({ object: o, ref: refOf(o) })).sort((a, b) => byCodeUnits(order(a.ref), order(b.ref)));
  const findings: Finding[] = sorted.slice(1).map(({ ref }) =>
    warning('InputInvalid', `only one Telemetry resource is read, as Kyma has one; ${order(sorted[0]!.ref)} is, this one is ignored`, ref),
  );
  const { object, ref } = sorted[0]!;
  const reading = readTelemetryResource(object);
  const decoded = decodeInherited(reading.settings);
  if (!decoded.ok) {
    return {
      findings: [
        ...findings,
        ...decoded.problems.map((p) => {
          const key = p.path.split(/[.[]/)[0] ?? p.path;
          const field = `${TELEMETRY_FIELDS[key] ?? key}${p.path.slice(key.length)}`;
          return error('InputInvalid', `Telemetry ${field} ${p.message}`, ref, field);
        }),
      ],
    };
  }
  const given: InheritedSettings = { ...decoded.given };
  for (const key of Object.keys(reading.settings).sort(byCodeUnits)) {
    const field = TELEMETRY_FIELDS[key] ?? key;
    if (setByFunctionConfig.includes(key)) {
      delete (given as Record<string, unknown>)[key];
      findings.push(info('InputInvalid', `${field} is not used: the functionConfig sets ${key}, which wins`, ref, field));
    } else {
      findings.push(info('InputInvalid', `${field} is used as the functionConfig key ${key}`, ref, field));
    }
  }
  if (reading.ignored.length > 0) {
    const list = clip(reading.ignored.join(', '));
    findings.push(warning('InputInvalid', `metricpipeline-fn renders metric pipelines only and cannot honour these Telemetry fields: ${list}`, ref, 'spec'));
  }
  return { given, findings };
}
