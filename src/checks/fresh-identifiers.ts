// T20: identifiers the server issues (x-ivs-issued, naming the run's `issued` record that keeps
// them) are new on every successful call.
import type { Finding } from '../findings/finding.ts';
import { defineCheck } from './define-check.ts';
import { acceptedBody, acceptedWithDocumentedBody } from './helpers.ts';
import type { Check, CheckInput } from './types.ts';

export const freshIdentifiersCheck = defineCheck({
  name: 'fresh-identifiers',
  rules: ['T20'],
  appliesTo: acceptedWithDocumentedBody,
  run: (input) => {
    const response = acceptedBody(input);
    if (!response) return [];
    const findings: Finding[] = [];
    for (const [name, schema] of Object.entries<any>(input.op.responseSchema?.properties ?? {})) {
      const value = response[name];
      const seen: Set<string> | undefined = input.issued[schema['x-ivs-issued'] as keyof CheckInput['issued']];
      if (!seen || typeof value !== 'string') continue;
      if (seen.has(value)) {
        findings.push({
          category: 'response-schema',
          check: 'fresh-identifiers',
          rule: schema['x-ivs-rule'],
          field: name,
          constraint: 'unique',
          expected: `a new ${name} on every successful call`,
          actual: `${name} ${JSON.stringify(value)} was already returned earlier in this run`,
        });
      }
      seen.add(value);
    }
    return findings;
  },
});

/** T20: identifiers the server issues (x-ivs-issued) are new on every successful call. */
export const freshIdentifiers: Check = freshIdentifiersCheck.check;
