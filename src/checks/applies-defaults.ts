// S1 + the field's rule: an optional field omitted, or sent as null (R9), comes back with its
// default (contract data: default, x-ivs-default-*). Home of guards absent-as-null (also used by
// digit-string) and configured-default.
import { isDeepStrictEqual } from 'node:util';
import type { Contract, FieldSpec } from '../contract/load.ts';
import type { Finding } from '../findings/finding.ts';
import { defineCheck } from './define-check.ts';
import { guardOn } from './guards.ts';
import { sameValue } from './same-value.ts';
import { acceptedBody, acceptedWithDocumentedBody, show } from './helpers.ts';
import type { Check, CheckInput } from './types.ts';
import { RULE } from '../contract/rulings.ts';

/**
 * Guard absent-as-null (R11): in a response, a key that is absent is judged exactly as null.
 * Returns the value a key is judged as.
 */
export function judgedValue(contract: Contract, response: Record<string, unknown>, key: string): unknown {
  const value = response[key];
  return value === undefined && contract.absentAsNull && guardOn('absent-as-null') ? null : value;
}

/**
 * Guard configured-default (T9, x-ivs-default-configured): an omitted field may come back with the
 * environment's configured value, i.e. any value valid against the field's own schema.
 */
export function isConfiguredDefault(input: CheckInput, field: FieldSpec, actual: unknown): boolean {
  if (!field.default?.configured || !guardOn('configured-default') || actual === undefined || actual === null) return false;
  return input.oracle.validate(field.schema, actual).length === 0;
}


export const appliesDefaultsCheck = defineCheck({
  name: 'applies-defaults',
  rules: ['S1', 'R9', 'T22', 'R11'],
  appliesTo: acceptedWithDocumentedBody,
  run: (input) => {
    const response = acceptedBody(input);
    if (!response || !input.body) return [];
    const findings: Finding[] = [];
    for (const field of input.op.fields) {
      if (!field.default) continue;
      const sent = input.body[field.name];
      if (sent !== undefined && sent !== null) continue;
      const unless = field.default.unless ?? {};
      if (Object.keys(unless).length && Object.entries(unless).every(([key, value]) => isDeepStrictEqual(input.body![key], value))) continue;
      const allowed = [field.default.value, ...field.default.alternatives, ...(field.default.mayBeAbsent ? [undefined] : [])];
      const actual = judgedValue(input.contract, response, field.name);
      if (allowed.some((value) => sameValue(field, value, actual))) continue;
      if (isConfiguredDefault(input, field, actual)) continue;
      const sentNull = sent === null;
      findings.push({
        category: 'defaults',
        check: 'applies-defaults',
        rule: sentNull ? RULE.nullMeansOmitted : field.default.rule,
        field: field.name,
        constraint: sentNull ? 'null-means-omitted' : 'default',
        documented: sentNull ? false : undefined,
        expected: `${field.name} = ${allowed.map(show).join(' or ')} (${sentNull ? 'sent as null' : 'omitted'})`,
        actual: `${field.name} = ${show(response[field.name])}`,
      });
    }
    return findings;
  },
});

/** S1 + the field's rule: an optional field omitted, or sent as null (R9), comes back with its default. */
export const appliesDefaults: Check = appliesDefaultsCheck.check;
