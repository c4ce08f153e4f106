/**
 * `metricpipeline-status run`: the in-cluster status job (CronJob telemetry-metric-status). Parses its
 * options, connects to the API server (in-cluster config, or a kubeconfig for running it from a laptop) and
 * runs job/status-job.ts. Loaded lazily by ../cli.ts, so `evaluate` never loads @kubernetes/client-node.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { parseArgs } from 'node:util';
import { DEFAULT_NAMESPACE, STATUS_JOB } from '../../constants';
import { kubeStatusApi } from '../cluster/kube-client';
import { fetchText as defaultFetchText, type FetchText } from '../cluster/scrape';
import { EXIT_CODES, runStatusJob, type JobOptions } from '../job/status-job';
import { Budget, systemClock, type Clock } from '../support/budget';
import { jsonLogger } from '../support/log';
import type { CliIo } from './io';

export const RUN_USAGE = `Usage: metricpipeline-status run [--namespace NS] [--window SECONDS] [--timeout SECONDS]
                             [--call-timeout SECONDS] [--prometheus-url URL] [--kubeconfig FILE] [--dry-run]

Writes the status of every MetricPipeline (conditions ConfigurationGenerated, GatewayHealthy, AgentHealthy,
TelemetryFlowHealthy, Ready) from the rendered configuration, the collectors' workloads and their
self-metrics. Runs in the cluster as CronJob ${STATUS_JOB.name}; logs one JSON object per line on stderr.

  --namespace NS          namespace of the gateway and agent (default ${DEFAULT_NAMESPACE})
  --window SECONDS        evaluation window: the time between the two counter readings (default ${STATUS_JOB.defaultWindowSeconds});
                          the previous run's reading is used when it is recent, else the job reads twice
  --timeout SECONDS       time budget of the whole run (default ${STATUS_JOB.timeoutSeconds})
  --call-timeout SECONDS  timeout of each API call and scrape, capped by the budget (default 10)
  --prometheus-url URL    read the collectors' counters from this Prometheus instead of scraping the pods
  --kubeconfig FILE       use this kubeconfig instead of the in-cluster configuration
  --dry-run               log the status patches instead of writing them; keep no state
  -h, --help              show this help

Exit codes: 0 every status is current, 1 internal error, 2 bad usage, 3 some statuses not written,
4 no status written.
`;

/** What tests (and nothing else) replace. */
export interface RunEnvironment {
  kubeConfig?: KubeConfig;
  clock?: Clock;
  fetchText?: FetchText;
  env?: Readonly<Record<string, string | undefined>>;
}

class UsageError extends Error {}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds, got ${JSON.stringify(value)}`);
  return n;
}

interface RunArgs extends JobOptions {
  kubeconfig: string | undefined;
}

function parseRunArgs(argv: readonly string[]): RunArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        namespace: { type: 'string' },
        window: { type: 'string' },
        timeout: { type: 'string' },
        'call-timeout': { type: 'string' },
        'prometheus-url': { type: 'string' },
        kubeconfig: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help === true) return 'help';
  const namespace = values.namespace ?? DEFAULT_NAMESPACE;
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) throw new UsageError(`--namespace must be a namespace name, got ${JSON.stringify(namespace)}`);
  const prometheusUrl = values['prometheus-url'];
  if (prometheusUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(prometheusUrl);
      ok = url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--prometheus-url must be an http:// or https:// URL, got ${JSON.stringify(prometheusUrl)}`);
  }
  return {
    namespace,
    windowSeconds: seconds('window', values.window, STATUS_JOB.defaultWindowSeconds),
    timeoutSeconds: seconds('timeout', values.timeout, STATUS_JOB.timeoutSeconds),
    callTimeoutSeconds: seconds('call-timeout', values['call-timeout'], 10),
    ...(prometheusUrl === undefined ? {} : { prometheusUrl }),
    dryRun: values['dry-run'] === true,
    kubeconfig: values.kubeconfig,
  };
}

/** In the cluster the service account; elsewhere --kubeconfig, $KUBECONFIG or ~/.kube/config. */
function loadKubeConfig(args: RunArgs, env: Readonly<Record<string, string | undefined>>): KubeConfig {
  const kc = new KubeConfig();
  if (args.kubeconfig !== undefined) kc.loadFromFile(args.kubeconfig);
  else if (env['KUBERNETES_SERVICE_HOST'] !== undefined) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (kc.getCurrentCluster() === null) throw new UsageError('no Kubernetes API server configured (not in a cluster, and no usable kubeconfig)');
  return kc;
}

export async function runCommand(argv: readonly string[], io: CliIo, environment: RunEnvironment = {}): Promise<number> {
  const clock = environment.clock ?? systemClock;
  const log = jsonLogger((line) => io.stderr(line), () => clock.now());
  let args: RunArgs | 'help';
  let kubeConfig: KubeConfig;
  try {
    args = parseRunArgs(argv);
    if (args === 'help') {
      io.stdout(RUN_USAGE);
      return EXIT_CODES.ok;
    }
    kubeConfig = environment.kubeConfig ?? loadKubeConfig(args, environment.env ?? process.env);
  } catch (e) {
    const text = e instanceof Error ? e.message.split('\n')[0] : String(e);
    log.error('bad usage', { error: text });
    if (e instanceof UsageError) io.stderr(`\n${RUN_USAGE}`);
    return EXIT_CODES.usage;
  }
  const options: JobOptions = {
    namespace: args.namespace,
    windowSeconds: args.windowSeconds,
    timeoutSeconds: args.timeoutSeconds,
    callTimeoutSeconds: args.callTimeoutSeconds,
    ...(args.prometheusUrl === undefined ? {} : { prometheusUrl: args.prometheusUrl }),
    dryRun: args.dryRun,
  };
  try {
    const budget = new Budget(clock, options.timeoutSeconds * 1000, options.callTimeoutSeconds * 1000);
    const api = kubeStatusApi(kubeConfig, budget);
    log.info('status job started', {
      namespace: options.namespace,
      windowSeconds: options.windowSeconds,
      timeoutSeconds: options.timeoutSeconds,
      source: options.prometheusUrl === undefined ? 'scrape' : 'prometheus',
      dryRun: options.dryRun,
    });
    const report = await runStatusJob(options, { api, fetchText: environment.fetchText ?? defaultFetchText, clock, log, budget });
    return report.exitCode;
  } catch (e) {
    // A bug, not an API problem (those are handled inside): one log line, the stack only on request.
    const stack = process.env['METRICPIPELINE_STATUS_DEBUG'] !== undefined && e instanceof Error ? e.stack : undefined;
    log.error('internal error', { error: e instanceof Error ? e.message : String(e), stack });
    return EXIT_CODES.internalError;
  }
}
