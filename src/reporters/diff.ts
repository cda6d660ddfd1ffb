// Baseline comparison by deviation id (a stable fingerprint), so a known deviation stays "persisting"
// across runs and seeds, and `--fail-on new` can let CI pass while it is being worked on.
import type { BaselineDiff, Report } from '../findings/model.ts';

export function diffReports(current: Report, baseline: Report, baselinePath: string): BaselineDiff {
  const now = new Set(current.deviations.map((d) => d.id));
  const before = new Set(baseline.deviations.map((d) => d.id));
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    baseline: baselinePath,
    new: sorted([...now].filter((id) => !before.has(id))),
    resolved: sorted([...before].filter((id) => !now.has(id))),
    persisting: sorted([...now].filter((id) => before.has(id))),
  };
}

/**
 * 1 when the deviations should fail the run, else 0 (exit codes 2 and 3 are the caller's).
 * 'new' without a baseline falls back to 'any': with nothing to compare, every deviation is new.
 */
export function exitCodeFor(report: Report, failOn: 'any' | 'new'): 0 | 1 {
  if (failOn === 'new' && report.baseline) return report.baseline.new.length > 0 ? 1 : 0;
  return report.deviations.length > 0 ? 1 : 0;
}
