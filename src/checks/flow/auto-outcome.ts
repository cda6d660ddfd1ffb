// F1 + W3: a fresh dummy verification reads back with its dummy status, scanRef and clientId.
import type { Finding } from '../../findings/finding.ts';
import { defineFlowCheck } from './define-flow-check.ts';

export const autoOutcomeCheck = defineFlowCheck({
  name: 'auto-outcome',
  rules: ['F1', 'W3'],
  appliesTo: (record) => record.readBack !== undefined && record.given.dummyStatus !== undefined && record.given.face === undefined,
  run: ({ readBack, given }) => {
    const want = { status: given.dummyStatus, scanRef: given.scanRef, clientId: given.clientId };
    return Object.entries(want)
      .filter(([key, value]) => readBack![key] !== value)
      .map(([key, value]): Finding => ({
        category: 'webhook',
        check: 'auto-outcome',
        rule: key === 'status' ? 'W3' : 'F1',
        field: key,
        constraint: 'read-back',
        expected: `${key} = ${JSON.stringify(value)}`,
        actual: `${key} = ${JSON.stringify(readBack![key])}`,
      }));
  },
});
