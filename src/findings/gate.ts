// --fail-on: which deviations fail a run (run and report). Terms, comma-separated, all must hold:
//   any                        every deviation (the default)
//   new                        only deviations absent from --baseline (all, without a baseline)
//   documented | ruled         only deviations whose expectation is stated plainly / rests on a ruling
//   <category>[,<category>…]   only these categories (e.g. webhook,auth)
import { CATEGORIES, type Category, type Deviation, type Report } from './model.ts';

export interface FailOn {
  /** As given, for messages and report.json. */
  spec: string;
  onlyNew: boolean;
  basis?: 'documented' | 'ruled';
  categories?: Category[];
}

export const FAIL_ON_ANY: FailOn = { spec: 'any', onlyNew: false };

/** Parses --fail-on; throws an Error with a one-line message for anything else. */
export function parseFailOn(value: string): FailOn {
  const terms = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw new Error('--fail-on needs a value: any, new, documented, ruled or categories');
  const gate: FailOn = { spec: terms.join(','), onlyNew: false };
  const categories: Category[] = [];
  for (const term of terms) {
    if (term === 'any') continue;
    else if (term === 'new') gate.onlyNew = true;
    else if (term === 'documented' || term === 'ruled') {
      if (gate.basis && gate.basis !== term) throw new Error('--fail-on: "documented" and "ruled" together mean "any"; give one of them');
      gate.basis = term;
    } else if ((CATEGORIES as readonly string[]).includes(term)) categories.push(term as Category);
    else throw new Error(`--fail-on: unknown term "${term}" (any, new, documented, ruled, ${CATEGORIES.join(', ')})`);
  }
  if (categories.length) gate.categories = categories;
  return gate;
}

/** The deviations that fail the run under this gate. */
export function gateDeviations(report: Pick<Report, 'deviations' | 'baseline'>, failOn: FailOn = FAIL_ON_ANY): Deviation[] {
  const fresh = failOn.onlyNew && report.baseline ? new Set(report.baseline.new) : undefined;
  return report.deviations.filter(
    (d) =>
      (!fresh || fresh.has(d.id)) &&
      (!failOn.basis || (failOn.basis === 'documented') === d.documented) &&
      (!failOn.categories || failOn.categories.includes(d.category)),
  );
}
