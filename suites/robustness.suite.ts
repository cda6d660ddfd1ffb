import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { fieldRobustnessCases, robustnessCases } from '../src/cases/robustness.ts';
import { sharedDummyScanRef } from '../src/cases/dummy.ts';

export default defineSuite({
  name: 'robustness',
  description: 'Requests of debatable validity on every field (lone surrogates, astral letters, control characters, 1e308, 400-digit numbers, -0, deep nesting, duplicate keys): whatever the verdict, never a 5xx (R7).',
  // Some of these may be accepted and create a verification.
  skip: skipInProduction,
  cases: (contract, setting) => {
    const { createToken, addDummyStatus } = contract.operations;
    return [
      ...fieldRobustnessCases('robustness', createToken),
      ...robustnessCases('robustness', [createToken]),
      // The dummy endpoint's fields, each with a real scanRef beside it (development only).
      ...(setting.environment === 'development' ? fieldRobustnessCases('robustness', addDummyStatus, { fixed: sharedDummyScanRef }) : []),
    ];
  },
});
