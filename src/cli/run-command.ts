// `ivs-conformance run`: validate everything first (so a bad flag costs no request), run, write
// the reports (even when interrupted), print a short verdict, and choose the exit code.
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ensureDir, writeFileNoFollow } from '../reporters/common.ts';
import { join, resolve } from 'node:path';
import { TargetUnreachable, type RunOptions } from '../engine/run.ts';
import { runConformance } from '../reference/embedded.ts';
import type { Environment } from '../engine/context.ts';
import type { Report } from '../findings/model.ts';
import { readReport } from '../reporters/json.ts';
import { diffReports, exitCodeFor } from '../reporters/diff.ts';
import { publishLatest, writeReports } from '../reporters/write.ts';
import { VERDICT_LABEL } from '../reporters/summary.ts';
import { createProgress } from './progress.ts';
import { visibleControls } from '../reporters/neutralise.ts';
import { LIMITS, UsageError, assertRedactable, credentialsFrom, environment, failOn, httpUrl, integer, isLoopbackUrl, positiveNumber, profile, readConfigFile, regex, shard, features } from './options.ts';

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
  failOn?: 'any' | 'new';
  shard?: { index: number; count: number };
  allowProductionWrites?: boolean;
  config?: string;
  progress?: boolean;
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
  rate: positiveNumber('rate', LIMITS.rate),
  concurrency: integer('concurrency', 1, LIMITS.concurrency),
  timeout: integer('timeout', 1, LIMITS.ms),
  failOn,
  shard,
  features,
};
const CONFIG_STRINGS = ['apiKey', 'apiSecret', 'apiKey2', 'apiSecret2', 'webhookSigningKey', 'reportDir', 'baseline'];

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
    else throw new UsageError(`config file ${flags.config}: unknown option "${key}"`);
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
    webhookTimeoutMs: flags.webhookTimeout ?? 30_000,
    features: flags.features,
    signal,
  };
}

/** Creates the report directory now, so an unwritable one fails before any request is sent. */
function prepareReportDir(flags: RunFlags): { dir: string; root?: string } {
  const root = resolve('reports');
  const dir = flags.reportDir ? resolve(flags.reportDir) : join(root, new Date().toISOString().replace(/[:.]/g, '-'));
  try {
    ensureDir(dir);
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileNoFollow(probe, ''); // a link planted under that name is replaced, never written through
    rmSync(probe);
  } catch (error) {
    throw new UsageError(`cannot write reports to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { dir, root: flags.reportDir ? undefined : root };
}

function printSummary(report: Report, paths: string[], seed: number): void {
  // Deviations quote the target's answers: escape sequences in them are shown, never obeyed.
  const out = { write: (text: string) => process.stdout.write(visibleControls(text)) };
  const { summary } = report;
  out.write(`\n${VERDICT_LABEL[report.verdict ?? 'conformant']}${report.complete === false ? ' (incomplete: interrupted)' : ''} — ${summary.checks} checks, ${summary.passed} passed, ${summary.deviations} deviations, ${summary.inconclusive} inconclusive, ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s\n`);
  for (const [category, count] of Object.entries(summary.byCategory)) out.write(`  ${category}: ${count}\n`);
  for (const d of report.deviations.slice(0, 10)) out.write(`  ✗ [${d.category}] ${d.endpoint} ${d.check}${d.field ? ` ${d.field}` : ''} (${d.rule}): expected ${d.expected}; got ${d.actual}\n`.slice(0, 400));
  if (report.deviations.length > 10) out.write(`  … and ${report.deviations.length - 10} more (see the report)\n`);
  if (report.baseline) out.write(`baseline: ${report.baseline.new.length} new, ${report.baseline.resolved.length} resolved, ${report.baseline.persisting.length} persisting\n`);
  if (report.retries?.total) out.write(`retries: ${report.retries.total} (${Object.entries(report.retries.byReason).map(([k, v]) => `${k}: ${v}`).join(', ')})\n`);
  out.write(`reports: ${paths.join(', ')}\nreplay: ivs-conformance run --seed ${seed}\n`);
}

/** Exit code for a finished run (interface.md): deviations (or, with --fail-on new, new ones) 1; no verdict possible 3; else 0. */
export function exitCodeOf(report: Report, failOnWhich: 'any' | 'new'): number {
  if (report.deviations.length && exitCodeFor(report, failOnWhich) === 1) return 1;
  const { checks, passed, inconclusive } = report.summary;
  const noVerdict = report.complete === false || checks === 0 || passed === 0 || inconclusive > checks / 2;
  return noVerdict ? 3 : 0;
}

export async function runCommand(rawFlags: RunFlags): Promise<number> {
  const flags = withConfig(rawFlags);
  const controller = new AbortController();
  const options = toRunOptions(flags, controller.signal);
  const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
  const { dir, root } = prepareReportDir(flags);

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
  try {
    report = await runConformance({ ...options, onProgress: (e) => progress?.update(e) });
  } catch (error) {
    progress?.stop();
    if (error instanceof TargetUnreachable) {
      process.stderr.write(`ivs-conformance: ${error.message}\n`);
      return 3;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  progress?.stop();
  if (baseline) report.baseline = diffReports(report, baseline, flags.baseline!);
  writeReports(report, dir);
  if (root) publishLatest(dir, root);
  printSummary(report, [dir, ...(root ? [join(root, 'latest')] : [])], options.seed);
  return exitCodeOf(report, flags.failOn ?? 'any');
}

function readBaseline(path: string): Report {
  try {
    return readReport(path);
  } catch (error) {
    throw new UsageError(`--baseline: ${(error as Error).message}`);
  }
}
