import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { boundaryFieldCases } from '../src/cases/fields.ts';
import { isFreelyGenerated } from '../src/arbitraries/requests.ts';

export default defineSuite({
  name: 'token-boundaries',
  description: 'Values exactly at and one inside every documented limit are accepted.',
  skip: skipInProduction,
  cases: (contract) => boundaryFieldCases({ suite: 'token-boundaries', op: contract.operations.createToken, include: isFreelyGenerated }),
});
