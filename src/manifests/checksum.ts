/**
 * The pod-template checksum that rolls the collector pods when their configuration or credentials change
 * (Kyma's internal/configchecksum). Secret values are never written; they key the hash instead.
 *
 * Anyone who can read a Deployment can read this annotation and the ConfigMap. A plain hash over config and
 * Secret values (Kyma's) lets them confirm guesses of a weak password offline at billions of guesses per
 * second. Here the hash is an HMAC whose key is derived with scrypt from all the Secret values together:
 * a guess must get every value right at once (so one strong value, such as a private key or a random token,
 * protects the weak ones), and each guess costs an scrypt evaluation (~40 ms, 16 MiB) instead of one
 * SHA-256. What remains, documented in the README: if every value is weak, joint guessing is slow but
 * possible.
 */
import { createHmac, scryptSync, type Hmac } from 'node:crypto';
import { byCodeUnits } from '../core/order';

/** scrypt's interactive-login parameters; the salt only separates this use from any other. */
const KDF = { salt: 'metricpipeline-fn/checksum/config/v1', keyLength: 32, options: { N: 2 ** 14, r: 8, p: 1 } } as const;

/**
 * Length-prefixed, so that no two different maps hash the same input (Kyma concatenates key+value, where
 * {"ab": "c"} and {"a": "bc"} collide).
 */
function update(target: Hmac, text: string): void {
  target.update(`${Buffer.byteLength(text, 'utf8')}:`);
  target.update(text, 'utf8');
}

function serializeSection(section: string, data: Record<string, string>, into: (text: string) => void): void {
  const keys = Object.keys(data).sort(byCodeUnits);
  into(section);
  into(String(keys.length));
  for (const key of keys) {
    into(key);
    into(data[key] as string);
  }
}

/** Without Secret data there is nothing to protect, and the KDF's cost is skipped. */
function hmacKey(secretData: Record<string, string>): Buffer {
  if (Object.keys(secretData).length === 0) return Buffer.alloc(0);
  const parts: string[] = [];
  serializeSection('secret', secretData, (text) => parts.push(`${Buffer.byteLength(text, 'utf8')}:${text}`));
  return scryptSync(parts.join(''), KDF.salt, KDF.keyLength, KDF.options);
}

/**
 * HMAC-SHA256 (hex) over the ConfigMap data, then the Secret data, each in sorted key order, keyed as
 * described above. Independent of insertion order; changes when any key or value changes, or moves
 * between the two.
 */
export function configChecksum(configMapData: Record<string, string>, secretData: Record<string, string>): string {
  const hmac = createHmac('sha256', hmacKey(secretData));
  serializeSection('configmap', configMapData, (text) => update(hmac, text));
  serializeSection('secret', secretData, (text) => update(hmac, text));
  return hmac.digest('hex');
}
