// The one comparison of a value the server returns with the value it must return, shared by the
// echo (S1/T3) and defaults checks: amended T3 makes a list of unique items (uniqueItems, e.g.
// `documents`) a set, whose order in a response is not asserted; everything else compares exactly.
import { isDeepStrictEqual } from 'node:util';
import type { FieldSpec } from '../contract/load.ts';

/** Whether `actual` is `expected` as the field's schema reads it (a set when its items are unique). */
export function sameValue(field: Pick<FieldSpec, 'schema'>, expected: unknown, actual: unknown): boolean {
  if (field.schema?.uniqueItems === true && Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length === actual.length && expected.every((item) => actual.some((other) => isDeepStrictEqual(item, other)));
  }
  return isDeepStrictEqual(expected, actual);
}
