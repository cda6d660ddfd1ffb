// One verdict, computed in one place, so the terminal, report.json, report.html, summary.md,
// junit.xml and the exit code always say the same thing.
//   deviations  any deviation (exit 1, unless --fail-on leaves all of them out)
//   incomplete  no deviation, but the run did not finish: interrupted, budget spent, shards missing,
//               stopped on a setup problem (exit 3)
//   no-verdict  no deviation, finished, but too little was decided: no check, none passed, or more
//               than MAX_INCONCLUSIVE_SHARE of the checks inconclusive (exit 3)
//   conformant  otherwise (exit 0)
import type { Report, Verdict } from './model.ts';
import { gateDeviations, type FailOn } from './gate.ts';

/** More inconclusive checks than this share of all checks leaves no verdict. */
export const MAX_INCONCLUSIVE_SHARE = 0.2;

export const EXIT_CODE = { conformant: 0, deviations: 1, usage: 2, noVerdict: 3 } as const;

type Judged = Pick<Report, 'deviations' | 'summary' | 'complete' | 'incomplete'>;

const INCOMPLETE_WHY: Record<string, string> = {
  interrupted: 'interrupted before every check ran',
  budget: 'the request budget (--max-requests) ran out',
  'shards-missing': 'some shards are missing from the merge',
  stopped: 'stopped early on a setup problem',
};

export function verdictOf(report: Judged): Exclude<Verdict, 'inconclusive'> {
  if (report.deviations.length > 0) return 'deviations';
  if (report.complete === false) return 'incomplete';
  const { checks, passed, inconclusive } = report.summary;
  if (checks === 0 || passed === 0 || inconclusive > checks * MAX_INCONCLUSIVE_SHARE) return 'no-verdict';
  return 'conformant';
}

/** The verdict in one line a reader can act on. */
export function verdictReason(report: Judged): string {
  const s = report.summary;
  const decided = `${s.checks} checks: ${s.passed} passed, ${s.failed ?? s.checks - s.passed - s.inconclusive} failed, ${s.inconclusive} inconclusive`;
  switch (verdictOf(report)) {
    case 'deviations':
      return `${plural(s.deviations, 'deviation')} in ${plural(s.problems ?? s.deviations, 'problem')} (${decided})${report.complete === false ? `; incomplete: ${whyIncomplete(report)}` : ''}`;
    case 'incomplete':
      return `incomplete: ${whyIncomplete(report)} (${decided}); absent deviations prove nothing`;
    case 'no-verdict':
      if (s.checks === 0) return 'no verdict: no check ran';
      if (s.passed === 0) return `no verdict: no check passed (${decided})`;
      return `no verdict: ${s.inconclusive} of ${s.checks} checks inconclusive (more than ${Math.round(MAX_INCONCLUSIVE_SHARE * 100)}%)`;
    case 'conformant':
      return `conformant (${decided})`;
  }
}

function whyIncomplete(report: Judged): string {
  const reasons = report.incomplete?.length ? report.incomplete : ['interrupted'];
  return reasons.map((r) => INCOMPLETE_WHY[r] ?? r).join('; ');
}

/** The status word every format shows (no emoji: CI logs and screen readers read it as is). */
export const VERDICT_LABEL: Record<Verdict, string> = {
  conformant: 'CONFORMANT',
  deviations: 'DEVIATIONS FOUND',
  incomplete: 'INCOMPLETE',
  'no-verdict': 'NO VERDICT',
  inconclusive: 'NO VERDICT',
};

/**
 * The exit code: 1 when the deviations --fail-on selects are not empty; otherwise 3 when the run
 * is incomplete or decided too little; otherwise 0. With the default --fail-on any it always
 * matches the verdict word.
 */
export function exitCodeOf(report: Judged & Pick<Report, 'baseline'>, failOn?: FailOn): number {
  if (gateDeviations(report, failOn).length > 0) return EXIT_CODE.deviations;
  const verdict = verdictOf({ ...report, deviations: [] });
  return verdict === 'conformant' ? EXIT_CODE.conformant : EXIT_CODE.noVerdict;
}

/** "1 problem", "17 problems". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
