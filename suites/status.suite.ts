import { defineSuite, skipOutsideDevelopment } from '../src/engine/suite.ts';
import { negativeFieldCases, requiredFieldCases } from '../src/cases/fields.ts';

export default defineSuite({
  name: 'status',
  description: 'The status read-back refuses malformed requests with the documented identifiers.',
  // It reads verifications back; outside development there is none the suite may create to read.
  skip: skipOutsideDevelopment,
  cases: (contract) => {
    const options = { suite: 'status', op: contract.operations.getStatus };
    return [...requiredFieldCases(options), ...negativeFieldCases(options)];
  },
});
