// Counts and verdict, computed in one place so report.json, merged shards and every format agree.
import type { CheckOutcome, Deviation, Inconclusive, Report, Summary } from '../findings/model.ts';

export function summarize(deviations: Deviation[], checks: CheckOutcome[], inconclusive: Inconclusive[]): Summary {
  const byCategory: Summary['byCategory'] = {};
  for (const d of deviations) byCategory[d.category] = (byCategory[d.category] ?? 0) + 1;
  return {
    checks: checks.length,
    passed: checks.filter((c) => c.status === 'passed').length,
    deviations: deviations.length,
    inconclusive: inconclusive.length,
    byCategory,
  };
}

/** Any deviation decides; with none, a run that passed nothing and gave up somewhere proves nothing. */
export function verdictOf(report: Pick<Report, 'deviations' | 'summary'>): NonNullable<Report['verdict']> {
  if (report.deviations.length > 0) return 'deviations';
  if (report.summary.passed === 0 && report.summary.inconclusive > 0) return 'inconclusive';
  return 'conformant';
}

/** The status word every format shows for a verdict (no emoji: CI logs and screen readers read it as is). */
export const VERDICT_LABEL: Record<NonNullable<Report['verdict']>, string> = {
  conformant: 'CONFORMANT',
  deviations: 'DEVIATIONS FOUND',
  inconclusive: 'INCONCLUSIVE',
};
