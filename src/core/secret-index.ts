/**
 * The Secrets of the ResourceList, indexed by namespace/name, with `data` (base64) and `stringData`
 * merged the way the API server merges them (stringData wins).
 */

/** A key of a Secret (the API's `secretKeyRef`). */
export interface SecretKeyRef {
  name: string;
  namespace: string;
  key: string;
}

/** A value given inline or by reference to a Secret key (the API's `ValueType`). */
export interface ValueOrSecretRef {
  value?: string;
  valueFrom?: { secretKeyRef: SecretKeyRef };
}

export interface SecretEntry {
  namespace: string;
  name: string;
  values: Map<string, string>;
}

export class SecretIndex {
  private readonly byKey = new Map<string, SecretEntry>();

  add(entry: SecretEntry): void {
    this.byKey.set(`${entry.namespace}/${entry.name}`, entry);
  }

  get(namespace: string, name: string): SecretEntry | undefined {
    return this.byKey.get(`${namespace}/${name}`);
  }

  /** The namespaces that hold a Secret of this name, sorted. */
  namespacesOf(name: string): string[] {
    return [...this.byKey.values()].filter((e) => e.name === name).map((e) => e.namespace).sort();
  }

  /** The referenced value, or undefined when the Secret or key is missing (validation reports that). */
  lookup(ref: SecretKeyRef): string | undefined {
    return this.get(ref.namespace, ref.name)?.values.get(ref.key);
  }

  /** A ValueType's effective value: `value`, or the referenced Secret key. */
  resolve(v: ValueOrSecretRef): string | undefined {
    if (v.valueFrom) return this.lookup(v.valueFrom.secretKeyRef);
    return v.value;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes one Secret's data; returns the keys whose base64 is malformed instead of guessing. */
export function secretValues(data: unknown, stringData: unknown): { values: Map<string, string>; badKeys: string[] } {
  const values = new Map<string, string>();
  const badKeys: string[] = [];
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const [key, raw] of Object.entries(data)) {
      const text = typeof raw === 'string' ? raw.replace(/\s+/g, '') : undefined;
      if (text === undefined || text.length % 4 !== 0 || !BASE64.test(text)) {
        badKeys.push(key);
        continue;
      }
      values.set(key, Buffer.from(text, 'base64').toString('utf8'));
    }
  }
  if (stringData && typeof stringData === 'object' && !Array.isArray(stringData)) {
    for (const [key, raw] of Object.entries(stringData)) {
      if (typeof raw === 'string') values.set(key, raw);
      else badKeys.push(key);
    }
  }
  return { values, badKeys };
}
