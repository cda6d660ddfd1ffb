// Baseline comparison by deviation id (a stable fingerprint) and by problem id (a root cause), so a
// known deviation stays "persisting" across runs and seeds, and `--fail-on new` lets CI pass while
// it is being worked on.
import type { BaselineDiff, Report } from '../findings/model.ts';
import { groupProblems } from '../findings/problems.ts';
import { gateDeviations, type FailOn } from '../findings/gate.ts';

function compare(now: Set<string>, before: Set<string>) {
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    new: sorted([...now].filter((id) => !before.has(id))),
    resolved: sorted([...before].filter((id) => !now.has(id))),
    persisting: sorted([...now].filter((id) => before.has(id))),
  };
}

const problemIds = (r: Report) => new Set((r.problems ?? groupProblems(r.deviations, r.checks)).map((p) => p.id));

export function diffReports(current: Report, baseline: Report, baselinePath: string): BaselineDiff {
  return {
    baseline: baselinePath,
    ...compare(new Set(current.deviations.map((d) => d.id)), new Set(baseline.deviations.map((d) => d.id))),
    problems: compare(problemIds(current), problemIds(baseline)),
  };
}

/**
 * 1 when the deviations the gate selects are not empty, else 0 (exit codes 2 and 3 are the caller's).
 * 'new' without a baseline falls back to 'any': with nothing to compare, every deviation is new.
 */
export function exitCodeFor(report: Report, failOn: FailOn | 'any' | 'new'): 0 | 1 {
  const gate: FailOn = typeof failOn === 'string' ? { spec: failOn, onlyNew: failOn === 'new' } : failOn;
  return gateDeviations(report, gate).length > 0 ? 1 : 0;
}
