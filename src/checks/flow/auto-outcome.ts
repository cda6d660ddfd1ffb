// F1 + W3: a fresh dummy verification reads back with its dummy status, scanRef and clientId.
import type { Finding } from '../../findings/finding.ts';
import { FIELD } from '../../contract/fields.ts';
import { defineFlowCheck } from './define-flow-check.ts';
import { RULE } from '../../contract/rulings.ts';

export const autoOutcomeCheck = defineFlowCheck({
  name: 'auto-outcome',
  rules: ['F1', 'W3'],
  appliesTo: (record) => record.readBack !== undefined && record.given.dummyStatus !== undefined && record.given.face === undefined,
  run: ({ contract, readBack, given }) => {
    const want = { [FIELD.readBackStatus]: given.dummyStatus, [FIELD.verificationRef]: given.scanRef, [FIELD.clientRef]: given.clientId };
    return Object.entries(want)
      .filter(([key, value]) => readBack![key] !== value)
      .map(([key, value]): Finding => ({
        category: 'webhook',
        check: 'auto-outcome',
        rule: key === FIELD.readBackStatus ? contract.webhook.rules.auto : RULE.readBack,
        field: key,
        constraint: 'read-back',
        expected: `${key} = ${JSON.stringify(value)}`,
        actual: `${key} = ${JSON.stringify(readBack![key])}`,
      }));
  },
});
