import { defineSuite, skipInProduction } from '../src/engine/suite.ts';
import { taxonomyCases, taxonomyField } from '../src/cases/taxonomy.ts';
import { sharedDummyScanRef } from '../src/cases/dummy.ts';
import { uniquenessCases } from '../src/cases/token.ts';

export default defineSuite({
  name: 'value-taxonomy',
  description: 'Every class of the value taxonomy (whitespace, falsy, Unicode forms, lengths in every unit, naughty strings, merged lists, look-alikes, overflow, number literals, calendar and URL edges) in every field, each in the role the contract gives it.',
  skip: skipInProduction,
  cases: (contract, setting) => {
    const depth = setting.depth ?? 'default';
    const { createToken, addDummyStatus } = contract.operations;
    const development = setting.environment === 'development';
    return [
      // Properties over many answers: unique response fields never repeat.
      ...uniquenessCases('value-taxonomy', createToken),
      ...taxonomyCases(contract, { suite: 'value-taxonomy', op: createToken, depth, include: (f) => taxonomyField(f) || (development && f.gated === 'environment') }),
      // The dummy endpoint's lists, each value beside a real scanRef (development only).
      ...(development ? taxonomyCases(contract, { suite: 'value-taxonomy', op: addDummyStatus, depth, fixed: sharedDummyScanRef }) : []),
    ];
  },
});
