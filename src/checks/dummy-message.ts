// T21: a dummy call answers with the documented message (x-ivs-dummy).
import { defineCheck } from './define-check.ts';
import { acceptedBody, acceptedWithDocumentedBody, show } from './helpers.ts';
import type { Check } from './types.ts';

export const dummyMessageCheck = defineCheck({
  name: 'dummy-message',
  rules: ['T21'],
  appliesTo: acceptedWithDocumentedBody,
  run: (input) => {
    const response = acceptedBody(input);
    const dummy = input.op.dummy;
    if (!response || !dummy || !input.body || input.body[dummy.field] == null) return [];
    if (response.message === dummy.message) return [];
    return [
      {
        category: 'response-schema',
        check: 'dummy-message',
        rule: dummy.rule,
        field: 'message',
        constraint: 'const',
        expected: `message = ${JSON.stringify(dummy.message)}`,
        actual: `message = ${show(response.message)}`,
      },
    ];
  },
});

/** T21: a dummy call answers with the documented message. */
export const dummyMessage: Check = dummyMessageCheck.check;
