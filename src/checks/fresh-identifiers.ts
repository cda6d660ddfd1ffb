// T20: identifiers marked x-ivs-unique are new on every successful call.
import type { Finding } from '../findings/finding.ts';
import { defineCheck } from './define-check.ts';
import { acceptedBody, acceptedWithDocumentedBody } from './helpers.ts';
import type { Check } from './types.ts';

export const freshIdentifiersCheck = defineCheck({
  name: 'fresh-identifiers',
  rules: ['T20'],
  appliesTo: acceptedWithDocumentedBody,
  run: (input) => {
    const response = acceptedBody(input);
    if (!response) return [];
    const findings: Finding[] = [];
    const seenSets: Record<string, Set<string>> = { authToken: input.issued.authTokens, scanRef: input.issued.scanRefs };
    for (const [name, schema] of Object.entries<any>(input.op.responseSchema?.properties ?? {})) {
      const value = response[name];
      if (!schema['x-ivs-unique'] || typeof value !== 'string') continue;
      const seen = (seenSets[name] ??= new Set());
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

/** T20: identifiers marked x-ivs-unique are new on every successful call. */
export const freshIdentifiers: Check = freshIdentifiersCheck.check;
