// Cases about accepted requests: random valid bodies, defaults for each omitted (or null) field,
// every documented enum value accepted at least once, characters and scripts names must accept,
// exact echo of free text, and the seeds' own examples. Driven by the contract's fields.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, type Contract, type FieldSpec, type Operation } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { bodyWith, isFreelyGenerated, minimalBody, validBodyArbitrary, type Body } from '../arbitraries/requests.ts';
import { LETTERS_BY_SCRIPT, matchesPattern } from '../arbitraries/characters.ts';
import { sampleValid, typeOf } from '../arbitraries/values.ts';
import { propertyCase, requestCase, type Case } from './model.ts';
import { fullCodeListCases } from './code-lists.ts';
import { RULE } from '../contract/rulings.ts';

export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');

/** Random valid bodies must be accepted and answered as documented (echo, defaults, shape). */
export function validBodyProperty(suite: string, op: Operation, runs: (runs: number) => number): Case {
  return propertyCase({
    suite,
    name: `${suite} › ${op.operationId} › random valid bodies`,
    check: 'accepts-valid',
    op,
    rule: RULE.echoAndDefaults,
    runs,
    arbitrary: (ctx) => validBodyArbitrary(ctx.contract, op),
  });
}

/**
 * A valid body with as many freely generated optional fields as can be set together (cross-field
 * rules decide, through the oracle), each with a valid sample; `omit` is left out.
 */
export function fullBody(contract: Contract, op: Operation, omit?: string): Body {
  const oracle = oracleFor(contract);
  const body = minimalBody(op);
  for (const field of op.fields) {
    if (field.required || field.name === omit || !isFreelyGenerated(field)) continue;
    const candidate = { ...body, [field.name]: sampleValid(field.schema) };
    const verdict = oracle.judge(op.operationId, candidate);
    if (verdict.valid && !verdict.neverSend) Object.assign(body, candidate);
  }
  return body;
}

/**
 * Defaults (S1, R9): the minimal body (everything omitted); then, for each field with a default,
 * a full body without it, and a full body with it as null. Omitting one field at a time keeps a
 * server from passing by defaulting only when the body is empty.
 */
export function defaultsCases(suite: string, contract: Contract, op: Operation): Case[] {
  const cases: Case[] = [
    requestCase({ suite, name: `${suite} › ${op.operationId} › all optional fields omitted`, check: 'applies-defaults', rule: RULE.echoAndDefaults, probe: { op, body: minimalBody(op) } }),
  ];
  for (const field of op.fields.filter((f) => f.default && isFreelyGenerated(f))) {
    const without = fullBody(contract, op, field.name);
    cases.push(
      requestCase({ suite, name: `${suite} › ${op.operationId} › ${field.name} omitted`, check: 'applies-defaults', field: field.name, constraint: 'default', rule: field.default!.rule, probe: { op, body: without }, checks: ['applies-defaults', 'accepts-valid', 'no-server-error'] }),
      requestCase({ suite, name: `${suite} › ${op.operationId} › ${field.name} null`, check: 'applies-defaults', field: field.name, constraint: 'null-means-omitted', rule: RULE.nullMeansOmitted, probe: { op, body: { ...without, [field.name]: null } }, checks: ['applies-defaults', 'accepts-valid', 'no-server-error'] }),
    );
  }
  return cases;
}

/**
 * Every value of every documented enum accepted at least once (x-ivs-coverage: sample → a
 * spread). `values` overrides the values to cover (e.g. both booleans of a setting).
 */
export function enumCoverageCases(suite: string, op: Operation, fixed: Body = {}, include: (f: FieldSpec) => boolean = isFreelyGenerated, values?: unknown[]): Case[] {
  const cases: Case[] = [];
  for (const field of op.fields.filter(include)) {
    // A value the contract accepts only because a ruling adds it (x-ivs-ruled-values) is that ruling's.
    const ruled: Record<string, string> = (typeOf(field.schema) === 'array' ? field.schema.items : field.schema)?.['x-ivs-ruled-values'] ?? {};
    for (const value of values ?? enumValuesOf(field)) {
      const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
      cases.push(
        requestCase({
          suite,
          name: `${suite} › ${op.operationId} › ${field.name} = ${JSON.stringify(value)}`,
          check: 'accepts-valid',
          field: field.name,
          constraint: 'enum-coverage',
          rule: (typeof single === 'string' && ruled[single]) || field.rule,
          endpoint: op.endpoint,
          probe: async (ctx) => {
            const body = bodyWith(ctx.contract, op, field.name, value, fixed);
            return body ? { op, body } : 'no valid request can carry this value';
          },
        }),
      );
    }
  }
  // A sampled code list (country codes) is also covered whole, packed (code-lists.ts).
  if (!values) cases.push(...fullCodeListCases(suite, op, fixed, include));
  return cases;
}

/** The values one field must accept: each enum value (wrapped in a list for list fields). */
function enumValuesOf(field: FieldSpec): unknown[] {
  const schema = field.schema;
  const isList = typeOf(schema) === 'array';
  const enumSchema = isList ? schema.items : schema;
  if (!enumSchema?.enum) return !isList && Array.isArray(schema.examples) && typeOf(schema) !== 'object' ? schema.examples : [];
  let values: unknown[] = enumSchema.enum.filter((v: unknown) => v !== null);
  if (enumSchema['x-ivs-coverage'] === 'sample') {
    // Large open lists (country codes): a spread of values in both cases (T8), not all of them.
    const step = Math.max(1, Math.floor(values.length / 8));
    values = values.filter((_, i) => i % step === 0).slice(0, 8);
  }
  return isList ? values.map((v) => [v]) : values;
}

/** The contract's valid combinations (x-ivs-valid-examples), each sent as it is. */
export function validExampleCases(suite: string, op: Operation): Case[] {
  return op.validExamples.map((example, i) =>
    requestCase({
      suite,
      name: `${suite} › ${op.operationId} › valid combination ${i + 1} ${JSON.stringify(Object.keys(example.body))}`,
      check: 'accepts-valid',
      constraint: 'valid-combination',
      rule: example.rule,
      probe: { op, body: { ...minimalBody(op), ...example.body } },
    }),
  );
}

/** R9 for optional fields without a default: sent as null, the request is accepted as if omitted. */
export function nullCases(suite: string, op: Operation, include: (f: FieldSpec) => boolean): Case[] {
  return op.fields
    .filter((f) => !f.required && !f.default && include(f))
    .map((field) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${field.name} null`,
        check: 'accepts-valid',
        field: field.name,
        constraint: 'null-means-omitted',
        rule: RULE.nullMeansOmitted,
        probe: { op, body: { ...minimalBody(op), [field.name]: null } },
      }),
    );
}

/** Names must accept letters of every script and the allowed punctuation inside (T2). */
export function characterCoverageCases(suite: string, op: Operation): Case[] {
  const cases: Case[] = [];
  for (const field of op.fields.filter((f) => f.schema['x-ivs-allowed-characters'] !== undefined)) {
    const samples: [string, string][] = [];
    for (const [script, letters] of Object.entries(LETTERS_BY_SCRIPT)) samples.push([`${script} letters`, letters.slice(0, 4).join('')]);
    for (const c of field.schema['x-ivs-allowed-characters'] as string) samples.push([`allowed character ${JSON.stringify(c)}`, `Ann${c}Marie`]);
    for (const [note, value] of samples.filter(([, v]) => matchesPattern(field.schema.pattern, v))) {
      cases.push(
        requestCase({
          suite,
          name: `${suite} › ${op.operationId} › ${field.name} with ${note}`,
          check: 'accepts-valid',
          field: field.name,
          constraint: 'pattern-allowed',
          rule: field.rule,
          probe: { op, body: { ...minimalBody(op), [field.name]: value } },
        }),
      );
    }
  }
  return cases;
}

/** Free text is echoed exactly as sent (T3: only names are normalised), spaces at the ends included. */
export function exactEchoCases(suite: string, op: Operation): Case[] {
  return op.fields
    .filter((f) => f.echo && !f.normalize && isFreelyGenerated(f) && typeOf(f.schema) === 'string' && !f.schema.enum && !f.schema.format && !f.schema.pattern && f.schema['x-ivs-text'] !== 'url')
    .map((field) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${field.name} echoed exactly`,
        check: 'echoes-sent-fields',
        field: field.name,
        constraint: 'echo',
        rule: RULE.nameNormalisation,
        // Mixed case, letters of two scripts, inner and outer spaces: a server that trims or
        // case-folds shows it. Cut to the field's limit.
        probe: { op, body: { ...minimalBody(op), [field.name]: [...' Ąžuolas  O\'Brien-Smith 12 '].slice(0, field.schema.maxLength ?? 100).join('') } },
      }),
    );
}

export interface Fixture {
  file: string;
  data: any;
}

export function readFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) }));
}

/**
 * The seeds' own example requests for an operation, sent as documented. A callbackUrl in an
 * example points at somebody else's server: it is replaced by the run's receiver, or dropped.
 */
export function exampleCases(suite: string, op: Operation, kind: RegExp): Case[] {
  return readFixtures()
    .filter((f) => kind.test(f.file))
    .map((fixture) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › seed example ${fixture.file}`,
        check: 'accepts-valid',
        rule: RULE.echoAndDefaults,
        endpoint: op.endpoint,
        probe: async (ctx) => {
          const body = { ...fixture.data };
          if ('callbackUrl' in body) {
            if (ctx.webhooks) body.callbackUrl = ctx.webhooks.callbackUrl;
            else delete body.callbackUrl;
          }
          return { op, body };
        },
      }),
    );
}

/**
 * Uniqueness over many answers: for each response field the documents call unique, `count`
 * accepted requests that make it present (its x-ivs-null-unless trigger set to true), so that a
 * repeated value shows (checks unique-values and fresh-identifiers).
 */
export function uniquenessCases(suite: string, op: Operation, count = 3): Case[] {
  const cases: Case[] = [];
  for (const [name, schema] of Object.entries<any>(op.responseSchema?.properties ?? {})) {
    const trigger: string | undefined = schema['x-ivs-null-unless'];
    if (!schema['x-ivs-unique'] || !trigger) continue;
    for (let i = 1; i <= count; i++) {
      cases.push(
        requestCase({
          suite,
          name: `${suite} › ${op.operationId} › ${name} unique across answers (${i}/${count})`,
          check: 'unique-values',
          field: name,
          constraint: 'unique',
          rule: schema['x-ivs-rule'],
          probe: { op, body: { ...minimalBody(op), [trigger]: true } },
        }),
      );
    }
  }
  return cases;
}
