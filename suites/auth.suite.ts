import { defineSuite } from '../src/engine/suite.ts';
import { authCases } from '../src/cases/auth.ts';

export default defineSuite({
  name: 'auth',
  description: 'Missing, wrong and malformed credentials are refused with UNAUTHORIZED on every endpoint.',
  cases: (contract, setting) => {
    const { createToken, addDummyStatus, getStatus } = contract.operations;
    // The dummy endpoints need a dummy verification to be otherwise valid (R8): development only.
    return authCases('auth', contract, setting.environment === 'development' ? [createToken, addDummyStatus, getStatus] : [createToken]);
  },
});
