// Checks on what an accepted token response says: echo of sent fields (S1) with normalisation
// (T3), defaults for omitted fields (S1 + each field's rule, R9 for null), the digit string
// (T17), fresh identifiers (T20) and the dummy message (T21). Which fields and values apply is
// read from the contract (x-ivs-echo, x-ivs-normalize, default, x-ivs-null-unless, x-ivs-unique, x-ivs-dummy).
import { isDeepStrictEqual } from 'node:util';
import type { Contract, FieldSpec } from '../contract/load.ts';
import type { Finding } from '../findings/finding.ts';
import { guardOn } from './guards.ts';
import { isSuccess, type Check, type CheckInput } from './types.ts';

function acceptedBody(input: CheckInput): Record<string, unknown> | undefined {
  const { answer, expectation } = input;
  if (expectation.kind !== 'accept' || !isSuccess(answer) || !input.op.responseSchema) return undefined;
  return answer.json && typeof answer.json === 'object' && !Array.isArray(answer.json) ? (answer.json as Record<string, unknown>) : undefined;
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

export function normalised(field: FieldSpec, value: unknown): unknown {
  return field.normalize === 'uppercase' && typeof value === 'string' ? value.toUpperCase() : value;
}

/**
 * Guard absent-as-null (R11): in a response, a key that is absent is judged exactly as null.
 * Returns the value a key is judged as.
 */
export function judgedValue(contract: Contract, response: Record<string, unknown>, key: string): unknown {
  const value = response[key];
  return value === undefined && contract.absentAsNull && guardOn('absent-as-null') ? null : value;
}

/**
 * Guard echo-variants (a profile's x-ivs-echo-may-normalize / x-ivs-echo-fallback): the other
 * echoes of a sent value that conform, e.g. iDenfy upper-cases nationality and answers an
 * unsupported locale with English.
 */
export function echoVariants(field: FieldSpec, sent: unknown): unknown[] {
  if (!guardOn('echo-variants')) return [];
  const variants: unknown[] = [...field.echoVariants.fallback];
  if (field.echoVariants.normalize === 'uppercase' && typeof sent === 'string') variants.push(sent.toUpperCase());
  return variants;
}

/**
 * Guard configured-default (T9, x-ivs-default-configured): an omitted field may come back with the
 * environment's configured value, i.e. any value valid against the field's own schema.
 */
export function isConfiguredDefault(input: CheckInput, field: FieldSpec, actual: unknown): boolean {
  if (!field.default?.configured || !guardOn('configured-default') || actual === undefined || actual === null) return false;
  return input.oracle.validate(field.schema, actual).length === 0;
}

/** A default list of unique items (a set of document types) has no meaningful order. */
function sameDefault(field: FieldSpec, expected: unknown, actual: unknown): boolean {
  if (field.schema.uniqueItems && Array.isArray(expected) && Array.isArray(actual)) {
    return isDeepStrictEqual([...expected].map(String).sort(), [...actual].map(String).sort());
  }
  return isDeepStrictEqual(expected, actual);
}

/** S1/T3: each sent field comes back exactly as sent, names upper-cased. */
export const echoesSentFields: Check = (input) => {
  const response = acceptedBody(input);
  if (!response || !input.body) return [];
  const findings: Finding[] = [];
  for (const field of input.op.fields) {
    const sent = input.body[field.name];
    if (!field.echo || sent === undefined || sent === null) continue;
    const expected = normalised(field, sent);
    if (isDeepStrictEqual(response[field.name], expected)) continue;
    if (echoVariants(field, sent).some((variant) => isDeepStrictEqual(response[field.name], variant))) continue;
    const normalising = field.normalize !== undefined;
    // S1: a sent field is in the response; T3: it is echoed exactly (names upper-cased).
    const missingKey = !(field.name in response);
    findings.push({
      category: 'response-schema',
      check: 'echoes-sent-fields',
      rule: missingKey && !normalising ? 'S1' : 'T3',
      field: field.name,
      constraint: normalising ? `normalize-${field.normalize}` : 'echo',
      expected: `${field.name} = ${show(expected)}${normalising ? ` (sent ${show(sent)}, ${field.normalize})` : ' (as sent)'}`,
      actual: `${field.name} = ${show(response[field.name])}`,
    });
  }
  return findings;
};

/** S1 + the field's rule: an optional field omitted, or sent as null (R9), comes back with its default. */
export const appliesDefaults: Check = (input) => {
  const response = acceptedBody(input);
  if (!response || !input.body) return [];
  const findings: Finding[] = [];
  for (const field of input.op.fields) {
    if (!field.default) continue;
    const sent = input.body[field.name];
    if (sent !== undefined && sent !== null) continue;
    const unless = field.default.unless ?? {};
    if (Object.keys(unless).length && Object.entries(unless).every(([key, value]) => isDeepStrictEqual(input.body![key], value))) continue;
    const allowed = [field.default.value, ...field.default.alternatives, ...(field.default.mayBeAbsent ? [undefined] : [])];
    const actual = judgedValue(input.contract, response, field.name);
    if (allowed.some((value) => sameDefault(field, value, actual))) continue;
    if (isConfiguredDefault(input, field, actual)) continue;
    const sentNull = sent === null;
    findings.push({
      category: 'defaults',
      check: 'applies-defaults',
      rule: sentNull ? 'R9' : field.default.rule,
      field: field.name,
      constraint: sentNull ? 'null-means-omitted' : 'default',
      documented: sentNull ? false : undefined,
      expected: `${field.name} = ${allowed.map(show).join(' or ')} (${sentNull ? 'sent as null' : 'omitted'})`,
      actual: `${field.name} = ${show(response[field.name])}`,
    });
  }
  return findings;
};

/** T17: digitString is exactly 8 decimal digits when requested, null otherwise. */
export const digitStringRule: Check = (input) => {
  const response = acceptedBody(input);
  if (!response || !input.body) return [];
  const findings: Finding[] = [];
  for (const [name, schema] of Object.entries<any>(input.op.responseSchema?.properties ?? {})) {
    const trigger = schema['x-ivs-null-unless'];
    if (!trigger) continue;
    const requested = input.body[trigger] === true;
    const value = judgedValue(input.contract, response, name);
    const ok = requested ? typeof value === 'string' && new RegExp(schema.pattern, 'u').test(value) : value === null;
    if (ok) continue;
    findings.push({
      category: requested ? 'response-schema' : 'defaults',
      check: 'digit-string',
      rule: schema['x-ivs-rule'],
      field: name,
      constraint: requested ? 'pattern' : 'null-unless-requested',
      expected: requested ? `${name} matching ${schema.pattern} (${trigger} true)` : `${name} = null (${trigger} not true)`,
      actual: `${name} = ${show(value)}`,
    });
  }
  return findings;
};

/** T20: identifiers marked x-ivs-unique are new on every successful call. */
export const freshIdentifiers: Check = (input) => {
  const response = acceptedBody(input);
  if (!response) return [];
  const findings: Finding[] = [];
  const seenSets: Record<string, Set<string>> = { authToken: input.issued.authTokens, scanRef: input.issued.scanRefs };
  for (const [name, schema] of Object.entries<any>(input.op.responseSchema?.properties ?? {})) {
    const value = response[name];
    if (!schema['x-ivs-unique'] || typeof value !== 'string') continue;
    const seen = (seenSets[name] ??= new Set());
    if (seen.has(value)) {
      findings.push({
        category: 'response-schema',
        check: 'fresh-identifiers',
        rule: schema['x-ivs-rule'],
        field: name,
        constraint: 'unique',
        expected: `a new ${name} on every successful call`,
        actual: `${name} ${JSON.stringify(value)} was already returned earlier in this run`,
      });
    }
    seen.add(value);
  }
  return findings;
};

/** T21: a dummy call answers with the documented message. */
export const dummyMessage: Check = (input) => {
  const response = acceptedBody(input);
  const dummy = input.op.dummy;
  if (!response || !dummy || !input.body || input.body[dummy.field] == null) return [];
  if (response.message === dummy.message) return [];
  return [
    {
      category: 'response-schema',
      check: 'dummy-message',
      rule: dummy.rule,
      field: 'message',
      constraint: 'const',
      expected: `message = ${JSON.stringify(dummy.message)}`,
      actual: `message = ${show(response.message)}`,
    },
  ];
};
