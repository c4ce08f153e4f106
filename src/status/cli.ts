/**
 * The status program's entry (bundled as dist/bundle/metricpipeline-status.js, launched by
 * function/metricpipeline-status): `evaluate` is the offline flow-health CLI (cli/evaluate.ts), `run` the
 * status CronJob itself (cli/run.ts), loaded only when asked for. Input problems are reported as one line on
 * stderr with exit code 2, never as a stack trace.
 */
import { InputError, parseEvaluateArgs, runEvaluate, USAGE } from './cli/evaluate';
import { PROGRAM, processIo, type CliIo } from './cli/io';
import type { RunEnvironment } from './cli/run';
import { PrometheusParseError } from './metrics/prometheus-text';

export { PROGRAM, USAGE, type CliIo };

/** `runEnvironment` replaces the cluster connection and the clock of `run`, for tests. */
export async function main(argv: readonly string[], io: CliIo = processIo, runEnvironment?: RunEnvironment): Promise<number> {
  if (argv[0] === 'run') {
    // Only here: loading @kubernetes/client-node takes longer than a whole `evaluate`.
    const { runCommand } = await import('./cli/run');
    return runCommand(argv.slice(1), io, runEnvironment);
  }
  try {
    const args = parseEvaluateArgs(argv);
    if (args === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    return await runEvaluate(args, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`${PROGRAM}: ${e.message}\n`);
      if (e.showUsage) io.stderr(`\n${USAGE}`);
      return 2;
    }
    if (e instanceof PrometheusParseError) {
      io.stderr(`${PROGRAM}: ${e.message}\n`);
      return 2;
    }
    // A bug, not an input problem: still one line, the stack only on request.
    io.stderr(`${PROGRAM}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env['METRICPIPELINE_STATUS_DEBUG'] !== undefined && e instanceof Error) io.stderr(`${e.stack ?? ''}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
