/**
 * What one run of the job leaves for the next, in the ConfigMap STATUS_JOB.stateConfigMap:
 * - `data["state.json"]`: when it evaluated, which problems it saw (confirmed or not, per pipeline and per
 *   workload) and when it scraped: readable with kubectl;
 * - `binaryData["snapshot.json.gz"]`: the counters of its last scrape round, gzipped, so that the next run
 *   compares against them instead of scraping twice. Gzip because every pod's series names repeat: a
 *   fleet of hundreds of agent pods would not fit into a ConfigMap (1 MiB) as plain JSON.
 * Only counters and uptimes are kept: the earlier scrape's gauges play no part in the evaluation.
 * Anything unreadable (an older format, a hand edit) is dropped with a note; the job then starts afresh.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { isWorkloadProblem, type WorkloadProblem } from '../cluster/workload-health';
import type { CounterKind, CounterSeries, PodMetrics, Snapshot } from '../metrics/samples';

export const STATE_KEY = 'state.json';
export const SNAPSHOT_KEY = 'snapshot.json.gz';
const VERSION = 1;
/** Leaves room below the ConfigMap limit (1 MiB over all keys) for the rest and for metadata. */
export const MAX_SNAPSHOT_BYTES = 768 * 1024;

export interface ScrapeRound {
  /** When the round started; the next run's window is measured from here. */
  takenAt: Date;
  gateway?: Snapshot;
  agent?: Snapshot;
}

export interface JobState {
  evaluatedAt: Date;
  /** Flow problems observed per pipeline (FlowHealthResult.problems), for the next run's `previous`. */
  flowProblems: Record<string, string[]>;
  workloadProblems: { gateway?: WorkloadProblem; agent?: WorkloadProblem };
  scrape?: ScrapeRound;
}

const COUNTER_KINDS: readonly CounterKind[] = ['sent', 'sendFailed', 'enqueueFailed', 'refused'];

type Encoded = number | string;
type SerializedPod = { u?: Encoded; n: number; c: [string, CounterKind, string, Encoded][] };
type SerializedSnapshot = Record<string, SerializedPod>;

/** JSON has no NaN or infinities; counters can hold them after a broken scrape. */
function encode(value: number): Encoded {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

function decode(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === '+Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  return undefined;
}

function serializeSnapshot(snapshot: Snapshot): SerializedSnapshot {
  const out: SerializedSnapshot = {};
  for (const [pod, metrics] of snapshot) {
    const counters = [...metrics.counters].map(([key, s]): [string, CounterKind, string, Encoded] => [key, s.kind, s.component, encode(s.value)]);
    out[pod] = { ...(metrics.uptimeSeconds === undefined ? {} : { u: encode(metrics.uptimeSeconds) }), n: metrics.sampleCount, c: counters };
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deserializeSnapshot(value: unknown): Snapshot | undefined {
  if (!isRecord(value)) return undefined;
  const snapshot = new Map<string, PodMetrics>();
  for (const [pod, raw] of Object.entries(value)) {
    if (!isRecord(raw) || typeof raw['n'] !== 'number' || !Array.isArray(raw['c'])) return undefined;
    const uptime = raw['u'] === undefined ? undefined : decode(raw['u']);
    if (raw['u'] !== undefined && uptime === undefined) return undefined;
    const counters = new Map<string, CounterSeries>();
    for (const entry of raw['c'] as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 4) return undefined;
      const [key, kind, component, encoded] = entry as unknown[];
      const v = decode(encoded);
      if (typeof key !== 'string' || typeof component !== 'string' || !COUNTER_KINDS.includes(kind as CounterKind) || v === undefined) return undefined;
      counters.set(key, { kind: kind as CounterKind, component, value: v });
    }
    snapshot.set(pod, { counters, queues: new Map(), uptimeSeconds: uptime, sampleCount: raw['n'] });
  }
  return snapshot;
}

export interface EncodedState {
  data: Record<string, string>;
  binaryData: Record<string, string>;
  /** Why the scrape was left out, if it was. */
  note?: string;
}

export function encodeState(state: JobState): EncodedState {
  const summary: Record<string, unknown> = {
    version: VERSION,
    evaluatedAt: state.evaluatedAt.toISOString(),
    flowProblems: state.flowProblems,
    workloadProblems: state.workloadProblems,
  };
  const binaryData: Record<string, string> = {};
  let note: string | undefined;
  if (state.scrape !== undefined) {
    const { gateway, agent } = state.scrape;
    const body = { ...(gateway === undefined ? {} : { gateway: serializeSnapshot(gateway) }), ...(agent === undefined ? {} : { agent: serializeSnapshot(agent) }) };
    const packed = gzipSync(JSON.stringify(body)).toString('base64');
    if (packed.length <= MAX_SNAPSHOT_BYTES) {
      summary['scrapedAt'] = state.scrape.takenAt.toISOString();
      binaryData[SNAPSHOT_KEY] = packed;
    } else {
      note = `the scrape (${packed.length} bytes packed) exceeds ${MAX_SNAPSHOT_BYTES} bytes; the next run scrapes twice instead`;
    }
  }
  return { data: { [STATE_KEY]: `${JSON.stringify(summary, null, 2)}\n` }, binaryData, ...(note === undefined ? {} : { note }) };
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function stringLists(value: unknown): Record<string, string[]> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return undefined;
    out[k] = v as string[];
  }
  return out;
}

/** The state from a ConfigMap's data; `problem` says why it is unusable. */
export function decodeState(data: Readonly<Record<string, string>>, binaryData: Readonly<Record<string, string>>): { state?: JobState; problem?: string } {
  const text = data[STATE_KEY];
  if (text === undefined) return { problem: `${STATE_KEY} is missing` };
  let summary: unknown;
  try {
    summary = JSON.parse(text);
  } catch {
    return { problem: `${STATE_KEY} is not JSON` };
  }
  if (!isRecord(summary) || summary['version'] !== VERSION) return { problem: `${STATE_KEY} has another format version` };
  const evaluatedAt = date(summary['evaluatedAt']);
  const flowProblems = stringLists(summary['flowProblems']);
  const workload = summary['workloadProblems'];
  if (evaluatedAt === undefined || flowProblems === undefined || !isRecord(workload)) return { problem: `${STATE_KEY} is incomplete` };
  const workloadProblems: JobState['workloadProblems'] = {};
  for (const component of ['gateway', 'agent'] as const) {
    const p = workload[component];
    if (typeof p === 'string' && isWorkloadProblem(p)) workloadProblems[component] = p;
  }
  const state: JobState = { evaluatedAt, flowProblems, workloadProblems };
  const scrapedAt = date(summary['scrapedAt']);
  const packed = binaryData[SNAPSHOT_KEY];
  if (scrapedAt === undefined || packed === undefined) return { state };
  try {
    const body: unknown = JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8'));
    if (!isRecord(body)) throw new Error('not an object');
    const gateway = body['gateway'] === undefined ? undefined : deserializeSnapshot(body['gateway']);
    const agent = body['agent'] === undefined ? undefined : deserializeSnapshot(body['agent']);
    if ((body['gateway'] !== undefined && gateway === undefined) || (body['agent'] !== undefined && agent === undefined)) throw new Error('malformed');
    state.scrape = { takenAt: scrapedAt, ...(gateway === undefined ? {} : { gateway }), ...(agent === undefined ? {} : { agent }) };
    return { state };
  } catch {
    return { state, problem: `${SNAPSHOT_KEY} is unreadable` };
  }
}
