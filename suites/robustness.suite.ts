import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { robustnessCases } from '../src/cases/robustness.ts';

export default defineSuite({
  name: 'robustness',
  description: 'Requests of debatable validity (non-ASCII, control characters, lone surrogates, deep nesting, duplicate keys, big numbers): whatever the verdict, never a 5xx (R7).',
  // Some of these may be accepted and create a verification.
  skip: skipInProduction,
  cases: (contract) => robustnessCases('robustness', [contract.operations.createToken]),
});
