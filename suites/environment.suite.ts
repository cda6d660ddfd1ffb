import { defineSuite } from '../src/engine/suite.ts';
import { dummyAllowedCases, gatingCases } from '../src/cases/environment.ts';

export default defineSuite({
  name: 'environment',
  description: 'Dummy calls succeed in development and are refused with PERMISSIONS_ERROR in testing and production; plain tokens are created everywhere (T21, D4).',
  cases: (contract, setting) => (setting.environment === 'development' ? dummyAllowedCases('environment', contract) : gatingCases('environment', contract, setting.environment)),
});
