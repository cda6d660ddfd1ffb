// S1/T3: each sent field comes back exactly as sent, names upper-cased. Which fields echo and how
// they normalise is contract data (x-ivs-echo, x-ivs-normalize). Home of guard echo-variants.
import { isDeepStrictEqual } from 'node:util';
import type { FieldSpec } from '../contract/load.ts';
import type { Finding } from '../findings/finding.ts';
import { defineCheck } from './define-check.ts';
import { guardOn } from './guards.ts';
import { sameValue } from './same-value.ts';
import { acceptedBody, acceptedWithDocumentedBody, show } from './helpers.ts';
import type { Check } from './types.ts';
import { RULE } from '../contract/rulings.ts';

export function normalised(field: FieldSpec, value: unknown): unknown {
  return field.normalize === 'uppercase' && typeof value === 'string' ? value.toUpperCase() : value;
}

/**
 * Guard echo-variants (a profile's x-ivs-echo-may-normalize / x-ivs-echo-fallback): the other
 * echoes of a sent value that conform, e.g. iDenfy upper-cases nationality and answers an
 * unsupported locale with English.
 */
export function echoVariants(field: FieldSpec, sent: unknown): unknown[] {
  if (!guardOn('echo-variants')) return [];
  const variants: unknown[] = [...field.echoVariants.fallback];
  if (field.echoVariants.normalize === 'uppercase' && typeof sent === 'string') variants.push(sent.toUpperCase());
  return variants;
}

export const echoesSentFieldsCheck = defineCheck({
  name: 'echoes-sent-fields',
  rules: ['S1', 'T3'],
  appliesTo: acceptedWithDocumentedBody,
  run: (input) => {
    const response = acceptedBody(input);
    if (!response || !input.body) return [];
    const findings: Finding[] = [];
    for (const field of input.op.fields) {
      const sent = input.body[field.name];
      if (!field.echo || sent === undefined || sent === null) continue;
      const expected = normalised(field, sent);
      // T3 (amended): a list of unique items is a set; its echo may list them in another order.
      if (sameValue(field, expected, response[field.name])) continue;
      if (echoVariants(field, sent).some((variant) => isDeepStrictEqual(response[field.name], variant))) continue;
      const normalising = field.normalize !== undefined;
      // S1: a sent field is in the response; T3: it is echoed exactly (names upper-cased). Both are
      // about the token response: an answer whose schema names its own rule (the read-back, F1) is
      // judged under that rule.
      const missingKey = !(field.name in response);
      const ownRule = input.op.responseSchema?.['x-ivs-rule'] as string | undefined;
      findings.push({
        category: 'response-schema',
        check: 'echoes-sent-fields',
        rule: ownRule ?? (missingKey && !normalising ? RULE.echoAndDefaults : RULE.nameNormalisation),
        field: field.name,
        constraint: normalising ? `normalize-${field.normalize}` : 'echo',
        expected: `${field.name} = ${show(expected)}${normalising ? ` (sent ${show(sent)}, ${field.normalize})` : ' (as sent)'}`,
        actual: `${field.name} = ${show(response[field.name])}`,
      });
    }
    return findings;
  },
});

/** S1/T3: each sent field comes back exactly as sent, names upper-cased. */
export const echoesSentFields: Check = echoesSentFieldsCheck.check;
