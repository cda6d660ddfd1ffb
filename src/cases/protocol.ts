// The protocol around bodies (R3): a body that is not JSON, or JSON that is not an object, is
// JSON_ERROR; a method other than POST on a documented path is METHOD_NOT_ALLOWED.
import type { Contract, Operation } from '../contract/load.ts';
import { identifierFor } from '../contract/load.ts';
import { FIELD } from '../contract/fields.ts';
import { minimalBody } from '../arbitraries/requests.ts';
import { exchange } from '../engine/exchange.ts';
import type { Finding } from '../findings/finding.ts';
import { requestCase, type Case } from './model.ts';
import { RULE } from '../contract/rulings.ts';

/** Bodies that are not a JSON object, each with why. */
export const NOT_A_JSON_OBJECT: [string, string][] = [
  ['unterminated object', '{'],
  ['truncated value', `{"${FIELD.clientRef}": `],
  ['trailing garbage', `{"${FIELD.clientRef}": "a"} x`],
  ['single quotes', `{'${FIELD.clientRef}': 'a'}`],
  ['empty body', ''],
  ['JSON null', 'null'],
  ['JSON array', '[]'],
  ['JSON string', '"text"'],
  ['JSON number', '42'],
  ['JSON boolean', 'true'],
];

export const WRONG_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'];

function needsEarlierValues(op: Operation): boolean {
  return op.fields.some((f) => f.required && f.schema['x-ivs-source']);
}

/**
 * An empty body is not JSON (JSON_ERROR), but common frameworks read it as `{}`, which misses the
 * required fields (MISSING_VALUE): it breaks two rules whose order is not documented (R8).
 */
function identifiersFor(contract: Contract, op: Operation, rawBody: string): string | string[] {
  const json = identifierFor(contract, 'json');
  return rawBody === '' && op.fields.some((f) => f.required) ? [json, identifierFor(contract, 'required')] : json;
}

export function malformedBodyCases(suite: string, contract: Contract, operations: Operation[]): Case[] {
  return operations.flatMap((op) =>
    NOT_A_JSON_OBJECT.map(([name, rawBody]) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${name}`,
        check: 'rejects-invalid',
        field: 'body',
        constraint: 'json',
        rule: contract.violations.rule,
        expect: { kind: 'reject', identifier: identifiersFor(contract, op, rawBody), rule: contract.violations.rule, reason: `the body is not a JSON object (${name})` },
        probe: { op, rawBody },
      }),
    ),
  );
}

/**
 * HEAD: the answer has no body, so only its status can be judged: one of those R2 allows for
 * METHOD_NOT_ALLOWED (never a success, never a 5xx).
 */
function headCase(suite: string, contract: Contract, op: Operation): Case {
  const identifier = identifierFor(contract, 'method');
  const allowed = contract.errors[identifier]?.statuses ?? [405];
  const rule = contract.violations.rule;
  return {
    suite,
    name: `${suite} › ${op.operationId} › HEAD`,
    check: 'rejects-invalid',
    endpoint: op.endpoint,
    constraint: 'method',
    rule,
    async run(ctx) {
      // An optional endpoint the target does not implement (404 to a valid read) is judged nowhere.
      const unavailable = await ctx.endpointUnavailable?.(op);
      if (unavailable) return { observations: [], inconclusive: unavailable };
      const ex = await exchange(ctx, { op, method: 'HEAD' });
      if (!ex.answer) return { observations: [], inconclusive: ex.transient };
      const status = ex.answer.status;
      if (allowed.includes(status)) return { observations: [] };
      const finding: Finding =
        status >= 500
          ? { category: 'server-error', check: 'no-server-error', rule: RULE.noServerError, constraint: 'method', expected: 'no 5xx', actual: `HTTP ${status}` }
          : status < 400
            ? { category: 'validation', check: 'rejects-invalid', rule, constraint: 'method', expected: `rejected with ${identifier}: HEAD on a POST-only path`, actual: `accepted: HTTP ${status}` }
            : { category: 'status-code', check: 'error-status', rule: contract.errors[identifier]?.rule ?? RULE.errorStatus, constraint: 'method', expected: `HTTP ${allowed.join(' or ')} (${identifier})`, actual: `HTTP ${status}` };
      return { observations: [{ finding, exchange: ex }] };
    },
  };
}

export function wrongMethodCases(suite: string, contract: Contract, operations: Operation[]): Case[] {
  const identifier = identifierFor(contract, 'method');
  return operations.flatMap((op) =>
    WRONG_METHODS.map((method) =>
      method === 'HEAD' ? headCase(suite, contract, op) : requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${method}`,
        check: 'rejects-invalid',
        constraint: 'method',
        rule: contract.violations.rule,
        expect: { kind: 'reject', identifier, rule: contract.violations.rule, reason: `${method} on a POST-only path` },
        // GET, DELETE, OPTIONS and TRACE carry no body; PUT and PATCH the minimal valid one, so only the method is
        // wrong — or none, where a valid body needs values from earlier calls (x-ivs-source).
        probe: ['GET', 'DELETE', 'OPTIONS', 'TRACE'].includes(method) || needsEarlierValues(op) ? { op, method } : { op, method, body: minimalBody(op) },
      }),
    ),
  );
}

/**
 * JSON that is not JSON (RFC 8259), each a leniency of some parser (JSON5, comments, relaxed
 * escapes): the body is not JSON, so JSON_ERROR (R3), whatever the fields say.
 */
export function nonStandardJson(body: string): [string, string][] {
  const inner = body.slice(1, -1);
  return [
    ['a block comment', `{/* note */${inner}}`],
    ['a line comment', `{${inner}// note\n}`],
    ['a trailing comma', `{${inner},}`],
    ['an unquoted key', `{${inner},ivsExtra:1}`],
    ['a single-quoted value', `{${inner},"ivsExtra":'x'}`],
    ['an invalid escape', `{${inner},"ivsExtra":"\\x41"}`.replace('\\\\x', '\\x')],
    ['a raw tab inside a string', `{${inner},"ivsExtra":"a\tb"}`],
    ['NaN as a value', `{${inner},"ivsExtra":NaN}`],
  ];
}

export function nonStandardJsonCases(suite: string, contract: Contract, operations: Operation[]): Case[] {
  const identifier = identifierFor(contract, 'json');
  const rule = contract.violations.rule;
  return operations.flatMap((op) => [
    ...nonStandardJson(JSON.stringify(minimalBody(op))).map(([name, rawBody]) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › not JSON: ${name}`,
        check: 'rejects-invalid',
        field: 'body',
        constraint: 'json',
        rule,
        expect: { kind: 'reject', identifier, rule, reason: `the body is not JSON (${name})` },
        probe: { op, rawBody },
      }),
    ),
    ...invalidUtf8Cases(suite, contract, op),
  ]);
}

/**
 * Byte sequences that are not UTF-8 (RFC 3629), each a real encoder's slip: a stray continuation
 * byte, a sequence cut short, an overlong form, a byte UTF-8 never uses, a surrogate encoded
 * (CESU-8) and Latin-1 text sent as is.
 */
export const INVALID_UTF8: [string, number[]][] = [
  ['a stray continuation byte', [0x80]],
  ['a two-byte sequence cut short', [0xc3]],
  ['an overlong slash', [0xc0, 0xaf]],
  ['the byte 0xFF', [0xff]],
  ['a surrogate encoded (CESU-8)', [0xed, 0xa0, 0x80]],
  ['Latin-1 e-acute', [0xe9]],
];

/**
 * A valid body whose one unknown string value (R5) carries bytes that are not UTF-8. RFC 8259 asks
 * for UTF-8, so it is not JSON (JSON_ERROR, R3), and the vendor lists ENCODING_ERROR for it; a
 * server decoding leniently (U+FFFD) and accepting it is not ruled out by the documents. Open:
 * accepted, or refused with either identifier, and never a 5xx (R7).
 */
export function invalidUtf8Cases(suite: string, contract: Contract, op: Operation): Case[] {
  const rule = contract.violations.rule;
  const refusals = [identifierFor(contract, 'json'), ...('ENCODING_ERROR' in contract.errors ? ['ENCODING_ERROR'] : [])];
  const inner = JSON.stringify(minimalBody(op)).slice(1, -1);
  return INVALID_UTF8.map(([name, bad]) => {
    const [before, after] = [`{${inner}${inner ? ',' : ''}"ivsExtra":"a`, 'b"}'];
    const bytes = Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bad), Buffer.from(after, 'utf8')]);
    return requestCase({
      suite,
      name: `${suite} › ${op.operationId} › not UTF-8: ${name}`,
      check: 'rejects-invalid',
      field: 'body',
      constraint: 'encoding',
      rule,
      expect: { kind: 'open', rule, refusals, reason: `the body is not UTF-8 (${name}): accepted, or refused with ${refusals.join(' or ')}` },
      // Reports show the bytes as U+FFFD; the replay (--seed) sends them exactly.
      probe: { op, rawBody: `${before}\ufffd${after}`, bytes },
    });
  });
}

/** Media types that name JSON (parameters and case are allowed by RFC 9110): a valid body with them is accepted. */
export const JSON_MEDIA_TYPES = ['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset=UTF-8'];

/** Content-Type headers that do not name JSON, or none: the documents give no verdict (never a 5xx). */
export const OTHER_MEDIA_TYPES: [string, string | null][] = [
  ['no Content-Type', null],
  ['an empty Content-Type', ''],
  ['text/plain', 'text/plain'],
  ['a form media type', 'application/x-www-form-urlencoded'],
  ['JSON with another charset', 'application/json; charset=iso-8859-1'],
];

/**
 * A header sent twice (RFC 9110 §5.3: neither Content-Type nor Authorization is a list, so the
 * documents give no verdict): never a 5xx. null repeats the value already sent.
 */
export const DUPLICATE_HEADERS: [string, Record<string, string | null>][] = [
  ['Content-Type twice', { 'content-type': null }],
  ['Content-Type twice, the second text/plain', { 'content-type': 'text/plain' }],
  ['Authorization twice', { authorization: null }],
  // An unknown key (no secret of the run in it): which line a server reads is not documented.
  ['Authorization twice, the second an unknown key', { authorization: `Basic ${Buffer.from('ivs-conformance-unknown-key:x').toString('base64')}` }],
];

/** A valid token body under each media type: accepted when it names JSON, never a 5xx otherwise. */
export function mediaTypeCases(suite: string, contract: Contract, op: Operation): Case[] {
  const body = minimalBody(op);
  return [
    ...JSON_MEDIA_TYPES.map((type) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › Content-Type ${type}`,
        check: 'accepts-valid',
        field: 'content-type',
        constraint: 'media-type',
        rule: contract.violations.rule,
        expect: { kind: 'accept', rule: contract.violations.rule, documented: false },
        probe: { op, body, headers: { 'content-type': type } },
      }),
    ),
    ...DUPLICATE_HEADERS.map(([name, repeatHeaders]) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${name}`,
        check: 'no-server-error',
        field: 'headers',
        constraint: 'robustness',
        rule: RULE.noServerError,
        expect: { kind: 'reject', rule: RULE.noServerError, reason: 'no verdict asserted' },
        checks: ['no-server-error'],
        probe: { op, body, repeatHeaders },
      }),
    ),
    ...OTHER_MEDIA_TYPES.map(([name, type]) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${name}`,
        check: 'no-server-error',
        field: 'content-type',
        constraint: 'robustness',
        rule: RULE.noServerError,
        expect: { kind: 'reject', rule: RULE.noServerError, reason: 'no verdict asserted' },
        checks: ['no-server-error'],
        probe: { op, body, headers: { 'content-type': type } },
      }),
    ),
  ];
}
