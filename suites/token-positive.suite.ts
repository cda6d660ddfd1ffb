import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { echoEdgeCases } from '../src/cases/echo.ts';
import { characterCoverageCases, enumCoverageCases, exactEchoCases, exampleCases, nullCases, validBodyProperty, validExampleCases } from '../src/cases/token.ts';

export default defineSuite({
  name: 'token-positive',
  description: 'Valid token requests are accepted and answered as documented: random bodies, every enum value, every script, exact echo, the seeds\' examples.',
  skip: skipInProduction,
  cases: (contract) => {
    const op = contract.operations.createToken;
    return [
      validBodyProperty('token-positive', op, (runs) => runs),
      ...enumCoverageCases('token-positive', op),
      ...characterCoverageCases('token-positive', op),
      ...exactEchoCases('token-positive', op),
      ...echoEdgeCases('token-positive', contract, op),
      ...exampleCases('token-positive', op, /^003-.*\.token-request\./),
      ...validExampleCases('token-positive', op),
      // callbackUrl (a permission) as null: no permission is needed to send nothing.
      ...nullCases('token-positive', op, (f) => f.gated === 'permission'),
    ];
  },
});
