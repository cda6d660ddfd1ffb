// The mutant catalogue, issue 19 (trust in every verdict): deviations a suite could pass by
// mistake, each a false CONFORMANT the suite once gave.
import type { Mutant } from '../stages.ts';
import { STATUS, mutant } from './helpers.ts';

export const TRUST_MUTANTS: Mutant[] = [
  // F1: only 404/405 may mean "not implemented"; a 400 to every valid read is a refusal of the read.
  mutant('status-read-refused', 'validation', 'F1', 'the status read-back refuses every valid read with 400 BAD_VALUE (the endpoint exists: 405 to GET)', {
    lookup: (found, ctx) => (ctx.operationId === STATUS ? undefined : found),
  }),
];
