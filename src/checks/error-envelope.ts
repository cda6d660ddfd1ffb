// R1: every error is a JSON object {identifier: string, message: string} served as application/json.
import { defineCheck } from './define-check.ts';
import { expectsReject } from './helpers.ts';
import type { Check } from './types.ts';
import { RULE } from '../contract/rulings.ts';

export const errorEnvelopeCheck = defineCheck({
  name: 'error-envelope',
  rules: ['R1'],
  appliesTo: expectsReject,
  run: ({ answer, field, constraint, contract, oracle }) => {
    if (answer.status < 400 || answer.status >= 500) return [];
    const problems: string[] = [];
    // R1 names the media type exactly: application/json (parameters such as charset allowed), not any +json type.
    if (!/^application\/json\s*(;|$)/i.test(answer.headers['content-type'] ?? '')) problems.push(`Content-Type "${answer.headers['content-type'] ?? ''}"`);
    if (answer.json === undefined) problems.push('a body that is not JSON');
    else {
      const errors = oracle.validate(contract.schemas.Error, answer.json);
      problems.push(...errors.map((e) => `body${e.instancePath} ${e.message}`));
    }
    if (!problems.length) return [];
    return [
      {
        category: 'response-schema',
        check: 'error-envelope',
        rule: RULE.errorEnvelope,
        field,
        constraint,
        expected: '{"identifier": <documented constant>, "message": <string>} as application/json',
        actual: problems.join('; '),
      },
    ];
  },
});

/** R1: every error is a JSON object {identifier: string, message: string} served as application/json. */
export const errorEnvelope: Check = errorEnvelopeCheck.check;
