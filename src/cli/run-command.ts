// `ivs-conformance run`: validate everything first (so a bad flag costs no request), run, write
// the reports (even when interrupted), print a short verdict, and choose the exit code.
import { randomInt } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { ensureDir, writeFileNoFollow } from '../reporters/common.ts';
import { dirname, join, resolve } from 'node:path';
import { NothingToRun, VERSION, SetupProblem, TargetUnreachable, type RunOptions } from '../engine/run.ts';
import { runConformance } from '../reference/embedded.ts';
import type { RecordedExchange } from '../engine/recorder.ts';
import { toHar } from '../reporters/har.ts';
import { exitCodeOf } from '../findings/verdict.ts';
import { FAIL_ON_ANY, gateDeviations, type FailOn } from '../findings/gate.ts';
import { invokedAs, shellQuote } from './command-line.ts';
import { printRunSummary } from './terminal-summary.ts';
import type { Environment } from '../engine/context.ts';
import type { Report } from '../findings/model.ts';
import { readReport } from '../reporters/json.ts';
import { diffReports } from '../reporters/diff.ts';
import { publishLatest, writeReports } from '../reporters/write.ts';
import { createProgress } from './progress.ts';
import { visibleControls } from '../reporters/neutralise.ts';
import { LIMITS, TLS_UNVERIFIED_HINT, UsageError, assertRedactable, credentialsFrom, environment, failOn, httpUrl, integer, isLoopbackUrl, profile, rate, readConfigFile, regex, shard, features, unknownConfigKey, warnSecretFlags } from './options.ts';

export interface RunFlags {
  target?: string;
  apiKey?: string;
  apiSecret?: string;
  apiKey2?: string;
  apiSecret2?: string;
  environment?: Environment;
  profile?: string;
  webhookSigningKey?: string;
  webhookUrl?: string;
  webhookTimeout?: number;
  webhookPort?: number;
  reportDir?: string;
  seed?: number;
  runs?: number;
  grep?: RegExp;
  maxRequests?: number;
  rate?: number;
  concurrency?: number;
  timeout?: number;
  baseline?: string;
  failOn?: FailOn;
  /** Save every exchange as HAR 1.2 (secrets redacted). */
  har?: string;
  shard?: { index: number; count: number };
  allowProductionWrites?: boolean;
  config?: string;
  progress?: boolean;
  /** --no-preflight: no setup diagnosis (preflight and watch). */
  preflight?: boolean;
  features?: string[];
}

/** How config-file values are parsed: the same parsers as the flags. */
const CONFIG_PARSERS: Partial<Record<keyof RunFlags, (value: string) => unknown>> = {
  target: httpUrl('target'),
  environment,
  profile,
  webhookUrl: httpUrl('webhookUrl', ['https:']),
  webhookTimeout: integer('webhookTimeout', 1, LIMITS.ms),
  webhookPort: integer('webhookPort', 0, LIMITS.port),
  seed: integer('seed', 0, LIMITS.seed),
  runs: integer('runs', 1, LIMITS.runs),
  grep: regex,
  maxRequests: integer('maxRequests', 1, LIMITS.maxRequests),
  rate: rate('rate', LIMITS.rate),
  concurrency: integer('concurrency', 1, LIMITS.concurrency),
  timeout: integer('timeout', 1, LIMITS.ms),
  failOn,
  shard,
  features,
};
const CONFIG_STRINGS = ['apiKey', 'apiSecret', 'apiKey2', 'apiSecret2', 'webhookSigningKey', 'reportDir', 'baseline', 'har'];

/** Config-file values fill in what neither a flag nor an environment variable set. */
export function withConfig(flags: RunFlags): RunFlags {
  const config = readConfigFile(flags.config);
  const merged: Record<string, unknown> = { ...flags };
  for (const [key, raw] of Object.entries(config)) {
    if (merged[key] !== undefined) continue;
    const parser = CONFIG_PARSERS[key as keyof RunFlags];
    if (parser) merged[key] = parser(Array.isArray(raw) ? raw.join(',') : String(raw));
    else if (CONFIG_STRINGS.includes(key)) merged[key] = String(raw);
    else if (key === 'allowProductionWrites') merged[key] = raw === true || raw === 'true';
    else throw unknownConfigKey(flags.config, key, [...Object.keys(CONFIG_PARSERS), ...CONFIG_STRINGS, 'allowProductionWrites']);
  }
  return merged as RunFlags;
}

export function toRunOptions(flags: RunFlags, signal?: AbortSignal): RunOptions {
  const credentials = credentialsFrom(flags.apiKey, flags.apiSecret, '--api-key/--api-secret (IVS_API_KEY/IVS_API_SECRET)');
  const otherCredentials = credentialsFrom(flags.apiKey2, flags.apiSecret2, '--api-key-2/--api-secret-2');
  const remote = flags.target !== undefined && !isLoopbackUrl(flags.target);
  if (flags.webhookSigningKey !== undefined) assertRedactable(flags.webhookSigningKey, '--webhook-signing-key (IVS_WEBHOOK_SIGNING_KEY)');
  if (flags.target && !credentials) throw new UsageError('missing credentials for --target: set --api-key and --api-secret (or IVS_API_KEY and IVS_API_SECRET)');
  if (!flags.target && (credentials || otherCredentials)) throw new UsageError('credentials given without --target: the embedded reference uses its own; add --target to test an account');
  if (remote && !flags.environment) throw new UsageError('--environment (development | testing | production) is required against a remote target');
  return {
    target: flags.target,
    credentials,
    otherCredentials,
    environment: flags.environment ?? 'development',
    profile: flags.profile ?? 'markid',
    signingKey: flags.webhookSigningKey,
    webhookUrl: flags.webhookUrl,
    webhookPort: flags.webhookPort,
    seed: flags.seed ?? randomInt(2 ** 31 - 1),
    runs: flags.runs ?? 20,
    grep: flags.grep,
    maxRequests: flags.maxRequests,
    // Generous on loopback, conservative against a rate-limited sandbox (10,000 requests/hour).
    rate: flags.rate ?? (remote ? 2 : 0),
    concurrency: flags.concurrency ?? (remote ? 4 : 16),
    timeoutMs: flags.timeout ?? 10_000,
    shard: flags.shard,
    allowProductionWrites: flags.allowProductionWrites ?? false,
    preflight: flags.preflight !== false,
    webhookTimeoutMs: flags.webhookTimeout ?? 30_000,
    features: flags.features,
    signal,
  };
}

/** Creates the report directory now, so an unwritable one fails before any request is sent. */
function prepareReportDir(flags: RunFlags): { dir: string; root?: string; created: boolean } {
  const root = resolve('reports');
  const dir = flags.reportDir ? resolve(flags.reportDir) : join(root, new Date().toISOString().replace(/[:.]/g, '-'));
  const created = !existsSync(dir);
  try {
    ensureDir(dir);
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileNoFollow(probe, ''); // a link planted under that name is replaced, never written through
    rmSync(probe);
  } catch (error) {
    throw new UsageError(`cannot write reports to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { dir, root: flags.reportDir ? undefined : root, created };
}

/** The command that replays this run as printed: the program as invoked, every option that shapes the run, secrets as variable names. */
export function replayCommand(flags: RunFlags, options: RunOptions): string {
  const parts = [invokedAs(), 'run'];
  const add = (flag: string, value: string | number | undefined) => value !== undefined && parts.push(flag, shellQuote(String(value)));
  add('--target', options.target);
  if (options.target || flags.environment) add('--environment', options.environment);
  if (options.profile !== 'markid' || flags.profile) add('--profile', options.profile);
  add('--seed', options.seed);
  if (flags.runs !== undefined) add('--runs', options.runs);
  add('--grep', options.grep?.source);
  add('--shard', options.shard && `${options.shard.index}/${options.shard.count}`);
  add('--webhook-url', options.webhookUrl);
  add('--webhook-port', options.webhookPort);
  if (options.allowProductionWrites) parts.push('--allow-production-writes');
  const line = parts.join(' ');
  if (!options.target) return line;
  const names = ['IVS_API_KEY', 'IVS_API_SECRET', ...(options.otherCredentials ? ['IVS_API_KEY_2', 'IVS_API_SECRET_2'] : []), ...(flags.webhookSigningKey ? ['IVS_WEBHOOK_SIGNING_KEY'] : [])];
  return `${line}   # with ${names.join(', ')} set`;
}

/** Exit code for a finished run (interface.md); see src/findings/verdict.ts. */
export { exitCodeOf };

export async function runCommand(rawFlags: RunFlags): Promise<number> {
  const flags = withConfig(rawFlags);
  const controller = new AbortController();
  const options = toRunOptions(flags, controller.signal);
  const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
  const { dir, root, created } = prepareReportDir(flags);

  warnSecretFlags();
  process.stderr.write(`ivs-conformance ${options.target ?? 'embedded reference'} · profile ${options.profile} · ${options.environment} · seed ${options.seed}\n`);
  const progress = flags.progress === false ? undefined : createProgress();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C: leave at once
    process.stderr.write('\ninterrupted: finishing what is in flight and writing the report (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report: Report;
  const exchanges: RecordedExchange[] = [];
  try {
    report = await runConformance({ ...options, onProgress: (e) => progress?.update(e), ...(flags.har ? { onExchange: (e) => exchanges.push(e) } : {}) });
  } catch (error) {
    progress?.stop();
    if (error instanceof TargetUnreachable || error instanceof SetupProblem) {
      process.stderr.write(`ivs-conformance: ${visibleControls(error.message.replace(/\s+/g, ' '))}\n`);
      if (flags.har) writeHar(flags.har, exchanges);
      return 3;
    }
    if (error instanceof NothingToRun) {
      if (created) rmSync(dir, { recursive: true, force: true }); // a usage error leaves nothing behind
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  progress?.stop();
  if (baseline) report.baseline = diffReports(report, baseline, flags.baseline!);
  const gate = flags.failOn ?? FAIL_ON_ANY;
  const exitCode = exitCodeOf(report, gate);
  report.gate = { failOn: gate.spec, failing: gateDeviations(report, gate).length, exitCode };
  report.replay = replayCommand(flags, options);
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') report.setupHints = [...(report.setupHints ?? []), TLS_UNVERIFIED_HINT];
  writeReports(report, dir);
  if (root) publishLatest(dir, root);
  const harPath = flags.har ? writeHar(flags.har, exchanges) : undefined;
  // Deviations quote the target's answers: escape sequences in them are shown, never obeyed.
  const out = { write: (text: string) => process.stdout.write(visibleControls(text)) } as unknown as NodeJS.WritableStream;
  printRunSummary(
    report,
    {
      paths: [dir, ...(root ? [join(root, 'latest')] : []), ...(harPath ? [harPath] : [])],
      recheck: report.deviations.length ? `${invokedAs()} replay ${shellQuote(join(dir, 'report.json'))}${options.target ? ' --target ' + shellQuote(options.target) : ''}` : undefined,
    },
    out,
  );
  return exitCode;
}

function writeHar(path: string, exchanges: RecordedExchange[]): string {
  const file = resolve(path);
  try {
    ensureDir(dirname(file));
    writeFileNoFollow(file, JSON.stringify(toHar(exchanges, VERSION), null, 2) + '\n');
  } catch (error) {
    throw new UsageError(`cannot write --har ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return file;
}

function readBaseline(path: string): Report {
  try {
    return readReport(path);
  } catch (error) {
    throw new UsageError(`--baseline: ${(error as Error).message}`);
  }
}
