// A check as a registered unit (after Schemathesis's @check): its registered name, the rulings it
// enforces, when it applies (its applicability guard) and what it judges. `check` is the function
// the registry runs: silent where the check does not apply, `run` otherwise.
import type { Finding } from '../findings/finding.ts';
import type { Check, CheckInput } from './types.ts';

export interface CheckDefinition {
  /** The registered name; every finding of the check carries it as `check`. */
  name: string;
  /** The rulings it enforces, for `list` (a check may also report a field's own rule). */
  rules: readonly string[];
  appliesTo?: (input: CheckInput) => boolean;
  check: Check;
}

interface CheckSpec<I extends CheckInput> {
  name: string;
  rules: readonly string[];
  appliesTo?: (input: CheckInput) => boolean;
  run: (input: I) => Finding[];
}

/** With a type-guard `appliesTo`, `run` sees the narrowed input (e.g. a reject expectation). */
export function defineCheck<I extends CheckInput>(spec: CheckSpec<I> & { appliesTo: (input: CheckInput) => input is I }): CheckDefinition;
export function defineCheck(spec: CheckSpec<CheckInput>): CheckDefinition;
export function defineCheck(spec: CheckSpec<CheckInput>): CheckDefinition {
  const { name, rules, appliesTo, run } = spec;
  return { name, rules, appliesTo, check: (input) => (appliesTo && !appliesTo(input) ? [] : run(input)) };
}
