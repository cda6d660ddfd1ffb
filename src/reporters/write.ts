// Writes a run's report files into one directory, and publishes them as reports/latest/.
import { cpSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Report } from '../findings/model.ts';
import { boundReport } from './bound.ts';
import { ensureDir, errorMessage, writeTextFile } from './common.ts';
import { toHtml } from './html.ts';
import { writeJsonReport } from './json.ts';
import { toJUnit } from './junit.ts';
import { toMarkdown } from './markdown.ts';

export type ReportFormat = 'json' | 'junit' | 'html' | 'md';

const WRITERS: Record<ReportFormat, (report: Report, dir: string) => string> = {
  json: writeJsonReport,
  junit: (report, dir) => writeTextFile(join(dir, 'junit.xml'), toJUnit(report)),
  html: (report, dir) => writeTextFile(join(dir, 'report.html'), toHtml(report)),
  md: (report, dir) => writeTextFile(join(dir, 'summary.md'), toMarkdown(report)),
};

/** Writes the chosen formats (all by default) into `dir`, created if needed; returns the paths written. Cuts the report's over-long texts in place first. */
export function writeReports(report: Report, dir: string, opts: { formats?: ReportFormat[] } = {}): string[] {
  try {
    ensureDir(dir);
  } catch (err) {
    throw new Error(`cannot create report directory ${dir}: ${errorMessage(err)}`);
  }
  boundReport(report); // whatever the target sent, every quoted value is cut (see bound.ts)
  const formats = opts.formats ?? (Object.keys(WRITERS) as ReportFormat[]);
  return formats.map((format) => WRITERS[format](report, dir));
}

/**
 * Replaces `<reportsRoot>/latest/` with a copy of `dir`. The copy is staged beside it and renamed in,
 * so a reader never sees a half-written latest/ mixing two runs.
 */
export function publishLatest(dir: string, reportsRoot: string): string {
  const latest = join(reportsRoot, 'latest');
  if (resolve(dir) === resolve(latest)) return latest;
  const staging = join(reportsRoot, `.latest-${process.pid}`);
  try {
    rmSync(staging, { recursive: true, force: true });
    cpSync(dir, staging, { recursive: true });
    rmSync(latest, { recursive: true, force: true });
    renameSync(staging, latest);
  } catch (err) {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // the original error is the one worth reporting
    }
    throw new Error(`cannot publish ${dir} to ${latest}: ${errorMessage(err)}`);
  }
  return latest;
}
