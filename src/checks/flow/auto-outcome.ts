// F1: a fresh dummy verification reads back with its dummy status (the status W3 and T21 give it),
// scanRef and clientId. A wrong read-back is F1's deviation, whatever the status it should carry.
import type { Finding } from '../../findings/finding.ts';
import { defineFlowCheck } from './define-flow-check.ts';

export const autoOutcomeCheck = defineFlowCheck({
  name: 'auto-outcome',
  rules: ['F1'],
  appliesTo: (record) => record.readBack !== undefined && record.given.dummyStatus !== undefined && record.given.face === undefined,
  run: ({ readBack, given }) => {
    const want = { status: given.dummyStatus, scanRef: given.scanRef, clientId: given.clientId };
    return Object.entries(want)
      .filter(([key, value]) => readBack![key] !== value)
      .map(([key, value]): Finding => ({
        category: 'webhook',
        check: 'auto-outcome',
        rule: 'F1',
        field: key,
        constraint: 'read-back',
        expected: `${key} = ${JSON.stringify(value)}`,
        actual: `${key} = ${JSON.stringify(readBack![key])}`,
      }));
  },
});
