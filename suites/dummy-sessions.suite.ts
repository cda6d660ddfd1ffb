import { defineSuite, skipOutsideDevelopment } from '../src/engine/suite.ts';
import { negativeFieldCases, partialBodyCases, requiredFieldCases } from '../src/cases/fields.ts';
import { autoReadBackCases, scanRefOwnershipCases, secondReviewReadBackCase, sharedDummyScanRef, unknownReadBackCases } from '../src/cases/dummy.ts';
import { coveringOutcomeCases } from '../src/cases/domains.ts';
import { exampleCases, nullCases } from '../src/cases/token.ts';

export default defineSuite({
  name: 'dummy-sessions',
  description: 'Dummy tokens and add-dummy-status: input validation, scanRef ownership (D1), every status accepted, outcomes read back (D3, F1).',
  skip: skipOutsideDevelopment,
  cases: (contract) => {
    const add = contract.operations.addDummyStatus;
    const options = { suite: 'dummy-sessions', op: add, fixed: sharedDummyScanRef };
    const dummyField = (f: { name: string }) => f.name === contract.operations.createToken.dummy!.field;
    return [
      ...exampleCases('dummy-sessions', contract.operations.createToken, /dummy-token-request/),
      ...negativeFieldCases({ suite: 'dummy-sessions', op: contract.operations.createToken, include: dummyField }),
      ...nullCases('dummy-sessions', contract.operations.createToken, dummyField),
      ...requiredFieldCases(options),
      ...partialBodyCases(options),
      ...negativeFieldCases(options),
      ...scanRefOwnershipCases('dummy-sessions', contract),
      // Every face and document status at least once, each pair's D3 outcome read back.
      ...coveringOutcomeCases('dummy-sessions', contract),
      secondReviewReadBackCase('dummy-sessions', contract),
      ...autoReadBackCases('dummy-sessions', contract),
      ...unknownReadBackCases('dummy-sessions', contract),
    ];
  },
});
