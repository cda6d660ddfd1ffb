// --fail-on: which deviations fail a run (run and report). Terms, comma-separated, all must hold:
//   any                        every deviation (the default)
//   new                        only deviations absent from --baseline (all, without a baseline)
//   documented | ruled         only deviations whose expectation is stated plainly / rests on a ruling
//   <category>[,<category>…]   only these categories (e.g. webhook,auth)
//   regression | fix | drift | changed-deviation | coverage | change
//                              behavioural changes against --compare-to / --against (or `diff`):
//                              the run fails when any change of these classes is found; given
//                              without a deviation term, deviations alone no longer fail it
import { CATEGORIES, type Category, type Deviation, type Report } from './model.ts';
import { CHANGE_CLASSES, type ChangeClass } from './drift.ts';

export interface FailOn {
  /** As given, for messages and report.json. */
  spec: string;
  onlyNew: boolean;
  basis?: 'documented' | 'ruled';
  categories?: Category[];
  /** Change classes that fail the run (issue 23); `change` means all of them. */
  changes?: ChangeClass[];
  /** False when only change terms were given: deviations then do not fail the run. */
  deviationTerms?: boolean;
}

export const FAIL_ON_ANY: FailOn = { spec: 'any', onlyNew: false };

/** Parses --fail-on; throws an Error with a one-line message for anything else. */
export function parseFailOn(value: string): FailOn {
  const terms = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw new Error('--fail-on needs a value: any, new, documented, ruled or categories');
  const gate: FailOn = { spec: terms.join(','), onlyNew: false };
  const categories: Category[] = [];
  const changes: ChangeClass[] = [];
  let deviationTerms = false;
  for (const term of terms) {
    if ((CHANGE_CLASSES as readonly string[]).includes(term)) {
      changes.push(term as ChangeClass);
      continue;
    }
    if (term === 'change') {
      changes.push(...CHANGE_CLASSES);
      continue;
    }
    deviationTerms = true;
    if (term === 'any') continue;
    else if (term === 'new') gate.onlyNew = true;
    else if (term === 'documented' || term === 'ruled') {
      if (gate.basis && gate.basis !== term) throw new Error('--fail-on: "documented" and "ruled" together mean "any"; give one of them');
      gate.basis = term;
    } else if ((CATEGORIES as readonly string[]).includes(term)) categories.push(term as Category);
    else throw new Error(`--fail-on: unknown term "${term}" (any, new, documented, ruled, ${CATEGORIES.join(', ')}, ${CHANGE_CLASSES.join(', ')}, change)`);
  }
  if (categories.length) gate.categories = categories;
  if (changes.length) {
    gate.changes = [...new Set(changes)];
    gate.deviationTerms = deviationTerms;
  }
  return gate;
}

/** The deviations that fail the run under this gate. */
export function gateDeviations(report: Pick<Report, 'deviations' | 'baseline'>, failOn: FailOn = FAIL_ON_ANY): Deviation[] {
  if (failOn.changes && !failOn.deviationTerms) return [];
  const fresh = failOn.onlyNew && report.baseline ? new Set(report.baseline.new) : undefined;
  return report.deviations.filter(
    (d) =>
      (!fresh || fresh.has(d.id)) &&
      (!failOn.basis || (failOn.basis === 'documented') === d.documented) &&
      (!failOn.categories || failOn.categories.includes(d.category)),
  );
}
