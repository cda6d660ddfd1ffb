import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { boundaryFieldCases } from '../src/cases/fields.ts';
import { enumCoverageCases, nullCases } from '../src/cases/token.ts';

// Custom settings and the digit string need enabling per account: a refusal with
// PERMISSIONS_ERROR or PARTNER_CONTRACT_ERROR makes these checks inconclusive, not deviant.
const configurable = (field: { gated?: string }) => field.gated === 'configuration';

export default defineSuite({
  name: 'token-custom-settings',
  description: 'Custom settings and generateDigitString: accepted with their documented types and values (each enum value, each example, both booleans, null), digitString rules.',
  skip: skipInProduction,
  cases: (contract) => {
    const op = contract.operations.createToken;
    return [
      ...enumCoverageCases('token-custom-settings', op, {}, configurable),
      ...boundaryFieldCases({ suite: 'token-custom-settings', op, include: configurable }),
      ...op.fields.filter(configurable).filter((f) => f.schema.type === 'boolean').flatMap((f) => enumCoverageCases('token-custom-settings', op, {}, (g) => g === f, [true, false])),
      ...nullCases('token-custom-settings', op, configurable),
    ];
  },
});
