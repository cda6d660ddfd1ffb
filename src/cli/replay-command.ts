// `ivs-conformance replay report.json [--id ID…] [--target URL]`: re-runs, with the report's seed,
// only the checks that produced its deviations (their minimal requests and the flows they need:
// the dummy token before add-dummy-status, the webhook wait) and says of each deviation whether
// it is still failing, fixed or inconclusive. Exit: 1 if any still fails, else 3 if any is
// inconclusive, else 0.
import type { Deviation, Report } from '../findings/model.ts';
import { groupProblems } from '../findings/problems.ts';
import { readReport } from '../reporters/json.ts';
import { NothingToRun, SetupProblem, TargetUnreachable } from '../engine/run.ts';
import { runConformance } from '../reference/embedded.ts';
import type { Environment } from '../engine/context.ts';
import { UsageError, credentialsFrom, isLoopbackUrl, shown, warnSecretFlags } from './options.ts';
import { pacingFor } from './settings.ts';
import { webhookWindowOf } from '../contract/load.ts';
import { visibleControls } from '../reporters/neutralise.ts';
import { ENV } from '../env-names.ts';

export interface ReplayFlags {
  id?: string[];
  target?: string;
  apiKey?: string;
  apiSecret?: string;
  webhookSigningKey?: string;
  timeout?: number;
}

export type ReplayStatus = 'still failing' | 'fixed' | 'inconclusive';

function select(report: Report, ids: string[] | undefined): Deviation[] {
  if (!ids?.length) return report.deviations;
  const problems = report.problems ?? groupProblems(report.deviations, report.checks);
  const chosen = new Set<string>();
  for (const id of ids) {
    const deviations = report.deviations.filter((d) => d.id.startsWith(id)).map((d) => d.id);
    const viaProblems = problems.filter((p) => p.id.startsWith(id)).flatMap((p) => p.deviationIds);
    const found = [...new Set([...deviations, ...viaProblems])];
    if (found.length === 0) throw new UsageError(`--id ${shown(visibleControls(id))}: no deviation or problem of ${shown(visibleControls(report.target.url))} has this id`);
    found.forEach((d) => chosen.add(d));
  }
  return report.deviations.filter((d) => chosen.has(d.id));
}

/** One line of output: whitespace collapsed, controls and bidi characters from a target shown, not obeyed. */
function line(text: string): string {
  return visibleControls(text.replace(/\s+/g, ' '));
}

export async function replayCommand(path: string, flags: ReplayFlags): Promise<number> {
  let report: Report;
  try {
    report = readReport(path);
  } catch (error) {
    throw new UsageError(`replay: ${(error as Error).message}`);
  }
  if (!report.checks) throw new UsageError(`replay: ${path} has no per-check outcomes (written by an older version); run again instead`);
  const deviations = select(report, flags.id);
  if (deviations.length === 0) {
    process.stdout.write(`nothing to replay: ${path} has no deviations\n`);
    return 0;
  }
  const casesOf = new Map(deviations.map((d) => [d.id, report.checks!.filter((c) => c.deviationIds?.includes(d.id)).map((c) => c.check)]));
  const only = new Set([...casesOf.values()].flat());

  // An embedded target is started again (with the same mutant). Credentials go only where the user
  // points them: a report is data (it may come from anyone), so its URL is used without --target
  // only when it is this machine; any other needs --target, which confirms where the key pair goes.
  const named = report.target.url;
  if (!flags.target && !report.target.embedded && !isLoopbackUrl(named)) {
    throw new UsageError(`replay: ${shown(visibleControls(named))} is not this machine: pass --target with the URL to re-check (your credentials go only to a target you name)`);
  }
  const target = flags.target ?? (report.target.embedded ? undefined : named);
  const credentials = credentialsFrom(flags.apiKey, flags.apiSecret, `--api-key/--api-secret (${ENV.apiKey}/${ENV.apiSecret})`);
  if (target && !credentials) throw new UsageError(`replay against ${shown(visibleControls(target))} needs credentials: set ${ENV.apiKey} and ${ENV.apiSecret} (or --api-key/--api-secret)`);
  if (target) warnSecretFlags();
  const remote = target !== undefined && !isLoopbackUrl(target);
  process.stderr.write(visibleControls(`replay ${deviations.length} deviations (${only.size} checks, seed ${report.seed}) against ${target ?? `the embedded reference${report.target.mutant ? ` with mutant ${report.target.mutant}` : ''}`}`) + '\n');

  let rerun: Report;
  try {
    rerun = await runConformance({
      target,
      credentials: target ? credentials : undefined,
      environment: report.target.environment as Environment,
      profile: report.target.profile,
      signingKey: flags.webhookSigningKey,
      seed: report.seed,
      runs: report.runs ?? 20,
      only,
      ...pacingFor(remote),
      timeoutMs: flags.timeout ?? 10_000,
      allowProductionWrites: false,
      webhookTimeoutMs: webhookWindowOf(report.target.profile),
      mutant: target ? undefined : report.target.mutant,
      alternates: target ? undefined : report.target.alternates,
      harness: 'direct',
    });
  } catch (error) {
    if (error instanceof TargetUnreachable || error instanceof SetupProblem) {
      process.stderr.write(`ivs-conformance: ${visibleControls(error.message.replace(/\s+/g, ' '))}\n`);
      return 3;
    }
    if (error instanceof NothingToRun) throw new UsageError(`replay: ${error.message}`);
    throw error;
  }

  const now = new Set(rerun.deviations.map((d) => d.id));
  const outcome = new Map((rerun.checks ?? []).map((c) => [c.check, c]));
  const counts: Record<ReplayStatus, number> = { 'still failing': 0, fixed: 0, inconclusive: 0 };
  let otherFailures = 0;
  for (const d of deviations) {
    const checks = (casesOf.get(d.id) ?? []).map((name) => outcome.get(name));
    let status: ReplayStatus;
    if (now.has(d.id)) status = 'still failing';
    else if (checks.some((c) => !c || c.status === 'inconclusive')) status = 'inconclusive';
    else status = 'fixed';
    counts[status]++;
    const again = rerun.deviations.find((r) => r.id === d.id);
    const detail = status === 'still failing' ? `got ${again?.actual ?? d.actual}` : status === 'inconclusive' ? (rerun.inconclusive.find((i) => casesOf.get(d.id)?.includes(i.check))?.reason ?? 'no verdict') : `was: ${d.actual}`;
    process.stdout.write(line(`${status.padEnd(13)} ${d.id.slice(0, 8)} [${d.category}] ${d.endpoint} ${[d.check, d.field].filter(Boolean).join(' ')} (${d.rule}): ${detail}`).slice(0, 300) + '\n');
  }
  const known = new Set(deviations.map((d) => d.id));
  for (const r of rerun.deviations.filter((r) => !known.has(r.id))) {
    otherFailures++;
    process.stdout.write(line(`new failure   ${r.id.slice(0, 8)} [${r.category}] ${r.endpoint} ${[r.check, r.field].filter(Boolean).join(' ')} (${r.rule}): ${r.actual}`).slice(0, 300) + '\n');
  }
  process.stdout.write(
    `replay: ${counts['still failing']} still failing, ${counts.fixed} fixed, ${counts.inconclusive} inconclusive${otherFailures ? `, ${otherFailures} new failures in the same checks` : ''} (${rerun.requests} requests)\n`,
  );
  if (counts['still failing'] || otherFailures) return 1;
  return counts.inconclusive ? 3 : 0;
}
