/**
 * The pod-template checksum that rolls the collector pods when their configuration or credentials change
 * (Kyma's internal/configchecksum). Secret values are hashed, never written, so the annotation leaks nothing.
 */
import { createHash, type Hash } from 'node:crypto';
import { byKey } from './metadata';

/**
 * Length-prefixed, so that no two different maps hash the same input (Kyma concatenates key+value, where
 * {"ab": "c"} and {"a": "bc"} collide).
 */
function update(hash: Hash, text: string): void {
  hash.update(`${Buffer.byteLength(text, 'utf8')}:`);
  hash.update(text, 'utf8');
}

function hashSection(hash: Hash, section: string, data: Record<string, string>): void {
  const keys = Object.keys(data).sort(byKey);
  update(hash, section);
  update(hash, String(keys.length));
  for (const key of keys) {
    update(hash, key);
    update(hash, data[key] as string);
  }
}

/**
 * SHA-256 (hex) over the ConfigMap data, then the Secret data (plain values), each in sorted key order.
 * Independent of insertion order; changes when any key or value changes, or moves between the two.
 */
export function configChecksum(configMapData: Record<string, string>, secretData: Record<string, string>): string {
  const hash = createHash('sha256');
  hashSection(hash, 'configmap', configMapData);
  hashSection(hash, 'secret', secretData);
  return hash.digest('hex');
}
