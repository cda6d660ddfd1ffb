// Whole request bodies for an operation, built from its field values. Validity of a whole body
// (cross-field rules, combinations the suite never sends) is decided by the oracle, not here.
import fc from 'fast-check';
import type { Contract, FieldSpec, Operation } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { invalidArbitrary, sampleValid, validArbitrary } from './values.ts';

export type Body = Record<string, unknown>;

/** Fields that random valid bodies may carry: gated fields (which an account may refuse) are left
 * to their own suites, and fields whose values come from earlier calls (`x-ivs-source`) are
 * supplied by the caller. */
export function isFreelyGenerated(field: FieldSpec): boolean {
  return !field.gated && !field.schema['x-ivs-source'];
}

export interface BodyOptions {
  /** Which fields random bodies may carry (default: isFreelyGenerated). */
  include?: (field: FieldSpec) => boolean;
  /** Values fixed by the caller, e.g. a scanRef obtained from an earlier call. */
  fixed?: Body;
}

/** Random valid bodies: required fields always, optional ones sometimes, sometimes as null (R9). */
export function validBodyArbitrary(contract: Contract, op: Operation, options: BodyOptions = {}): fc.Arbitrary<Body> {
  const include = options.include ?? isFreelyGenerated;
  const fixed = options.fixed ?? {};
  const fields = op.fields.filter((f) => !(f.name in fixed) && (f.required || include(f)));
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of fields) {
    const value = validArbitrary(field.schema);
    model[field.name] = field.nullable ? fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
  }
  const oracle = oracleFor(contract);
  return fc
    .record(model, { requiredKeys: fields.filter((f) => f.required).map((f) => f.name) })
    .map((body) => ({ ...body, ...fixed }) as Body)
    .filter((body) => {
      const verdict = oracle.judge(op.operationId, body);
      return verdict.valid && !verdict.neverSend;
    });
}

/** The smallest valid body: required fields only, each with its first valid sample. */
export function minimalBody(op: Operation, fixed: Body = {}): Body {
  const body: Body = {};
  for (const field of op.fields) if (field.required) body[field.name] = sampleValid(field.schema);
  return { ...body, ...fixed };
}

/**
 * A valid body carrying `field = value`. Some fields are only valid together with another one
 * (x-ivs-cross-field); when the oracle says so, companions are added from other fields' samples
 * until the body is valid. Returns undefined when no such body exists.
 */
export function bodyWith(contract: Contract, op: Operation, field: string, value: unknown, fixed: Body = {}): Body | undefined {
  const oracle = oracleFor(contract);
  const body = { ...minimalBody(op, fixed), [field]: value };
  const ok = (b: Body) => {
    const verdict = oracle.judge(op.operationId, b);
    return verdict.valid && !verdict.neverSend;
  };
  if (ok(body)) return body;
  if (refusedByItsOwnSchema(contract, op, field, value)) return undefined;
  for (const companion of op.fields) {
    if (companion.name === field || companion.name in body) continue;
    const candidate = { ...body, [companion.name]: sampleValid(companion.schema) };
    if (ok(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A value its own field's schema refuses makes every body carrying it invalid (`properties` applies
 * whatever else the body holds), so no companion can help: found with one small validation instead
 * of one judgement of the whole body per companion. Not for a null the oracle drops (R9).
 */
function refusedByItsOwnSchema(contract: Contract, op: Operation, field: string, value: unknown): boolean {
  const own = op.requestSchema.properties?.[field];
  const spec = op.fields.find((f) => f.name === field);
  if (!own || typeof own !== 'object' || value === undefined || (value === null && spec?.nullable && !spec.required)) return false;
  try {
    return oracleFor(contract).validate(own, value).length > 0;
  } catch {
    return false; // a schema that cannot be compiled alone: the companions are tried as before
  }
}

/** Random bodies that break `constraint` of `field`, the rest valid (verdicts are re-judged when sent). */
export function invalidBodyArbitrary(contract: Contract, op: Operation, field: FieldSpec, constraint: string, fixed: Body = {}): fc.Arbitrary<Body> | undefined {
  const bad = invalidArbitrary(field.schema, constraint);
  if (!bad) return undefined;
  return fc.tuple(validBodyArbitrary(contract, op, { fixed }), bad).map(([body, value]) => ({ ...body, [field.name]: value }));
}
