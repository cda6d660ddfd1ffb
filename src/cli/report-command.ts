// `ivs-conformance report`: re-render a report.json in other formats, compare it with a baseline,
// or merge the shard reports of one run.
import { dirname, join, resolve } from 'node:path';
import type { Report } from '../findings/model.ts';
import { readReport } from '../reporters/json.ts';
import { diffReports, exitCodeFor } from '../reporters/diff.ts';
import { mergeReports } from '../reporters/merge.ts';
import { writeReports, type ReportFormat } from '../reporters/write.ts';
import { UsageError } from './options.ts';

export interface ReportFlags {
  baseline?: string;
  format?: 'html' | 'md' | 'junit' | 'json';
  merge?: boolean;
  reportDir?: string;
  failOn?: 'any' | 'new';
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
  if (flags.baseline) report.baseline = diffReports(report, read(flags.baseline, '--baseline'), flags.baseline);
  const formats: ReportFormat[] = flags.format ? [flags.format === 'md' ? 'md' : flags.format] : flags.merge || flags.baseline ? ['json', 'junit', 'html', 'md'] : ['junit', 'html', 'md'];
  let written: string[];
  try {
    written = writeReports(report, dir, { formats });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  process.stdout.write(`${written.join('\n')}\n`);
  if (report.baseline) process.stdout.write(`baseline: ${report.baseline.new.length} new, ${report.baseline.resolved.length} resolved, ${report.baseline.persisting.length} persisting\n`);
  if (flags.failOn) return exitCodeFor(report, flags.failOn);
  return flags.merge ? (report.deviations.length ? 1 : 0) : 0;
}
