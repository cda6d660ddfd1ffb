import { defineSuite } from '../src/engine/suite.ts';
import { malformedBodyCases, mediaTypeCases, nonStandardJsonCases, wrongMethodCases } from '../src/cases/protocol.ts';

export default defineSuite({
  name: 'protocol',
  description: 'Bodies that are not a JSON object are refused with JSON_ERROR; other methods than POST with METHOD_NOT_ALLOWED.',
  cases: (contract, setting) => {
    const { createToken, addDummyStatus, getStatus } = contract.operations;
    const operations = setting.environment === 'development' ? [createToken, addDummyStatus, getStatus] : [createToken];
    // A valid token body under other media types creates tokens: not in production without writes.
    const writes = setting.environment !== 'production' || setting.allowProductionWrites;
    return [
      ...malformedBodyCases('protocol', contract, operations),
      ...nonStandardJsonCases('protocol', contract, operations),
      ...wrongMethodCases('protocol', contract, operations),
      ...(writes ? mediaTypeCases('protocol', contract, createToken) : []),
    ];
  },
});
