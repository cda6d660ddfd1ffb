// Uniqueness over many answers (issue 24): a response field the documents call unique
// (x-ivs-unique) must not repeat across the successful answers of one run. Identifiers the server
// issues (x-ivs-issued: authToken, scanRef) are fresh-identifiers' (T20, kept in the run's
// `issued`); this check keeps every other unique field (digitString, "a unique string identifying
// the token", T17) per run.
import type { Finding } from '../findings/finding.ts';
import { defineCheck } from './define-check.ts';
import { acceptedBody, acceptedWithDocumentedBody } from './helpers.ts';
import type { Check, CheckInput } from './types.ts';

/** Values seen per run (keyed by the run's `issued` record, which lives exactly as long as the run). */
const seenByRun = new WeakMap<CheckInput['issued'], Map<string, Set<string>>>();

export const uniqueValuesCheck = defineCheck({
  name: 'unique-values',
  rules: ['T17'],
  appliesTo: acceptedWithDocumentedBody,
  run: (input) => {
    const response = acceptedBody(input);
    if (!response) return [];
    const seen = seenByRun.get(input.issued) ?? new Map<string, Set<string>>();
    seenByRun.set(input.issued, seen);
    const findings: Finding[] = [];
    for (const [name, schema] of Object.entries<any>(input.op.responseSchema?.properties ?? {})) {
      const value = response[name];
      if (!schema['x-ivs-unique'] || schema['x-ivs-issued'] || typeof value !== 'string') continue;
      const values = seen.get(name) ?? new Set<string>();
      seen.set(name, values);
      if (values.has(value)) {
        findings.push({
          category: 'response-schema',
          check: 'unique-values',
          rule: schema['x-ivs-rule'],
          field: name,
          constraint: 'unique',
          expected: `a ${name} not answered before (the documents call it unique)`,
          actual: `${name} ${JSON.stringify(value)} was already answered earlier in this run`,
        });
      }
      values.add(value);
    }
    return findings;
  },
});

/** Unique response fields other than the identifiers the server issues do not repeat within a run. */
export const uniqueValues: Check = uniqueValuesCheck.check;
