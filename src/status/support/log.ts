/**
 * Structured log lines of the status job: one JSON object per line on stderr, `{time, level, msg, ...fields}`,
 * so that cluster log pipelines can index them without a parser. Fields are plain values chosen by the
 * caller; nothing here knows about Secrets, and callers never pass secret values (the job reads none).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined | readonly string[]>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Log lines longer than this are cut: an API error body can be large, and one line must stay readable. */
const MAX_FIELD_LENGTH = 2000;

function clip(value: LogFields[string]): LogFields[string] {
  if (typeof value === 'string' && value.length > MAX_FIELD_LENGTH) return `${value.slice(0, MAX_FIELD_LENGTH)}…`;
  return value;
}

export function jsonLogger(write: (line: string) => void, now: () => Date, minLevel: LogLevel = 'info'): Logger {
  const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (RANK[level] < RANK[minLevel]) return;
    const record: Record<string, unknown> = { time: now().toISOString(), level, msg };
    for (const [key, value] of Object.entries(fields)) {
      // The fixed keys come first and cannot be overwritten by a field of the same name.
      if (value !== undefined && !(key in record)) record[key] = clip(value);
    }
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}
