// What a run prints when it ends: the verdict word and why, counts that add up, the problems
// (root causes) worst first with how to reproduce the first ones, the baseline by problem, and
// commands that work as printed.
import type { Problem, Report } from '../findings/model.ts';
import { plural, VERDICT_LABEL, verdictOf, verdictReason } from '../findings/verdict.ts';
import { groupProblems } from '../findings/problems.ts';
import { visibleControls } from '../reporters/neutralise.ts';

const SHOWN_PROBLEMS = 10;
const SHOWN_REPRODUCTIONS = 3;

/** No escape sequences or control characters from a target reach the terminal: they are shown, not obeyed. */
function plain(text: string, max = 300): string {
  const clean = visibleControls(text.replace(/\s+/g, ' '));
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function countsLine(report: Report): string {
  const s = report.summary;
  const failed = s.failed ?? s.checks - s.passed - s.inconclusive;
  return `${s.checks} checks: ${s.passed} passed, ${failed} failed, ${s.inconclusive} inconclusive · ${plural(s.deviations, 'deviation')} in ${plural(s.problems ?? report.problems?.length ?? s.deviations, 'problem')} · ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s`;
}

function problemLine(p: Problem, fresh: Set<string> | undefined): string {
  const n = p.deviationIds.length;
  const where = p.fields.length ? ` (${p.fields.slice(0, 4).join(', ')}${p.fields.length > 4 ? ', …' : ''})` : '';
  const mark = fresh ? (fresh.has(p.id) ? 'NEW ' : '') : '';
  return `  ✗ ${mark}[${p.category}] ${plain(p.endpoints.join(', '), 120)} · ${plain(p.title, 200)}: ${n} deviation${n === 1 ? '' : 's'}, ${p.checks} failed check${p.checks === 1 ? '' : 's'}${plain(where, 80)} · rule ${p.rules.join(', ')} · ${p.documented ? 'documented' : 'ruled'}`;
}

export function printRunSummary(report: Report, opts: { paths: string[]; recheck?: string }, out: NodeJS.WritableStream = process.stdout): void {
  const verdict = report.verdict ?? verdictOf(report);
  out.write(`\n${VERDICT_LABEL[verdict]} — ${report.verdictReason ?? verdictReason(report)}\n`);
  out.write(`${countsLine(report)}\n`);
  const problems = report.problems ?? groupProblems(report.deviations, report.checks);
  const fresh = report.baseline?.problems ? new Set(report.baseline.problems.new) : undefined;
  // New problems first when comparing with a baseline.
  const ordered = fresh ? [...problems.filter((p) => fresh.has(p.id)), ...problems.filter((p) => !fresh.has(p.id))] : problems;
  for (const p of ordered.slice(0, SHOWN_PROBLEMS)) out.write(`${problemLine(p, fresh)}\n`);
  if (ordered.length > SHOWN_PROBLEMS) out.write(`  … and ${ordered.length - SHOWN_PROBLEMS} more problems (see report.html)\n`);
  for (const p of ordered.slice(0, SHOWN_REPRODUCTIONS)) {
    if (!p.reproduce) continue;
    out.write(`\nreproduce "${plain(p.title, 120)}":\n${p.reproduce.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
  }
  if (report.baseline) {
    const b = report.baseline;
    out.write(`\nbaseline: ${b.new.length} new, ${b.resolved.length} resolved, ${b.persisting.length} persisting\n`);
    if (b.problems) out.write(`baseline problems: ${b.problems.new.length} new, ${b.problems.resolved.length} resolved, ${b.problems.persisting.length} persisting\n`);
  }
  if (report.gate && report.gate.failOn !== 'any') out.write(`--fail-on ${report.gate.failOn}: ${report.gate.failing} failing deviations → exit ${report.gate.exitCode}\n`);
  for (const hint of report.setupHints ?? []) out.write(`hint: ${hint}\n`);
  if (report.retries?.total) out.write(`retries: ${report.retries.total} (${Object.entries(report.retries.byReason).map(([k, v]) => `${k}: ${v}`).join(', ')})\n`);
  out.write(`reports: ${opts.paths.join(', ')}\n`);
  if (report.replay) out.write(`replay: ${report.replay}\n`);
  if (opts.recheck) out.write(`re-check these deviations after a fix: ${opts.recheck}\n`);
}
