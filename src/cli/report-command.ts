// `ivs-conformance report`: re-render a report.json in other formats, compare it with a baseline,
// or merge the shard reports of one run.
import { dirname, join, resolve } from 'node:path';
import type { Report } from '../findings/model.ts';
import { readReport } from '../reporters/json.ts';
import { diffReports } from '../reporters/diff.ts';
import { groupProblems } from '../findings/problems.ts';
import { exitCodeOf, verdictOf, verdictReason, VERDICT_LABEL } from '../findings/verdict.ts';
import { gateDeviations, type FailOn } from '../findings/gate.ts';
import { summarize } from '../reporters/summary.ts';
import { mergeReports } from '../reporters/merge.ts';
import { writeReports, type ReportFormat } from '../reporters/write.ts';
import { UsageError } from './options.ts';

export interface ReportFlags {
  baseline?: string;
  format?: 'html' | 'md' | 'junit' | 'json';
  merge?: boolean;
  reportDir?: string;
  failOn?: FailOn;
}

function read(path: string, what: string): Report {
  try {
    return readReport(path);
  } catch (error) {
    throw new UsageError(`${what}: ${(error as Error).message}`);
  }
}

export async function reportCommand(paths: string[], flags: ReportFlags): Promise<number> {
  if (!paths.length) throw new UsageError(flags.merge ? 'report --merge needs the shard reports to merge' : 'report needs a report.json');
  if (!flags.merge && paths.length > 1) throw new UsageError('report takes one report.json (use --merge to combine shard reports)');
  let report: Report;
  let dir: string;
  if (flags.merge) {
    try {
      report = mergeReports(paths.map((p) => read(p, 'cannot merge')));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot merge: ${(error as Error).message}`);
    }
    dir = resolve(flags.reportDir ?? join('reports', `merged-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  } else {
    report = read(paths[0], 'cannot read the report');
    dir = resolve(flags.reportDir ?? dirname(paths[0]));
  }
  normalise(report);
  if (flags.baseline) report.baseline = diffReports(report, read(flags.baseline, '--baseline'), flags.baseline);
  // The same rules as a run: an incomplete or undecided report never passes a gate.
  const exitCode = flags.failOn || flags.merge ? exitCodeOf(report, flags.failOn) : 0;
  if (flags.failOn || flags.merge) report.gate = { failOn: flags.failOn?.spec ?? 'any', failing: gateDeviations(report, flags.failOn).length, exitCode };
  const formats: ReportFormat[] = flags.format ? [flags.format === 'md' ? 'md' : flags.format] : flags.merge || flags.baseline ? ['json', 'junit', 'html', 'md'] : ['junit', 'html', 'md'];
  let written: string[];
  try {
    written = writeReports(report, dir, { formats });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  process.stdout.write(`${written.join('\n')}\n`);
  if (report.baseline) {
    const p = report.baseline.problems;
    process.stdout.write(`baseline: ${report.baseline.new.length} new, ${report.baseline.resolved.length} resolved, ${report.baseline.persisting.length} persisting\n`);
    if (p) process.stdout.write(`baseline problems: ${p.new.length} new, ${p.resolved.length} resolved, ${p.persisting.length} persisting\n`);
  }
  process.stdout.write(`${VERDICT_LABEL[report.verdict!]} — ${report.verdictReason}${flags.failOn ? ` · --fail-on ${flags.failOn.spec}: exit ${exitCode}` : ''}\n`);
  return exitCode;
}

/**
 * Reports from older versions (or merges) get what this version computes: counts that add up,
 * problems, and the verdict under the current rules, so every format says the same thing.
 */
function normalise(report: Report): void {
  if (report.checks) {
    const s = summarize(report.deviations, report.checks, report.inconclusive);
    report.summary = { ...report.summary, passed: s.passed, failed: s.failed, inconclusive: s.inconclusive, checks: s.checks };
  }
  report.problems = report.problems ?? groupProblems(report.deviations, report.checks);
  report.summary.problems = report.problems.length;
  report.verdict = verdictOf(report);
  report.verdictReason = verdictReason(report);
}
