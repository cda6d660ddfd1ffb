// Cases derived field by field from an operation's request schema: for every field and every
// constraint, a request that breaks exactly that constraint (R8), the values at each limit, the
// required fields missing or null, each cross-field rule broken, and a random property per
// (field, constraint). Nothing here names a field: a field added to the contract is covered.
import type { FieldSpec, JsonSchema, Operation } from '../contract/load.ts';
import { bodyWith, invalidBodyArbitrary, minimalBody, type Body } from '../arbitraries/requests.ts';
import { boundaryValues, invalidArbitrary, invalidValues, INVALID_KEYWORDS, type ValueCase } from '../arbitraries/values.ts';
import type { RunContext } from '../engine/context.ts';
import { propertyCase, requestCase, type Case } from './model.ts';

export interface FieldCaseOptions {
  suite: string;
  op: Operation;
  /** Values that must come from earlier calls (e.g. a real scanRef), or a reason they cannot be had. */
  fixed?: (ctx: RunContext) => Promise<Body | string>;
  /** Which fields to derive cases for (default: all). */
  include?: (field: FieldSpec) => boolean;
}

const noFixed = async () => ({}) as Body;

/** Turns a body builder into a probe builder, carrying through "cannot prepare" reasons. */
function probeFrom(options: FieldCaseOptions, build: (fixed: Body, ctx: RunContext) => Body | undefined) {
  return async (ctx: RunContext) => {
    const fixed = await (options.fixed ?? noFixed)(ctx);
    if (typeof fixed === 'string') return fixed;
    const body = build(fixed, ctx);
    return body ? { op: options.op, body } : 'no valid request can carry this value';
  };
}

function name(options: FieldCaseOptions, ...parts: (string | number)[]): string {
  return [options.suite, options.op.operationId, ...parts].join(' › ');
}

/** Round-robin over groups: the first of each, then the second of each, … (order kept within a group). */
function roundRobin<T>(groups: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; groups.some((g) => i < g.length); i++) for (const g of groups) if (i < g.length) out.push(g[i]);
  return out;
}

/**
 * A field's breakers by value: one of each value class first (a neighbour, a type confusion, a
 * limit, a calendar date …), then the rest, so that a small --max-requests still sends every class.
 */
function byValue(breakers: ValueCase[]): ValueCase[] {
  const groups = new Map<string, ValueCase[]>();
  for (const b of breakers) groups.set(b.valueClass ?? b.constraint, [...(groups.get(b.valueClass ?? b.constraint) ?? []), b]);
  return roundRobin([...groups.values()]);
}

/** One request per single-constraint breaker of every field, ordered by value across fields. */
export function negativeFieldCases(options: FieldCaseOptions): Case[] {
  const { op } = options;
  const perField: Case[][] = [];
  for (const field of op.fields.filter(options.include ?? (() => true))) {
    const cases: Case[] = [];
    perField.push(cases);
    for (const [i, breaker] of byValue(invalidValues(field.schema)).entries()) {
      cases.push(
        requestCase({
          suite: options.suite,
          name: name(options, field.name, breaker.constraint, i, breaker.note),
          check: 'rejects-invalid',
          endpoint: op.endpoint,
          field: field.name,
          constraint: breaker.constraint,
          rule: field.rule,
          probe: probeFrom(options, (fixed) => ({ ...minimalBody(op, fixed), ...fixed, [field.name]: breaker.value })),
        }),
      );
    }
  }
  // Every field's most informative breaker before any field's second one.
  return roundRobin(perField);
}

/** A required field missing, and sent as null (R3: MISSING_VALUE). */
export function requiredFieldCases(options: FieldCaseOptions): Case[] {
  const { op } = options;
  return op.fields
    .filter((f) => f.required)
    .filter(options.include ?? (() => true))
    .flatMap((field) =>
      (['required', 'required-null'] as const).map((kind) =>
        requestCase({
          suite: options.suite,
          name: name(options, field.name, kind),
          check: 'rejects-invalid',
          endpoint: op.endpoint,
          field: field.name,
          constraint: kind,
          rule: field.rule,
          probe: probeFrom(options, (fixed) => {
            const body: Body = { ...minimalBody(op, fixed), ...fixed };
            if (kind === 'required') delete body[field.name];
            else body[field.name] = null;
            return body;
          }),
        }),
      ),
    );
}

/** Values exactly at, and one inside, each limit: all must be accepted. */
export function boundaryFieldCases(options: FieldCaseOptions): Case[] {
  const { op } = options;
  const cases: Case[] = [];
  for (const field of op.fields.filter(options.include ?? (() => true))) {
    for (const [i, boundary] of boundaryValues(field.schema).entries()) {
      cases.push(
        requestCase({
          suite: options.suite,
          name: name(options, field.name, boundary.constraint, i, boundary.note),
          check: 'accepts-valid',
          endpoint: op.endpoint,
          field: field.name,
          constraint: `${boundary.constraint}-boundary`,
          rule: field.rule,
          probe: probeFrom(options, (fixed, ctx) => bodyWith(ctx.contract, op, field.name, boundary.value, fixed)),
        }),
      );
    }
  }
  return cases;
}

/** Each cross-field rule broken on its own (x-ivs-cross-field). */
export function crossFieldCases(options: FieldCaseOptions): Case[] {
  const { op } = options;
  return op.crossField.map((rule) =>
    requestCase({
      suite: options.suite,
      name: name(options, rule.id),
      check: 'rejects-invalid',
      endpoint: op.endpoint,
      field: rule.id,
      constraint: 'cross-field',
      rule: rule.rule,
      probe: probeFrom(options, (fixed) => {
        const body: Body = { ...minimalBody(op, fixed), ...fixed, ...rule.breaking };
        for (const omitted of rule.omit) delete body[omitted];
        return body;
      }),
    }),
  );
}

/**
 * Each "A requires B" cross-field rule (an if/then with then.required) broken with B sent as null
 * instead of left out: R9 makes null the same as absent, so a key-presence check is a deviation.
 */
export function crossFieldNullCases(options: FieldCaseOptions): Case[] {
  const { op } = options;
  return op.crossField.flatMap((rule) => {
    const required: string[] = (rule.valid as JsonSchema)?.then?.required ?? [];
    const others = (rule.valid as JsonSchema)?.if ? required.filter((f) => !(f in rule.breaking)) : [];
    if (!others.length) return [];
    return [
      requestCase({
        suite: options.suite,
        name: name(options, rule.id, `${others.join(', ')} null`),
        check: 'rejects-invalid',
        endpoint: op.endpoint,
        // The field the rule refuses (A): its rule id names the absent-B case above.
        field: Object.keys(rule.breaking)[0] ?? rule.id,
        constraint: 'cross-field',
        rule: rule.rule,
        probe: probeFrom(options, (fixed) => {
          const body: Body = { ...minimalBody(op, fixed), ...fixed, ...rule.breaking };
          for (const omitted of rule.omit) delete body[omitted];
          for (const other of others) body[other] = null;
          return body;
        }),
      }),
    ];
  });
}

/** Random bodies breaking one (field, constraint), re-judged as sent and shrunk on failure. */
export function negativePropertyCases(options: FieldCaseOptions & { runsPerProperty: (runs: number) => number }): Case[] {
  const { op } = options;
  const cases: Case[] = [];
  for (const field of op.fields.filter(options.include ?? (() => true))) {
    const constraints = INVALID_KEYWORDS.filter((k) => k !== 'type' && field.schema[k] !== undefined && invalidArbitrary(field.schema, k));
    for (const constraint of constraints) {
      cases.push(
        propertyCase({
          suite: options.suite,
          name: name(options, field.name, constraint, 'property'),
          check: 'rejects-invalid',
          op,
          field: field.name,
          constraint,
          rule: field.rule,
          runs: options.runsPerProperty,
          arbitrary: (ctx) => invalidBodyArbitrary(ctx.contract, op, field, constraint),
        }),
      );
    }
  }
  return cases;
}

/**
 * `{}` and partial bodies: every required field missing at once, and each required field alone.
 * All violations are missing values (R3: MISSING_VALUE), so the identifier is settled (R8).
 */
export function partialBodyCases(options: FieldCaseOptions): Case[] {
  const { op } = options;
  const required = op.fields.filter((f) => f.required);
  if (required.length < 2) return [];
  const subsets: [string, string[]][] = [['an empty object', []], ...required.map((f): [string, string[]] => [`only ${f.name}`, [f.name]])];
  return subsets.map(([note, keep]) =>
    requestCase({
      suite: options.suite,
      name: name(options, 'partial body', note),
      check: 'rejects-invalid',
      endpoint: op.endpoint,
      field: 'body',
      constraint: 'required',
      rule: required[0].rule,
      probe: probeFrom(options, (fixed) => {
        const full: Body = { ...minimalBody(op, fixed), ...fixed };
        return Object.fromEntries(Object.entries(full).filter(([k]) => keep.includes(k)));
      }),
    }),
  );
}
