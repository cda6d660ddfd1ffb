// `ivs-conformance diff BEFORE AFTER`: every behavioural change between two reports (a report
// directory or its report.json), classified (src/findings/drift.ts). Prints the terminal view;
// with --format prints that format instead; with --report-dir writes drift.md, drift.json and
// drift.html there. Exit: 1 when a change of a class --fail-on selects is found (default
// `regression`), 0 otherwise, 2 on a usage error.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadContract, type Contract } from '../contract/load.ts';
import { compareReports, gateChanges, type DriftReport } from '../findings/drift.ts';
import { parseFailOn, type FailOn } from '../findings/gate.ts';
import type { Report } from '../findings/model.ts';
import { readReport } from '../reporters/json.ts';
import { ensureDir, writeFileNoFollow } from '../reporters/common.ts';
import { driftMarkdown, driftTerminal } from '../reporters/drift-text.ts';
import { driftPage } from '../reporters/drift-html.ts';
import { visibleControls } from '../reporters/neutralise.ts';
import { UsageError } from './options.ts';

export interface DiffFlags {
  format?: 'text' | 'md' | 'json' | 'html';
  reportDir?: string;
  failOn?: FailOn;
}

/** A report directory stands for its report.json. */
export function reportPath(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'report.json') : path;
}

export function readSide(path: string, what: string): Report {
  try {
    return readReport(reportPath(path));
  } catch (error) {
    throw new UsageError(`${what}: ${(error as Error).message}`);
  }
}

/** The contract the rulings are named from (the after side's profile); without it, the check's own rule. */
export async function contractFor(report: Report): Promise<Contract | undefined> {
  try {
    return await loadContract(report.target.profile);
  } catch {
    return undefined;
  }
}

export const DEFAULT_DIFF_FAIL_ON = 'regression';

/** The exit code of a comparison: 1 when --fail-on selects a change. */
export function driftExitCode(drift: DriftReport, failOn: FailOn): 0 | 1 {
  return gateChanges(drift, failOn.changes).length ? 1 : 0;
}

export function writeDrift(drift: DriftReport, dir: string): string[] {
  const out = resolve(dir);
  try {
    ensureDir(out);
    const files: [string, string][] = [
      ['drift.json', JSON.stringify(drift, null, 2) + '\n'],
      ['drift.md', driftMarkdown(drift)],
      ['drift.html', driftPage(drift)],
    ];
    return files.map(([name, text]) => {
      writeFileNoFollow(join(out, name), text);
      return join(out, name);
    });
  } catch (error) {
    throw new UsageError(`cannot write to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function diffCommand(before: string, after: string, flags: DiffFlags): Promise<number> {
  const failOn = flags.failOn ?? parseFailOn(DEFAULT_DIFF_FAIL_ON);
  if (!failOn.changes) throw new UsageError('diff --fail-on takes change classes: regression, fix, drift, changed-deviation, coverage or change');
  const a = readSide(before, 'cannot read BEFORE');
  const b = readSide(after, 'cannot read AFTER');
  const drift = compareReports(a, b, { beforeSource: before, afterSource: after, contract: await contractFor(b) });
  const text = flags.format === 'json' ? JSON.stringify(drift, null, 2) + '\n' : flags.format === 'md' ? driftMarkdown(drift) : flags.format === 'html' ? driftPage(drift) : driftTerminal(drift);
  // The target's answers are quoted: escape sequences are shown, never obeyed.
  process.stdout.write(flags.format === 'json' || flags.format === 'html' ? text : visibleControls(text));
  if (flags.reportDir) for (const file of writeDrift(drift, flags.reportDir)) process.stderr.write(`wrote ${file}\n`);
  const code = driftExitCode(drift, failOn);
  process.stderr.write(`--fail-on ${failOn.spec}: ${gateChanges(drift, failOn.changes).length} selected change(s), exit ${code}\n`);
  return code;
}
