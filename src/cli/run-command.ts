// `ivs-conformance run`: validate everything first (so a bad flag costs no request), run, write
// the reports (even when interrupted), print a short verdict, and choose the exit code.
import { randomInt } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { ensureDir, writeFileNoFollow } from '../reporters/common.ts';
import { dirname, join, resolve } from 'node:path';
import { NothingToRun, VERSION, SetupProblem, TargetUnreachable, reportOfFailedRun, type RunOptions } from '../engine/run.ts';
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
import { TLS_UNVERIFIED_HINT, UsageError, assertKnownFeatures, assertRedactable, credentialsFrom, environment, failOn, httpUrl, integer, isLoopbackUrl, profile, rate, readConfigFile, regex, shard, shown, features, depth, unknownConfigKey, warnSecretFlags } from './options.ts';
import { RUN_SETTINGS, booleanValue, pacingFor, parserOf } from './settings.ts';
import { webhookWindowOf } from '../contract/load.ts';
import { compareRun, prepareComparison, type CompareFlags } from './compare-runs.ts';
import { driftTerminal } from '../reporters/drift-text.ts';
import { ENV } from '../env-names.ts';

export interface RunFlags extends CompareFlags {
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
  depth?: 'default' | 'thorough';
}

const OPTION_PARSERS = { integer, rate, httpUrl, environment, profile, shard, regex, failOn, features, depth };

/**
 * What neither a flag nor an environment variable set comes from the config file; on/off
 * variables (IVS_PROGRESS, IVS_PREFLIGHT, IVS_ALLOW_PRODUCTION_WRITES) are read here, strictly.
 * Every key and variable is a row of RUN_SETTINGS (settings.ts), parsed as its flag is.
 */
export function withConfig(flags: RunFlags, env: NodeJS.ProcessEnv = process.env): RunFlags {
  const merged: Record<string, unknown> = { ...flags };
  for (const setting of RUN_SETTINGS.filter((s) => s.boolean && s.env && merged[s.key] === undefined && env[s.env] !== undefined)) {
    const value = booleanValue(env[setting.env!]);
    if (value === undefined) throw new UsageError(`${setting.env} must be true or false, got "${shown(String(env[setting.env!]))}"`);
    merged[setting.key] = value;
  }
  const config = readConfigFile(flags.config);
  for (const [key, raw] of Object.entries(config)) {
    const setting = RUN_SETTINGS.find((s) => s.key === key);
    // An unknown key is echoed only as a near miss of an option name: anything else may be a secret out of place.
    if (!setting) throw unknownConfigKey(flags.config, key, RUN_SETTINGS.filter((s) => !s.noConfig).map((s) => s.key));
    if (setting.noConfig) throw new UsageError(`config file ${flags.config}: unknown option "${shown(key)}" (${setting.noConfig})`);
    if (merged[key] !== undefined) continue;
    const parse = parserOf(setting, OPTION_PARSERS, key);
    if (setting.boolean) {
      const value = booleanValue(raw);
      if (value === undefined) throw new UsageError(`config file ${flags.config}: "${key}" must be true or false`);
      merged[key] = value;
    } else merged[key] = parse ? parse(Array.isArray(raw) ? raw.join(',') : String(raw)) : String(raw);
  }
  return merged as RunFlags;
}

export function toRunOptions(flags: RunFlags, signal?: AbortSignal): RunOptions {
  const credentials = credentialsFrom(flags.apiKey, flags.apiSecret, `--api-key/--api-secret (${ENV.apiKey}/${ENV.apiSecret})`);
  const otherCredentials = credentialsFrom(flags.apiKey2, flags.apiSecret2, '--api-key-2/--api-secret-2');
  const remote = flags.target !== undefined && !isLoopbackUrl(flags.target);
  if (flags.webhookSigningKey !== undefined) assertRedactable(flags.webhookSigningKey, `--webhook-signing-key (${ENV.webhookSigningKey})`);
  if (flags.target && !credentials) throw new UsageError(`missing credentials for --target: set --api-key and --api-secret (or ${ENV.apiKey} and ${ENV.apiSecret})`);
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
    rate: flags.rate ?? pacingFor(remote).rate,
    concurrency: flags.concurrency ?? pacingFor(remote).concurrency,
    timeoutMs: flags.timeout ?? 10_000,
    shard: flags.shard,
    allowProductionWrites: flags.allowProductionWrites ?? false,
    preflight: flags.preflight !== false,
    webhookTimeoutMs: flags.webhookTimeout ?? webhookWindowOf(flags.profile ?? 'markid'),
    features: flags.features,
    depth: flags.depth,
    signal,
  };
}

/**
 * The options a run gets from the environment alone (and the config file IVS_CONFIG names), read
 * as `run` reads them: a plain `npx mocha` (suites/conformance.spec.ts) has no command line of ours.
 */
export function runOptionsFromEnvironment(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): RunOptions {
  const flags: Record<string, unknown> = {};
  for (const setting of RUN_SETTINGS) {
    const value = setting.env && !setting.boolean ? env[setting.env] : undefined;
    if (value === undefined) continue; // on/off variables: withConfig reads them, strictly
    const parse = parserOf(setting, OPTION_PARSERS, setting.env);
    flags[setting.key] = parse ? parse(value) : value;
  }
  return toRunOptions(withConfig(flags as RunFlags, env), signal);
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
  if (options.depth === 'thorough') add('--depth', 'thorough');
  add('--webhook-url', options.webhookUrl);
  add('--webhook-port', options.webhookPort);
  if (options.allowProductionWrites) parts.push('--allow-production-writes');
  const line = parts.join(' ');
  if (!options.target) return line;
  const names = [ENV.apiKey, ENV.apiSecret, ...(options.otherCredentials ? [ENV.apiKey2, ENV.apiSecret2] : []), ...(flags.webhookSigningKey ? [ENV.webhookSigningKey] : [])];
  return `${line}   # with ${names.join(', ')} set`;
}

/** Exit code for a finished run (interface.md); see src/findings/verdict.ts. */
export { exitCodeOf };

export async function runCommand(rawFlags: RunFlags): Promise<number> {
  const flags = withConfig(rawFlags);
  const controller = new AbortController();
  const options = toRunOptions(flags, controller.signal);
  if (options.features?.length) await assertKnownFeatures(options.profile, options.features);
  const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
  const comparison = prepareComparison(flags, options);
  const { dir, root, created } = prepareReportDir(flags);

  warnSecretFlags();
  process.stderr.write(`ivs-conformance ${options.target ?? 'embedded reference'} · profile ${options.profile} · ${options.environment} · seed ${options.seed}\n`);
  const progress = flags.progress === false ? undefined : createProgress();
  let snapshot: (() => Report) | undefined;
  const onSignal = () => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: write what the run has so far, then leave at once.
      process.stderr.write('\ninterrupted again: writing the report of what ran, then quitting\n');
      try {
        if (snapshot) finish(snapshot(), flags, options, { dir, root }, []);
      } finally {
        process.exit(3);
      }
    }
    process.stderr.write('\ninterrupted: finishing what is in flight and writing the report (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report: Report;
  const exchanges: RecordedExchange[] = [];
  try {
    report = await runConformance({ ...options, onSnapshot: (take) => (snapshot = take), onProgress: (e) => progress?.update(e), ...(flags.har ? { onExchange: (e) => exchanges.push(e) } : {}) });
  } catch (error) {
    progress?.stop();
    if (error instanceof TargetUnreachable || error instanceof SetupProblem) {
      process.stderr.write(`ivs-conformance: ${visibleControls(error.message.replace(/\s+/g, ' '))}\n`);
      // Its own report (NO VERDICT, with the cause) replaces the last one as reports/latest.
      const failed = reportOfFailedRun(error);
      if (failed) finish(failed, flags, options, { dir, root }, exchanges);
      else if (flags.har) writeHar(flags.har, exchanges);
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
  const compared = await compareRun(report, comparison, flags, flags.failOn ?? FAIL_ON_ANY, dir);
  const { exitCode, harPath } = finish(report, flags, options, { dir, root }, exchanges, compared.exitCode);
  // Deviations quote the target's answers: escape sequences in them are shown, never obeyed.
  const out = { write: (text: string) => process.stdout.write(visibleControls(text)) } as unknown as NodeJS.WritableStream;
  printRunSummary(
    report,
    {
      paths: [dir, ...(root ? [join(root, 'latest')] : []), ...(harPath ? [harPath] : []), ...(report.drift ? [join(dir, 'drift.md')] : [])],
      recheck: report.deviations.length ? `${invokedAs()} replay ${shellQuote(join(dir, 'report.json'))}${options.target ? ' --target ' + shellQuote(options.target) : ''}` : undefined,
    },
    out,
  );
  if (report.drift) out.write(driftTerminal(report.drift));
  return exitCode;
}

/** Gates, writes and publishes a report (also a partial or failed run's). */
function finish(report: Report, flags: RunFlags, options: RunOptions, where: { dir: string; root?: string }, exchanges: RecordedExchange[], comparedExit?: number): { exitCode: number; harPath?: string } {
  const gate = flags.failOn ?? FAIL_ON_ANY;
  const primary = exitCodeOf(report, gate);
  // A failing comparison (--compare-to / --against) fails the run; otherwise the worse of the two codes.
  const exitCode = comparedExit === undefined ? primary : primary === 1 || comparedExit === 1 ? 1 : Math.max(primary, comparedExit);
  report.gate = { failOn: gate.spec, failing: gateDeviations(report, gate).length, exitCode };
  report.replay = replayCommand(flags, options);
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') report.setupHints = [...(report.setupHints ?? []), TLS_UNVERIFIED_HINT];
  writeReports(report, where.dir);
  if (where.root) publishLatest(where.dir, where.root);
  return { exitCode, harPath: flags.har ? writeHar(flags.har, exchanges) : undefined };
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
