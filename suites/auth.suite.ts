import { defineSuite } from '../src/engine/suite.ts';
import { authCases, credentialsElsewhereCases, schemeCaseCases } from '../src/cases/auth.ts';

export default defineSuite({
  name: 'auth',
  description: 'Missing, wrong, malformed and near-miss credentials are refused with UNAUTHORIZED on every endpoint; the scheme name is case-insensitive (RFC 7617).',
  cases: (contract, setting) => {
    const { createToken, addDummyStatus, getStatus } = contract.operations;
    const development = setting.environment === 'development';
    // The dummy endpoints need a dummy verification to be otherwise valid (R8): development only.
    const refused = authCases('auth', contract, development ? [createToken, addDummyStatus, getStatus] : [createToken]);
    // Accepted requests create tokens: not in production without writes; add-dummy-status would change the shared verification.
    const writes = setting.environment !== 'production' || setting.allowProductionWrites;
    const accepted = schemeCaseCases('auth', [...(writes ? [createToken] : []), ...(development ? [getStatus] : [])]);
    const elsewhere = credentialsElsewhereCases('auth', contract, development ? [createToken, addDummyStatus, getStatus] : [createToken]);
    return [...refused, ...elsewhere, ...accepted];
  },
});
