import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { crossFieldCases, crossFieldNullCases, negativeFieldCases, negativePropertyCases, requiredFieldCases } from '../src/cases/fields.ts';

// Fields gated by the environment (dummyStatus) are tested where the environment allows them.
const notEnvironmentGated = (field: { gated?: string }) => field.gated !== 'environment';

export default defineSuite({
  name: 'token-negative',
  description: 'Each constraint of each field broken on its own is refused with the documented identifier and status.',
  skip: skipInProduction,
  cases: (contract) => {
    const options = { suite: 'token-negative', op: contract.operations.createToken, include: notEnvironmentGated };
    return [
      ...requiredFieldCases(options),
      ...negativeFieldCases(options),
      ...crossFieldCases(options),
      ...crossFieldNullCases(options),
      ...negativePropertyCases({ ...options, runsPerProperty: (runs) => Math.max(1, Math.ceil(runs / 10)) }),
    ];
  },
});
