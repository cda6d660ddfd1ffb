// Unit tests of the generators (src/arbitraries), for every field of every operation of the loaded
// contract, in both profiles. The contract is walked: no field is named here except in a few
// illustrative assertions at the end. The oracle (Ajv over the contract) is the judge throughout.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { identifierFor, loadContract, type Contract, type FieldSpec, type JsonSchema, type Operation } from '../src/contract/load.ts';
import { oracleFor, type Verdict, type Violation } from '../src/contract/oracle.ts';
import { ALL_LETTERS, LETTERS_BY_SCRIPT, codePoints } from '../src/arbitraries/characters.ts';
import {
  boundaryValues,
  invalidArbitrary,
  invalidValues,
  INVALID_KEYWORDS,
  offEnum,
  textOfLength,
  validArbitrary,
  type ValueCase,
} from '../src/arbitraries/values.ts';
import { bodyWith, invalidBodyArbitrary, minimalBody, validBodyArbitrary, type Body } from '../src/arbitraries/requests.ts';

const PROFILES = ['markid', 'idenfy'] as const;
const CONTRACTS: Record<string, Contract> = Object.fromEntries(await Promise.all(PROFILES.map(async (p) => [p, await loadContract(p)] as const)));

const VALID_RUNS = 200;
const INVALID_RUNS = 100;
const BODY_RUNS = 300;
/** fast-check's seed for every property here: failures reproduce. */
const SEED = 20240607;

/** Which violation kinds a breaker of a given constraint may be reported as (Ajv's keyword). */
const KINDS_FOR: Record<string, string[]> = {
  type: ['type'],
  minLength: ['minLength'],
  maxLength: ['maxLength'],
  pattern: ['pattern'],
  enum: ['enum'],
  // e.g. callbackUrl: "http://…" is a well-formed URI that only the https pattern refuses.
  format: ['format', 'pattern'],
  items: ['enum', 'type'],
  uniqueItems: ['uniqueItems'],
  minItems: ['minItems'],
  minimum: ['minimum'],
  exclusiveMinimum: ['exclusiveMinimum'],
  maximum: ['maximum'],
  exclusiveMaximum: ['exclusiveMaximum'],
};

/**
 * The kinds the oracle may report for a breaker of `constraint`. The oracle keeps one violation per
 * field (the first keyword Ajv reports). For a schema with an enum, every value of the wrong type and
 * every string over maxLength is also off the enum list, and Ajv checks `enum` before the typed
 * keywords: such a breaker may be reported as 'enum' (same identifier, BAD_VALUE). `assertBreaks`
 * then checks, against the field schema alone, that the constraint itself is broken.
 */
function kindsFor(schema: JsonSchema, constraint: string): string[] {
  const kinds = KINDS_FOR[constraint] ?? [];
  return schema.enum && (constraint === 'type' || constraint === 'maxLength') ? [...kinds, 'enum'] : kinds;
}

/** Ajv, on the field schema alone, reports a keyword of the constraint (at the item for `items`). */
function assertBreaks(contract: Contract, schema: JsonSchema, value: unknown, constraint: string, what: string): void {
  const errors = oracleFor(contract).validate(schema, value);
  const path = constraint === 'items' ? '/0' : '';
  const hit = errors.some((e) => e.instancePath === path && KINDS_FOR[constraint].includes(e.keyword));
  assert.ok(hit, `${what}: Ajv reports ${show(errors.map((e) => `${e.instancePath} ${e.keyword}`))}, not ${constraint}`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

function violationsOf(verdict: Verdict): Violation[] {
  return 'violations' in verdict ? verdict.violations : [];
}

function assertValid(contract: Contract, op: Operation, body: Body | undefined, what: string): void {
  assert.ok(body, `${what}: no valid body can carry it`);
  const verdict = oracleFor(contract).judge(op.operationId, body);
  assert.equal(verdict.neverSend, false, `${what}: the body is one the suite never sends: ${show(body)}`);
  assert.equal(verdict.valid, true, `${what}: judged invalid: ${show(violationsOf(verdict))} for ${show(body)}`);
}

/** Exactly one violation, on `field`, of one of `kinds`, with the identifier the contract's R3 table gives. */
function assertOneViolation(contract: Contract, op: Operation, body: Body, field: string, kinds: string[], what: string): Violation {
  const verdict = oracleFor(contract).judge(op.operationId, body);
  assert.equal(verdict.neverSend, false, `${what}: never-send body ${show(body)}`);
  assert.equal(verdict.valid, false, `${what}: judged valid: ${show(body)}`);
  const violations = violationsOf(verdict);
  assert.equal(violations.length, 1, `${what}: expected exactly one violation, got ${show(violations)} for ${show(body)}`);
  const [v] = violations;
  assert.equal(v.field, field, `${what}: violation on ${v.field}, expected ${field}`);
  assert.ok(kinds.includes(v.kind), `${what}: violation kind ${v.kind}, expected one of ${kinds.join(', ')}`);
  assert.equal(v.identifier, identifierFor(contract, v.kind), `${what}: identifier ${v.identifier}`);
  return v;
}

/** Every schema with an enum of strings reachable from the request fields (the field itself or its items). */
function enumSchemas(contract: Contract): { where: string; schema: JsonSchema }[] {
  const out: { where: string; schema: JsonSchema }[] = [];
  for (const op of Object.values(contract.operations)) {
    for (const field of op.fields) {
      if (field.schema.enum) out.push({ where: `${op.operationId}.${field.name}`, schema: field.schema });
      if (field.schema.items?.enum) out.push({ where: `${op.operationId}.${field.name}[]`, schema: field.schema.items });
    }
  }
  for (const [name, schema] of Object.entries(contract.schemas)) if (schema.enum) out.push({ where: `components.${name}`, schema });
  return out;
}

const BAD_VALUE_KINDS = [...new Set(Object.values(KINDS_FOR).flat())];

for (const profile of PROFILES) {
  const contract = CONTRACTS[profile];
  const oracle = oracleFor(contract);

  describe(`arbitraries (${profile} profile)`, function () {
    this.timeout(60_000);

    it('the contract has operations with fields to walk', () => {
      const ops = Object.values(contract.operations);
      assert.ok(ops.length >= 3, `${ops.length} operations`);
      for (const op of ops) assert.ok(op.fields.length > 0, `${op.operationId} has fields`);
      // R3 as data: every constraint kind the generators break maps to BAD_VALUE, absence and null to MISSING_VALUE.
      for (const kind of BAD_VALUE_KINDS) assert.equal(identifierFor(contract, kind), 'BAD_VALUE', kind);
      assert.equal(identifierFor(contract, 'required'), 'MISSING_VALUE');
      assert.equal(identifierFor(contract, 'required-null'), 'MISSING_VALUE');
    });

    for (const op of Object.values(contract.operations)) {
      describe(op.operationId, () => {
        it('minimalBody is valid', () => assertValid(contract, op, minimalBody(op), 'minimalBody'));

        for (const field of op.fields) {
          describe(field.name, () => {
            it(`validArbitrary: ${VALID_RUNS} values, each valid in a body`, () => {
              let tried = 0;
              fc.assert(
                fc.property(validArbitrary(field.schema), (value) => {
                  tried++;
                  assertValid(contract, op, bodyWith(contract, op, field.name, value), `${field.name} = ${show(value)}`);
                }),
                { numRuns: VALID_RUNS, seed: SEED },
              );
              assert.equal(tried, VALID_RUNS);
            });

            it('boundaryValues are all valid in a body', () => {
              const cases = boundaryValues(field.schema);
              for (const c of cases) assertValid(contract, op, bodyWith(contract, op, field.name, c.value), `${field.name} ${c.constraint} boundary (${c.note}) ${show(c.value)}`);
              // Each boundary is at or one inside a limit of its constraint, which the schema carries.
              for (const c of cases) assert.ok(c.constraint in field.schema, `${field.name}: boundary of ${c.constraint}, which the schema lacks`);
            });

            it('invalidValues: each breaks exactly its constraint (one violation, on this field, BAD_VALUE)', () => {
              const cases: ValueCase[] = invalidValues(field.schema);
              // Every field has a JSON type to break, so nothing here is vacuous.
              assert.ok(cases.length > 0, `${field.name}: no invalid values`);
              assert.ok(cases.some((c) => c.constraint === 'type'), `${field.name}: no type breaker`);
              for (const c of cases) {
                assert.ok(KINDS_FOR[c.constraint], `${field.name}: unexpected constraint ${c.constraint}`);
                const kinds = kindsFor(field.schema, c.constraint);
                assert.ok(c.constraint === 'type' || field.schema[c.constraint] !== undefined, `${field.name}: breaks ${c.constraint}, which the schema lacks`);
                const body = { ...minimalBody(op), [field.name]: c.value };
                const what = `${field.name} ${c.constraint} (${c.note}) ${show(c.value)}`;
                const v = assertOneViolation(contract, op, body, field.name, kinds, what);
                assert.equal(v.identifier, contract.violations.default);
                assertBreaks(contract, field.schema, c.value, c.constraint, what);
              }
            });

            const constraints = INVALID_KEYWORDS.filter((k) => (k === 'type' || field.schema[k] !== undefined) && invalidArbitrary(field.schema, k));
            for (const constraint of constraints) {
              it(`invalidArbitrary(${constraint}): ${INVALID_RUNS} samples, each exactly one ${constraint} violation in a valid body`, () => {
                const bad = invalidArbitrary(field.schema, constraint)!;
                fc.assert(
                  fc.property(bad, (value) => {
                    const body = { ...minimalBody(op), [field.name]: value };
                    const what = `${field.name} ${constraint} ${show(value)}`;
                    assertOneViolation(contract, op, body, field.name, kindsFor(field.schema, constraint), what);
                    assertBreaks(contract, field.schema, value, constraint, what);
                  }),
                  { numRuns: INVALID_RUNS, seed: SEED },
                );
              });

              // The property cases (negativePropertyCases) use every constraint but 'type' over random valid bodies.
              if (constraint !== 'type') {
                it(`invalidBodyArbitrary(${constraint}): random valid bodies with the one violation`, () => {
                  const arbitrary = invalidBodyArbitrary(contract, op, field, constraint);
                  assert.ok(arbitrary);
                  fc.assert(
                    fc.property(arbitrary, (body) => {
                      assertOneViolation(contract, op, body, field.name, kindsFor(field.schema, constraint), `${field.name} ${constraint} in ${show(body)}`);
                      assertBreaks(contract, field.schema, body[field.name], constraint, `${field.name} ${constraint}`);
                    }),
                    { numRuns: 50, seed: SEED },
                  );
                });
              }
            }

            if (field.required) {
              it('absent → exactly one MISSING_VALUE violation (required)', () => {
                const body = minimalBody(op);
                delete body[field.name];
                const v = assertOneViolation(contract, op, body, field.name, ['required'], `${field.name} absent`);
                assert.equal(v.identifier, 'MISSING_VALUE');
              });
              it('null → exactly one MISSING_VALUE violation (required-null)', () => {
                const v = assertOneViolation(contract, op, { ...minimalBody(op), [field.name]: null }, field.name, ['required-null'], `${field.name} null`);
                assert.equal(v.identifier, 'MISSING_VALUE');
              });
            } else {
              it('null is accepted as omitted (R9)', () => assertValid(contract, op, bodyWith(contract, op, field.name, null), `${field.name} null`));
            }
          });
        }

        // The arbitrary filters on oracle.judge, so asserting the judge's verdict again would be a
        // tautology: each body is checked here field by field against the contract's own schemas.
        it(`validBodyArbitrary: ${BODY_RUNS} bodies, every field valid by its own schema, none never-send`, () => {
          const seen = new Set<string>();
          const byName = new Map(op.fields.map((f) => [f.name, f]));
          fc.assert(
            fc.property(validBodyArbitrary(contract, op), (body) => {
              for (const f of op.fields) if (f.required) assert.ok(f.name in body, `required ${f.name} missing from ${show(body)}`);
              for (const [name, value] of Object.entries(body)) {
                const field = byName.get(name);
                assert.ok(field, `${name} is no field of ${op.operationId}: ${show(body)}`);
                seen.add(name);
                if (value === null) assert.ok(field.nullable, `${name} is null but not nullable: ${show(body)}`);
                else assert.deepEqual(oracle.validate(field.schema, value).map((e) => `${e.instancePath} ${e.keyword}`), [], `${name} = ${show(value)} breaks its schema`);
              }
              // x-ivs-never-send, checked directly against each schema.
              for (const never of op.neverSend) assert.ok(oracle.validate(never.schema, body).length > 0, `${never.rule} combination sent: ${show(body)}`);
            }),
            { numRuns: BODY_RUNS, seed: SEED },
          );
          // Optional, freely generated fields do occur (the generator is not stuck on minimal bodies).
          const optional = op.fields.filter((f) => !f.required && !f.gated && !f.schema['x-ivs-source']);
          for (const f of optional) assert.ok(seen.has(f.name), `${op.operationId}: ${f.name} never generated`);
        });
      });
    }

    describe('offEnum', () => {
      for (const { where, schema } of enumSchemas(contract)) {
        it(`${where}: values outside the enum${schema['x-ivs-case-insensitive'] ? ' (case-insensitive)' : ''}`, () => {
          const off = offEnum(schema);
          assert.ok(off.length > 0, `${where}: no off-enum values`);
          const caseInsensitive = schema['x-ivs-case-insensitive'] === true;
          const known = new Set<string>(schema.enum.map((v: string) => (caseInsensitive ? v.toLowerCase() : v)));
          for (const value of off) {
            assert.equal(typeof value, 'string');
            assert.ok(!known.has(caseInsensitive ? value.toLowerCase() : value), `${where}: ${show(value)} is in the enum`);
            if (schema.maxLength !== undefined) assert.ok(codePoints(value) <= schema.maxLength, `${where}: ${show(value)} also breaks maxLength`);
          }
          // A case variant is offered exactly when the enum is case-sensitive (T23 vs T8) and
          // its case sensitivity is ruled at all (x-ivs-case-unruled: custom-setting lists).
          const caseVariant = off.some((v) => schema.enum.some((e: string) => e !== v && e.toLowerCase() === v.toLowerCase()));
          assert.equal(caseVariant, !caseInsensitive && schema['x-ivs-case-unruled'] !== true, `${where}: case variant ${caseVariant}`);
        });
      }
    });

    describe('enum coverage of validArbitrary', () => {
      for (const op of Object.values(contract.operations)) {
        for (const field of op.fields.filter((f) => f.schema.enum && f.schema.enum.length <= 40)) {
          it(`${op.operationId}.${field.name}: every documented value is generated`, () => {
            const seen = new Set(fc.sample(validArbitrary(field.schema), { numRuns: 40 * field.schema.enum.length, seed: SEED }));
            for (const v of field.schema.enum) assert.ok(seen.has(v), `${field.name}: ${v} never generated`);
          });
        }
      }
    });
  });
}

describe('arbitraries: names (T2, T3)', () => {
  const contract = CONTRACTS.markid;
  const token = contract.operations.createToken;
  // The names are the fields that normalise (x-ivs-normalize), found by walking the contract.
  const names: FieldSpec[] = token.fields.filter((f) => f.normalize === 'uppercase');
  const SAMPLES = 3000;

  it('the contract has normalised name fields', () => assert.deepEqual(names.map((f) => f.name).sort(), ['firstName', 'lastName']));

  for (const field of names) {
    describe(field.name, () => {
      const samples = fc.sample(validArbitrary(field.schema), { numRuns: SAMPLES, seed: SEED }) as string[];
      const scriptOf = (c: string) => Object.entries(LETTERS_BY_SCRIPT).find(([, letters]) => letters.includes(c))?.[0];

      it(`letters of several scripts, and astral code points, over ${SAMPLES} samples`, () => {
        const scripts = new Set<string>();
        for (const s of samples) for (const c of s) {
          const script = scriptOf(c);
          if (script) scripts.add(script);
        }
        assert.ok(scripts.size >= 6, `scripts seen: ${[...scripts].join(', ')}`);
        for (const script of ['latin', 'cyrillic', 'greek', 'cjk', 'arabic', 'astral']) assert.ok(scripts.has(script), `${script} never generated`);
        assert.ok(samples.some((s) => [...s].some((c) => c.codePointAt(0)! > 0xffff)), 'no astral code point');
        assert.ok(samples.some((s) => s.length !== codePoints(s)), 'UTF-16 length never differs from code points');
        // The allowed punctuation (T2) shows up inside names too.
        for (const c of field.schema['x-ivs-allowed-characters'] as string) assert.ok(samples.some((s) => s.includes(c)), `${JSON.stringify(c)} never generated`);
      });

      it('never leading or trailing spaces, always within 1..maxLength code points', () => {
        for (const s of samples) {
          assert.equal(s, s.trim(), `${show(s)} has outer spaces`);
          assert.ok(codePoints(s) >= field.schema.minLength && codePoints(s) <= field.schema.maxLength, `${show(s)}: ${codePoints(s)} code points`);
        }
      });

      it('upper-cases to the same number of code points (T3 safety)', () => {
        for (const s of samples) assert.equal(codePoints(s.toUpperCase()), codePoints(s), `${show(s)} → ${show(s.toUpperCase())}`);
        for (const c of ALL_LETTERS) assert.equal(codePoints(c.toUpperCase()), 1, `${c} → ${c.toUpperCase()}`);
        // The property is not vacuous: a letter the pools avoid does change length.
        assert.notEqual(codePoints('ß'.toUpperCase()), codePoints('ß'));
      });

      it('boundary values at maxLength are exactly maxLength code points; the astral one is twice as many UTF-16 units', () => {
        const max = field.schema.maxLength as number;
        assert.equal(max, 100);
        const atMax = boundaryValues(field.schema).filter((c) => c.constraint === 'maxLength' && codePoints(c.value as string) === max);
        assert.equal(atMax.length, 2, show(atMax.map((c) => c.note)));
        const astral = atMax.find((c) => (c.value as string).length !== max)!;
        assert.ok(astral, 'an astral boundary value');
        assert.equal(codePoints(astral.value as string), 100);
        assert.equal((astral.value as string).length, 200);
        const bmp = atMax.find((c) => c !== astral)!;
        assert.equal((bmp.value as string).length, 100);
        assert.equal(codePoints(textOfLength(field.schema, 101)), 101);
      });
    });
  }
});

describe('arbitraries: illustrative cases', () => {
  const contract = CONTRACTS.markid;
  const oracle = oracleFor(contract);
  const token = contract.operations.createToken;
  const spec = (name: string) => token.fields.find((f) => f.name === name)!;

  it('offEnum: CountryCode offers no case variant of an assigned code; Locale offers one', () => {
    const country = offEnum(contract.schemas.CountryCode);
    assert.ok(!country.some((v) => ['LT', 'lt', 'Lt', 'lT'].includes(v)));
    for (const v of country) assert.ok(!contract.schemas.CountryCode.enum.includes(v.toUpperCase()), v);
    assert.ok(offEnum(contract.schemas.Locale).includes('LT'));
  });

  it('sessionLength boundaries are 61 and 3599, breakers 60 and 3600 (T7)', () => {
    const s = spec('sessionLength').schema;
    assert.deepEqual(boundaryValues(s).map((c) => c.value).sort((a: any, b: any) => a - b), [61, 62, 3598, 3599]);
    const bad = invalidValues(s).filter((c) => c.constraint !== 'type').map((c) => c.value);
    assert.ok(bad.includes(60) && bad.includes(3600), show(bad));
  });

  it('dates: impossible calendar dates are format violations (T10)', () => {
    const v = assertOneViolation(contract, token, { ...minimalBody(token), dateOfBirth: '2021-02-30' }, 'dateOfBirth', ['format'], '2021-02-30');
    assert.equal(v.identifier, 'BAD_VALUE');
  });

  it('additionalData needs additionalSteps as companion: bodyWith adds it', () => {
    const example = spec('additionalData').schema.examples[0];
    assert.equal(oracle.judge('createToken', { ...minimalBody(token), additionalData: example }).valid, false);
    const body = bodyWith(contract, token, 'additionalData', example)!;
    assert.ok(body && 'additionalSteps' in body, show(body));
    assertValid(contract, token, body, 'additionalData with companion');
  });

  it('callbackUrl: an http:// URL is refused by the pattern, a bare host by format or pattern', () => {
    assertOneViolation(contract, token, { ...minimalBody(token), callbackUrl: 'http://example.com/hook' }, 'callbackUrl', ['pattern'], 'http');
    assertOneViolation(contract, token, { ...minimalBody(token), callbackUrl: 'example.com/hook' }, 'callbackUrl', ['format', 'pattern'], 'bare');
  });
});
