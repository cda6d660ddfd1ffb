// Robustness (R7): requests whose verdict the documents may leave open, but which no server may
// answer with a 5xx. Only the no-server-error check applies, so these can never call a
// conformant server wrong, whatever it decides to accept. Every class goes to every field it
// applies to: text payloads to each string (and list-of-string) field, numeric payloads to each
// number field, written as raw JSON so that 400-digit numbers and -0 reach the server unchanged.
import type { FieldSpec, Operation } from '../contract/load.ts';
import { minimalBody, type Body } from '../arbitraries/requests.ts';
import { sampleValid, typeOf } from '../arbitraries/values.ts';
import type { RunContext } from '../engine/context.ts';
import { requestCase, type Case } from './model.ts';
import { RULE } from '../contract/rulings.ts';

/** Deeply nested JSON objects: parsers and echo code must cope (or refuse) without crashing. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { type: 'UPLOAD' };
  for (let i = 0; i < depth; i++) value = { ALL: value };
  return value;
}

/** Text payloads, each a class a careful build may still mishandle. */
export const TEXT_PAYLOADS: [string, string][] = [
  ['a lone surrogate', 'a\ud800b'],
  ['letters outside the BMP', '𠀀𠀁𝒜'],
  ['control characters', 'a\u0000b\u0007c\u001bd\nе'],
];

/** Numbers written as raw JSON: beyond double precision, beyond 64 bits, negative zero. */
export const NUMBER_PAYLOADS: [string, string][] = [
  ['1e308', '1e308'],
  ['a 400-digit number', '9'.repeat(400)],
  ['-0', '-0'],
];

/** A text carrying the payload inside a plausible value of the field (a URL stays URL-shaped). */
function textWith(field: FieldSpec, payload: string): string {
  const sample = sampleValid(field.schema.type === 'array' ? (field.schema.items ?? {}) : field.schema);
  const base = typeof sample === 'string' ? sample : 'Ab';
  return field.schema['x-ivs-text'] === 'url' ? `${base}/${payload}` : `${base.slice(0, 2)}${payload}`;
}

const isText = (f: FieldSpec) => typeOf(f.schema) === 'string';
const isTextList = (f: FieldSpec) => typeOf(f.schema) === 'array' && typeOf(f.schema.items ?? {}) === 'string';
const isNumber = (f: FieldSpec) => ['integer', 'number'].includes(typeOf(f.schema));

export interface RobustnessOptions {
  /** Values that must come from earlier calls (a real scanRef), or a reason they cannot be had. */
  fixed?: (ctx: RunContext) => Promise<Body | string>;
}

function base(suite: string, op: Operation, name: string, field?: string) {
  return {
    suite,
    name: `${suite} › ${op.operationId} › ${name}`,
    check: 'no-server-error',
    endpoint: op.endpoint,
    field,
    constraint: 'robustness',
    rule: RULE.noServerError,
    // Only R7 is asserted: the expectation below is never consulted by that check.
    expect: { kind: 'reject' as const, rule: RULE.noServerError, reason: 'no verdict asserted' },
    checks: ['no-server-error'],
  };
}

/** Each text payload in each text field, each numeric payload in each number field. */
export function fieldRobustnessCases(suite: string, op: Operation, options: RobustnessOptions = {}): Case[] {
  const cases: Case[] = [];
  const bodyFor = async (ctx: RunContext): Promise<Body | string> => {
    const fixed = options.fixed ? await options.fixed(ctx) : {};
    return typeof fixed === 'string' ? fixed : minimalBody(op, fixed);
  };
  for (const field of op.fields) {
    if (isText(field) || isTextList(field)) {
      for (const [name, payload] of TEXT_PAYLOADS) {
        const value = isText(field) ? textWith(field, payload) : [textWith(field, payload)];
        cases.push(
          requestCase({
            ...base(suite, op, `${field.name} with ${name}`, field.name),
            probe: async (ctx) => {
              const body = await bodyFor(ctx);
              return typeof body === 'string' ? body : { op, body: { ...body, [field.name]: value } };
            },
          }),
        );
      }
    }
    if (isNumber(field)) {
      for (const [name, literal] of NUMBER_PAYLOADS) {
        cases.push(
          requestCase({
            ...base(suite, op, `${field.name} as ${name}`, field.name),
            probe: async (ctx) => {
              const body = await bodyFor(ctx);
              if (typeof body === 'string') return body;
              const { [field.name]: _dropped, ...rest } = body;
              const head = JSON.stringify(rest).slice(1, -1);
              return { op, rawBody: `{${head}${head ? ',' : ''}"${field.name}":${literal}}` };
            },
          }),
        );
      }
    }
  }
  return cases;
}

/** Field values of debatable validity, each paired with why it is worth sending. */
function jsonProbes(op: Operation): [string, Record<string, unknown>][] {
  const body = minimalBody(op);
  const names = op.fields.filter((f) => f.normalize).map((f) => f.name);
  const objects = op.fields.filter((f) => f.schema.type === 'object').map((f) => f.name);
  const probes: [string, Record<string, unknown>][] = [];
  for (const name of names) probes.push([`${name} with an emoji`, { ...body, [name]: 'Ann😀' }]);
  for (const name of objects) probes.push([`${name} nested 50 levels deep`, { ...body, [name]: nested(50) }]);
  return probes;
}

/** Raw bodies of debatable JSON: duplicate keys, exponents, a byte-order mark, 1 MB. */
function rawProbes(op: Operation): [string, string][] {
  const body = JSON.stringify(minimalBody(op)).slice(1, -1);
  const integer = op.fields.find((f) => f.schema.type === 'integer')?.name;
  const probes: [string, string][] = [
    ['a duplicated key', `{${body},${body}}`],
    ['a byte-order mark before the JSON', `\ufeff{${body}}`],
    ['a 1 MB string', `{${body},"ivsPadding":"${'x'.repeat(1_000_000)}"}`],
  ];
  if (integer) probes.push([`${integer} written with an exponent`, `{${body},"${integer}":6e2}`]);
  return probes;
}

export function robustnessCases(suite: string, operations: Operation[]): Case[] {
  return operations.flatMap((op) => [
    ...jsonProbes(op).map(([name, body]) => requestCase({ ...base(suite, op, name), probe: { op, body } })),
    ...rawProbes(op).map(([name, rawBody]) => requestCase({ ...base(suite, op, name), probe: { op, rawBody } })),
  ]);
}
