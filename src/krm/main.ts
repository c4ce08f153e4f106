/**
 * The function's edge: ResourceList on stdin, ResourceList on stdout, one human line per problem on stderr.
 * Exit 0 on success and 1 on any failure, whatever the input; never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { error } from '../core/finding';
import { render } from '../render/render';
import { checkOutput } from './check-output';
import { classify } from './classify';
import { readResourceList, writeResourceList } from './resource-list';
import { humanLine, toKrmResult } from './results';
import { hasStreamWrites, isTerminal, writeStream } from './std-streams';

export interface Io {
  stdin: () => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => Date;
}

const USAGE = `usage: metricpipeline-fn < resource-list.yaml > resource-list.yaml
       kustomize build ... | metricpipeline-fn check-output [FILE]

A KRM function: reads a ResourceList (config.kubernetes.io/v1 or v1alpha1, YAML or JSON) holding
MetricPipelines (telemetry.kyma-project.io) and Secrets, and writes it back with the metric gateway
added. Run it through kustomize (--enable-alpha-plugins --enable-exec), kpt (fn render / fn eval)
or directly. See README.md for the functionConfig keys.

check-output passes rendered manifests through unchanged and fails when they hold MetricPipelines but
nothing the function renders (the function did not run, e.g. kustomize without --enable-exec).
`;

/** `check-output [FILE]`: stdin (or FILE) to stdout unchanged, exit 1 with one line when the render did not run. */
function runCheckOutput(args: string[], io: Io, readFile: (file: string) => string): number {
  if (args.length > 1) return fail(io, `check-output takes at most one file, got: ${args.join(' ')}`);
  let text: string;
  try {
    text = args.length === 1 ? readFile(args[0]!) : io.stdin();
  } catch (e) {
    return fail(io, `check-output cannot read ${args[0]}: ${e instanceof Error ? e.message.split('\n')[0] : 'unknown error'}`);
  }
  const check = checkOutput(text);
  if (!check.ok) {
    io.stderr(`error: check-output: ${check.message}\n`);
    return 1;
  }
  io.stdout(text);
  return 0;
}

/** When the input was at least a YAML mapping, a ResourceList with the result is written too. */
function fail(io: Io, message: string, parsed = false): number {
  io.stderr(`error: ${message}\n`);
  if (parsed) io.stdout(writeResourceList({ keep: [], generated: [], results: [toKrmResult(error('InputInvalid', message))] }));
  return 1;
}

export function run(argv: string[], io: Io): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stderr(USAGE);
    return 0;
  }
  if (argv[0] === 'check-output') return runCheckOutput(argv.slice(1), io, (file) => readFileSync(file, 'utf8'));
  if (argv.length > 0) return fail(io, `unexpected arguments: ${argv.join(' ')} (the function reads a ResourceList on stdin)`);

  const read = readResourceList(io.stdin());
  if (!read.ok) return fail(io, read.message, read.parsed);
  const list = read.list;
  const classified = classify(list);
  const output = render({
    pipelines: classified.pipelines,
    secrets: classified.secrets,
    telemetry: classified.telemetry,
    functionConfig: list.functionConfig,
    now: io.now(),
  });
  const findings = [...classified.findings, ...output.findings];
  const ok = output.ok && !findings.some((f) => f.severity === 'error');
  const results = findings.map((f) => toKrmResult(f, classified.sourceOf(f)));
  for (const f of findings) io.stderr(`${humanLine(f)}\n`);
  io.stdout(writeResourceList({ keep: classified.keep, generated: ok ? output.objects : [], results }));
  return ok ? 0 : 1;
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

export function main(): void {
  // Not process.stdin.isTTY: touching process.stdin makes a pipe non-blocking, and a read before the
  // orchestrator has written (as under podman) would then fail with EAGAIN.
  if (isTerminal(0) && process.argv[2] !== 'check-output') {
    writeStream(2, USAGE);
    process.exitCode = 1;
    return;
  }
  let code: number;
  try {
    code = run(process.argv.slice(2), {
      stdin: readStdin,
      stdout: (t) => writeStream(1, t),
      stderr: (t) => writeStream(2, t),
      now: () => new Date(),
    });
  } catch (e) {
    // A bug of ours: say so in one line. Our own messages never carry values from the input.
    writeStream(2, `error: internal error in metricpipeline-fn: ${e instanceof Error ? e.message.split('\n')[0] : 'unknown'}\n`);
    code = 1;
  }
  // Everything was written synchronously and nothing else is scheduled, so exit now: letting Node wind
  // down (an idle-time garbage collection, tearing down the environment) costs about 1 ms per run.
  if (!hasStreamWrites()) process.exit(code);
  process.exitCode = code;
}

