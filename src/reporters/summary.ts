// Counts and verdict, computed in one place so report.json, merged shards and every format agree:
// checks = passed + failed + inconclusive, always.
import type { CheckOutcome, Deviation, Inconclusive, Summary } from '../findings/model.ts';
export { verdictOf, verdictReason, VERDICT_LABEL, exitCodeOf, MAX_INCONCLUSIVE_SHARE } from '../findings/verdict.ts';

export function summarize(deviations: Deviation[], checks: CheckOutcome[], inconclusive: Inconclusive[], problems?: number): Summary {
  const byCategory: Summary['byCategory'] = {};
  for (const d of deviations) byCategory[d.category] = (byCategory[d.category] ?? 0) + 1;
  const count = (status: CheckOutcome['status']) => checks.filter((c) => c.status === status).length;
  // Without per-check outcomes (older reports) the inconclusive list is all there is to count.
  const inconclusiveChecks = checks.length ? count('inconclusive') : inconclusive.length;
  return {
    checks: checks.length,
    passed: count('passed'),
    deviations: deviations.length,
    inconclusive: inconclusiveChecks,
    byCategory,
    failed: count('failed'),
    ...(problems !== undefined ? { problems } : {}),
  };
}
