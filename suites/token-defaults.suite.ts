import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { defaultsCases } from '../src/cases/token.ts';

export default defineSuite({
  name: 'token-defaults',
  description: 'Each optional field omitted in turn, or sent as null, comes back with its documented default.',
  skip: skipInProduction,
  cases: (contract) => defaultsCases('token-defaults', contract, contract.operations.createToken),
});
