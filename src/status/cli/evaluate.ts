/**
 * `metricpipeline-status evaluate`: reads saved `/metrics` snapshots and prints the TelemetryFlowHealthy
 * condition per MetricPipeline as JSON, with exactly the code the status CronJob uses. Problems with the
 * command line or the files are InputErrors: one line on stderr and exit code 2 (see ../cli.ts).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { conditionOf, evaluate, MIN_HOLD_SECONDS, type CollectorScrapes, type FlowHealthResult } from '../flow/evaluate';
import { parseSnapshot, POD_MARKER } from '../metrics/samples';
import { PROGRAM, type CliIo } from './io';

export const USAGE = `Usage: ${PROGRAM} evaluate --gateway BEFORE AFTER [--agent BEFORE AFTER] --window SECONDS [--pipelines FILE]
       ${PROGRAM} run [OPTIONS]   the in-cluster status job; see \`${PROGRAM} run --help\`

Evaluates the TelemetryFlowHealthy condition of MetricPipelines from two saved /metrics snapshots of the
collectors, taken SECONDS apart, and prints {"<pipeline>": {"status", "reason", "message"}} as JSON.

  --gateway BEFORE AFTER  snapshot files of the metric gateway (required)
  --agent BEFORE AFTER    snapshot files of the metric agent
  --window SECONDS        seconds between the BEFORE and AFTER scrapes; a problem must hold for
                          ${MIN_HOLD_SECONDS} s, so with a shorter window problems are only noted on stderr
  --pipelines FILE        pipelines to report: a YAML/JSON list of names, or MetricPipeline objects
                          (then agent problems apply only to pipelines with a prometheus, istio or
                          runtime input); default: the pipelines named by the collectors' exporters
  -h, --help              show this help

A snapshot file is Prometheus text as served on :8888/metrics. Several pods go into one file, each
after a line "# ${POD_MARKER} <pod-name>"; a file without such lines is one pod.
Exit codes: 0 evaluated, 2 bad usage or unreadable input.
`;

/** A problem with the command line or the input files: one line for stderr, exit code 2. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

export interface EvaluateArgs {
  gateway: [string, string];
  agent: [string, string] | undefined;
  windowSeconds: number;
  pipelinesFile: string | undefined;
}

/**
 * parseArgs has no two-value options, so `--gateway BEFORE AFTER` is read from its token stream: the option
 * takes the first file, the positional right after it the second.
 */
export function parseEvaluateArgs(argv: readonly string[]): EvaluateArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        gateway: { type: 'string' },
        agent: { type: 'string' },
        window: { type: 'string' },
        pipelines: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (e) {
    throw new InputError(e instanceof Error ? e.message : String(e), true);
  }
  if (parsed.values.help === true) return 'help';
  const pairs: Record<'gateway' | 'agent', string[]> = { gateway: [], agent: [] };
  const seen = new Set<string>();
  let command: string | undefined;
  let pending: 'gateway' | 'agent' | undefined;
  for (const token of parsed.tokens) {
    if (token.kind === 'option') {
      if (seen.has(token.name)) throw new InputError(`--${token.name} given twice`, true);
      seen.add(token.name);
      pending = token.name === 'gateway' || token.name === 'agent' ? token.name : undefined;
      if (pending !== undefined && token.value !== undefined) pairs[pending].push(token.value);
    } else if (token.kind === 'positional') {
      if (pending !== undefined) {
        pairs[pending].push(token.value);
        pending = undefined;
      } else if (command === undefined) {
        command = token.value;
      } else {
        throw new InputError(`unexpected argument ${JSON.stringify(token.value)}`, true);
      }
    }
  }
  if (command === undefined) throw new InputError('missing command "evaluate" (or "run")', true);
  if (command !== 'evaluate') throw new InputError(`unknown command ${JSON.stringify(command)}`, true);
  const pair = (name: 'gateway' | 'agent'): [string, string] | undefined => {
    const files = pairs[name];
    if (!seen.has(name)) return undefined;
    if (files.length !== 2) throw new InputError(`--${name} needs two files: BEFORE AFTER`, true);
    return [files[0] as string, files[1] as string];
  };
  const gateway = pair('gateway');
  if (gateway === undefined) throw new InputError('missing --gateway BEFORE AFTER', true);
  const window = parsed.values.window;
  if (window === undefined) throw new InputError('missing --window SECONDS', true);
  const windowSeconds = Number(window);
  if (window.trim() === '' || !Number.isFinite(windowSeconds) || windowSeconds <= 0) {
    throw new InputError(`--window must be a positive number of seconds, got ${JSON.stringify(window)}`, true);
  }
  return { gateway, agent: pair('agent'), windowSeconds, pipelinesFile: parsed.values.pipelines };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    throw new InputError(`cannot read ${file}: ${why}`);
  }
}

/**
 * Like Promise.all, but a failure is reported by position, not by which came first: with two unreadable
 * files the message names the first one on the command line, whatever the file system's timing.
 */
async function allInOrder<T extends readonly unknown[]>(promises: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function scrapes(files: [string, string]): Promise<CollectorScrapes> {
  const [beforeText, afterText] = await allInOrder<[string, string]>([readText(files[0]), readText(files[1])]);
  return { before: parseSnapshot(beforeText as string, files[0]), after: parseSnapshot(afterText as string, files[1]) };
}

/** JSON with keys in sorted order; a plain object would put integer-like pipeline names first. */
export function formatResults(results: Record<string, FlowHealthResult>): string {
  const names = Object.keys(results).sort();
  if (names.length === 0) return '{}\n';
  const entries = names.map((name) => {
    const condition = conditionOf(results[name] as FlowHealthResult);
    const body = (['status', 'reason', 'message'] as const)
      .map((key) => `    ${JSON.stringify(key)}: ${JSON.stringify(condition[key])}`)
      .join(',\n');
    return `  ${JSON.stringify(name)}: {\n${body}\n  }`;
  });
  return `{\n${entries.join(',\n')}\n}\n`;
}

/** Problems seen in this window that a single window below 60 s cannot confirm. */
function pendingNotes(results: Record<string, FlowHealthResult>): string[] {
  const notes: string[] = [];
  for (const name of Object.keys(results).sort()) {
    const { pending } = results[name] as FlowHealthResult;
    if (pending.length > 0) {
      notes.push(`${name}: observed ${pending.join(', ')}; not reported: it must hold for ${MIN_HOLD_SECONDS} s, the window is shorter`);
    }
  }
  return notes;
}

export async function runEvaluate(args: EvaluateArgs, io: CliIo): Promise<number> {
  const [gateway, agent, selection] = await allInOrder([
    scrapes(args.gateway),
    args.agent === undefined ? Promise.resolve(undefined) : scrapes(args.agent),
    args.pipelinesFile === undefined ? Promise.resolve(undefined) : readPipelines(args.pipelinesFile),
  ]);
  const results = evaluate({
    gateway,
    ...(agent === undefined ? {} : { agent }),
    windowSeconds: args.windowSeconds,
    ...(selection === undefined ? {} : { pipelines: selection.pipelines }),
    ...(selection?.agentPipelines === undefined ? {} : { agentPipelines: selection.agentPipelines }),
  });
  io.stdout(formatResults(results));
  for (const note of pendingNotes(results)) io.stderr(`${PROGRAM}: note: ${note}\n`);
  return 0;
}

/** Loaded only with --pipelines: the YAML parser costs start-up time the common case does not need. */
async function readPipelines(file: string): Promise<{ pipelines: string[]; agentPipelines: string[] | undefined }> {
  const text = await readText(file);
  const { parsePipelinesFile, PipelinesFileError } = await import('./pipelines-file');
  try {
    return parsePipelinesFile(text, file);
  } catch (e) {
    if (e instanceof PipelinesFileError) throw new InputError(e.message);
    throw e;
  }
}
