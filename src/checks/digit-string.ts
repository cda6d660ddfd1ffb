// T17: digitString is exactly 8 decimal digits when requested, null otherwise (x-ivs-null-unless).
import type { Finding } from '../findings/finding.ts';
import { judgedValue } from './applies-defaults.ts';
import { defineCheck } from './define-check.ts';
import { acceptedBody, acceptedWithDocumentedBody, show } from './helpers.ts';
import type { Check } from './types.ts';

export const digitStringCheck = defineCheck({
  name: 'digit-string',
  rules: ['T17', 'R11'],
  appliesTo: acceptedWithDocumentedBody,
  run: (input) => {
    const response = acceptedBody(input);
    if (!response || !input.body) return [];
    const findings: Finding[] = [];
    for (const [name, schema] of Object.entries<any>(input.op.responseSchema?.properties ?? {})) {
      const trigger = schema['x-ivs-null-unless'];
      if (!trigger) continue;
      const requested = input.body[trigger] === true;
      const value = judgedValue(input.contract, response, name);
      const ok = requested ? typeof value === 'string' && new RegExp(schema.pattern, 'u').test(value) : value === null;
      if (ok) continue;
      findings.push({
        category: requested ? 'response-schema' : 'defaults',
        check: 'digit-string',
        rule: schema['x-ivs-rule'],
        // A value where none was asked for contradicts the request's setting (T17's topic): filed
        // under that setting; a requested value of the wrong form under the response field.
        field: requested ? name : trigger,
        constraint: requested ? 'pattern' : 'null-unless-requested',
        expected: requested ? `${name} matching ${schema.pattern} (${trigger} true)` : `${name} = null (${trigger} not true)`,
        actual: `${name} = ${show(value)}`,
      });
    }
    return findings;
  },
});

/** T17: digitString is exactly 8 decimal digits when requested, null otherwise. */
export const digitStringRule: Check = digitStringCheck.check;
