// F1: a fresh dummy verification reads back with its dummy status (the status W3 and T21 give it),
// scanRef and clientId. A wrong read-back is F1's deviation, whatever the status it should carry.
import type { Finding } from '../../findings/finding.ts';
import { FIELD } from '../../contract/fields.ts';
import { defineFlowCheck } from './define-flow-check.ts';
import { RULE } from '../../contract/rulings.ts';

export const autoOutcomeCheck = defineFlowCheck({
  name: 'auto-outcome',
  rules: ['F1'],
  appliesTo: (record) => record.readBack !== undefined && record.given.dummyStatus !== undefined && record.given.face === undefined,
  run: ({ contract, readBack, given }) => {
    const want = { [FIELD.readBackStatus]: given.dummyStatus, [FIELD.verificationRef]: given.scanRef, [FIELD.clientRef]: given.clientId };
    return Object.entries(want)
      .filter(([key, value]) => readBack![key] !== value)
      .map(([key, value]): Finding => ({
        category: 'webhook',
        check: 'auto-outcome',
        rule: RULE.readBack,
        field: key,
        constraint: 'read-back',
        expected: `${key} = ${JSON.stringify(value)}`,
        actual: `${key} = ${JSON.stringify(readBack![key])}`,
      }));
  },
});
