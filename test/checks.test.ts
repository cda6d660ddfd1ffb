// Unit tests of the exchange checks (src/checks) with hand-built answers, judged with the real
// loaded contract and oracle. Every check is shown to stay silent on a conforming answer and to
// report exactly one finding (category, check, rule, field, constraint) on a deviating one.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { loadContract, type Contract } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import {
  CHECKS,
  EXCHANGE_CHECKS,
  runChecks,
  errorEnvelope,
  responseSchema,
  successContentType,
  acceptsValid,
  errorIdentifier,
  errorStatus,
  noServerError,
  rejectsInvalid,
  successStatus,
  appliesDefaults,
  digitStringRule,
  dummyMessage,
  echoesSentFields,
  freshIdentifiers,
} from '../src/checks/index.ts';
import { uniqueValues } from '../src/checks/unique-values.ts';
import type { Answer, Check, CheckInput, Expectation } from '../src/checks/types.ts';
import type { Finding } from '../src/findings/finding.ts';

const markid = await loadContract('markid');
const idenfy = await loadContract('idenfy');

type Body = Record<string, unknown>;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function jsonAnswer(status: number, json: unknown, headers: Record<string, string> = JSON_HEADERS): Answer {
  return { status, headers, text: JSON.stringify(json), json };
}

/** An error answer; `message: null` leaves the message out. */
function errorAnswer(status: number, identifier: string, message: string | null = 'The request is not valid.'): Answer {
  return jsonAnswer(status, message === null ? { identifier } : { identifier, message });
}

const ACCEPT: Expectation = { kind: 'accept', rule: 'T1' };
const rejectWith = (identifier: string | undefined, rule = 'R3'): Expectation => ({ kind: 'reject', identifier, rule, field: 'clientId', constraint: 'required', reason: 'clientId is required' });

let serial = 0;
/** What a faithful server answers to `body` (defaults and echoes read from the contract, S1/T3/T17). */
function faithfulTokenResponse(contract: Contract, body: Body, message = 'Token created successfully'): Body {
  const op = contract.operations.createToken;
  const out: Body = {};
  for (const field of op.fields) {
    if (!field.echo) continue;
    const sent = body[field.name];
    if (sent !== undefined && sent !== null) out[field.name] = field.normalize === 'uppercase' && typeof sent === 'string' ? sent.toUpperCase() : sent;
    else if (field.default) out[field.name] = structuredClone(field.default.value);
  }
  serial++;
  return {
    message,
    authToken: `auth${String(serial).padStart(36, '0')}`,
    scanRef: `scan${String(serial).padStart(28, '0')}`,
    ...out,
    digitString: body.generateDigitString === true ? '12345678' : null,
  };
}

function input(contract: Contract, partial: Partial<CheckInput> & { answer: Answer }): CheckInput {
  return {
    contract,
    oracle: oracleFor(contract),
    op: contract.operations.createToken,
    body: { clientId: 'client-1' },
    expectation: ACCEPT,
    issued: { authTokens: new Set(), scanRefs: new Set() },
    ...partial,
  };
}

/** The identifying part of findings. */
function summary(findings: Finding[]): Pick<Finding, 'category' | 'check' | 'rule' | 'field' | 'constraint'>[] {
  return findings.map(({ category, check, rule, field, constraint }) => ({ category, check, rule, field, constraint }));
}

/** Exactly one finding with these parts (undefined parts must be undefined). */
function expectOne(check: Check, given: CheckInput, expected: { category: string; check: string; rule: string; field?: string; constraint?: string }): Finding {
  const findings = check(given);
  assert.deepEqual(summary(findings), [{ field: undefined, constraint: undefined, ...expected }]);
  assert.ok(findings[0].expected.length > 0 && findings[0].actual.length > 0, 'expected/actual filled');
  return findings[0];
}

function expectNone(check: Check, given: CheckInput): void {
  assert.deepEqual(summary(check(given)), []);
}

describe('checks (src/checks/, registered in registry.ts)', () => {
  const contract = markid;
  const token = contract.operations.createToken;
  const dummy = contract.operations.addDummyStatus;

  // Derived from the registry, not a hand-made list: each check's file is its name
  // (test/completeness.test.ts holds the files, the docs and these tests to the registry).
  it('the registry names each check after its file, once', () => {
    const names = CHECKS.map((c) => c.name);
    assert.deepEqual(Object.keys(EXCHANGE_CHECKS), names);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.ok(existsSync(new URL(`../src/checks/${name}.ts`, import.meta.url)), `src/checks/${name}.ts`);
  });

  it('a faithful token answer passes every check; a faithful refusal too', () => {
    const body = { clientId: 'client-1', firstName: 'Jonas', locale: 'lt', generateDigitString: true };
    assert.deepEqual(summary(runChecks(input(contract, { body, answer: jsonAnswer(201, faithfulTokenResponse(contract, body)) }))), []);
    const refusal = input(contract, { body: {}, expectation: rejectWith('MISSING_VALUE'), answer: errorAnswer(400, 'MISSING_VALUE') });
    assert.deepEqual(summary(runChecks(refusal)), []);
  });

  describe('outcome: no-server-error.ts, accepts-valid.ts, success-status.ts, rejects-invalid.ts, error-identifier.ts, error-status.ts', () => {
    it('noServerError: a 500 is a server-error (R7), a 400 is not', () => {
      expectOne(noServerError, input(contract, { answer: errorAnswer(500, 'INTERNAL_ERROR'), field: 'firstName', constraint: 'pattern' }), {
        category: 'server-error',
        check: 'no-server-error',
        rule: 'R7',
        field: 'firstName',
        constraint: 'pattern',
      });
      expectOne(noServerError, input(contract, { answer: { status: 503, headers: {}, text: 'busy' } }), { category: 'server-error', check: 'no-server-error', rule: 'R7' });
      expectNone(noServerError, input(contract, { answer: errorAnswer(400, 'BAD_VALUE') }));
      expectNone(noServerError, input(contract, { answer: jsonAnswer(201, faithfulTokenResponse(contract, { clientId: 'client-1' })) }));
    });

    it('acceptsValid: a 400 to a valid body is a validation finding (or the override category)', () => {
      const refused = { answer: errorAnswer(400, 'BAD_VALUE'), field: 'firstName', constraint: 'maxLength-boundary' };
      expectOne(acceptsValid, input(contract, refused), { category: 'validation', check: 'accepts-valid', rule: 'T1', field: 'firstName', constraint: 'maxLength-boundary' });
      expectOne(acceptsValid, input(contract, { ...refused, category: 'environment' }), { category: 'environment', check: 'accepts-valid', rule: 'T1', field: 'firstName', constraint: 'maxLength-boundary' });
      expectNone(acceptsValid, input(contract, { answer: jsonAnswer(201, faithfulTokenResponse(contract, { clientId: 'client-1' })) }));
      // A 5xx is noServerError's finding, a refusal expected is rejectsInvalid's business.
      expectNone(acceptsValid, input(contract, { answer: errorAnswer(500, 'INTERNAL_ERROR') }));
      expectNone(acceptsValid, input(contract, { expectation: rejectWith('BAD_VALUE'), answer: errorAnswer(400, 'BAD_VALUE') }));
    });

    it('successStatus: 202 for a token is a status-code finding (R4); 200 and 201 are fine; add-dummy-status wants exactly 200', () => {
      const response = faithfulTokenResponse(contract, { clientId: 'client-1' });
      const f = expectOne(successStatus, input(contract, { answer: jsonAnswer(202, response) }), { category: 'status-code', check: 'success-status', rule: 'R4' });
      assert.match(f.expected, /200 or 201/);
      assert.equal(f.actual, 'HTTP 202');
      expectNone(successStatus, input(contract, { answer: jsonAnswer(201, response) }));
      expectNone(successStatus, input(contract, { answer: jsonAnswer(200, response) }));
      const dummyBody = { scanRef: 'scan-1', manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_VALIDATED' };
      const f2 = expectOne(successStatus, input(contract, { op: dummy, body: dummyBody, answer: { status: 201, headers: {}, text: '' } }), { category: 'status-code', check: 'success-status', rule: 'R4' });
      assert.equal(f2.documented, true);
      expectNone(successStatus, input(contract, { op: dummy, body: dummyBody, answer: { status: 200, headers: {}, text: '' } }));
    });

    it('rejectsInvalid: a 201 to an invalid body is a validation finding (or the override category)', () => {
      const accepted = { expectation: rejectWith('BAD_VALUE', 'T2'), answer: jsonAnswer(201, faithfulTokenResponse(contract, { clientId: 'client-1' })), field: 'lastName', constraint: 'pattern' };
      const f = expectOne(rejectsInvalid, input(contract, accepted), { category: 'validation', check: 'rejects-invalid', rule: 'T2', field: 'lastName', constraint: 'pattern' });
      assert.match(f.expected, /BAD_VALUE/);
      expectOne(rejectsInvalid, input(contract, { ...accepted, category: 'auth' }), { category: 'auth', check: 'rejects-invalid', rule: 'T2', field: 'lastName', constraint: 'pattern' });
      expectNone(rejectsInvalid, input(contract, { ...accepted, answer: errorAnswer(400, 'BAD_VALUE') }));
      expectNone(rejectsInvalid, input(contract, { ...accepted, expectation: ACCEPT }));
    });

    it('errorIdentifier: BAD_VALUE where MISSING_VALUE is expected (R3), category error-identifier or the override', () => {
      const wrong = { expectation: rejectWith('MISSING_VALUE'), answer: errorAnswer(400, 'BAD_VALUE'), field: 'clientId', constraint: 'required' };
      const f = expectOne(errorIdentifier, input(contract, wrong), { category: 'error-identifier', check: 'error-identifier', rule: contract.violations.rule, field: 'clientId', constraint: 'required' });
      assert.equal(f.rule, 'R3');
      assert.match(f.expected, /MISSING_VALUE/);
      assert.match(f.actual, /BAD_VALUE/);
      expectOne(errorIdentifier, input(contract, { ...wrong, category: 'environment' }), { category: 'environment', check: 'error-identifier', rule: 'R3', field: 'clientId', constraint: 'required' });
      // No identifier at all is as wrong as another one.
      expectOne(errorIdentifier, input(contract, { ...wrong, answer: { status: 400, headers: {}, text: 'Bad Request' } }), { category: 'error-identifier', check: 'error-identifier', rule: 'R3', field: 'clientId', constraint: 'required' });
      expectNone(errorIdentifier, input(contract, { ...wrong, answer: errorAnswer(400, 'MISSING_VALUE') }));
      // Violations disagreeing on an identifier (R8): nothing to assert.
      expectNone(errorIdentifier, input(contract, { ...wrong, expectation: rejectWith(undefined) }));
    });

    it('errorStatus: BAD_VALUE with 422 or 403 is a status-code finding (R2); 400 is fine', () => {
      for (const status of [422, 403]) {
        const f = expectOne(errorStatus, input(contract, { expectation: rejectWith('BAD_VALUE'), answer: errorAnswer(status, 'BAD_VALUE'), field: 'sex', constraint: 'enum' }), {
          category: 'status-code',
          check: 'error-status',
          rule: 'R2',
          field: 'sex',
          constraint: 'enum',
        });
        assert.equal(f.actual, `HTTP ${status}`);
      }
      expectNone(errorStatus, input(contract, { expectation: rejectWith('BAD_VALUE'), answer: errorAnswer(400, 'BAD_VALUE') }));
    });

    it('errorStatus: UNAUTHORIZED may come with 401 or 400, METHOD_NOT_ALLOWED with 405 or 400 (R2), nothing else', () => {
      const cases: [string, number[], number[]][] = [
        ['UNAUTHORIZED', [401, 400], [403, 404, 405]],
        ['METHOD_NOT_ALLOWED', [405, 400], [404, 401, 403]],
        ['TOO_MANY_REQUESTS', [429, 400], [403, 422]],
      ];
      for (const [identifier, allowed, refused] of cases) {
        assert.deepEqual([...contract.errors[identifier].statuses].sort(), [...allowed].sort(), identifier);
        for (const status of allowed) expectNone(errorStatus, input(contract, { expectation: rejectWith(identifier, 'S2'), answer: errorAnswer(status, identifier) }));
        for (const status of refused) {
          expectOne(errorStatus, input(contract, { expectation: rejectWith(identifier, 'S2'), answer: errorAnswer(status, identifier) }), { category: 'status-code', check: 'error-status', rule: 'R2' });
        }
      }
      // A refusal that is not 4xx at all (a 3xx) is a status-code finding whatever the identifier.
      expectOne(errorStatus, input(contract, { expectation: rejectWith('BAD_VALUE'), answer: errorAnswer(302, 'VALIDATION_ERROR') }), { category: 'status-code', check: 'error-status', rule: 'R2' });
      // 5xx are noServerError's; successes are rejectsInvalid's.
      expectNone(errorStatus, input(contract, { expectation: rejectWith('BAD_VALUE'), answer: errorAnswer(500, 'BAD_VALUE') }));
      expectNone(errorStatus, input(contract, { expectation: rejectWith('BAD_VALUE'), answer: jsonAnswer(201, {}) }));
    });
  });

  describe('envelope: error-envelope.ts, success-content-type.ts, response-schema.ts', () => {
    const refusal = { expectation: rejectWith('BAD_VALUE'), field: 'clientId', constraint: 'maxLength' };

    it('errorEnvelope: text/plain or a missing message breaks R1; the JSON envelope does not', () => {
      const expected = { category: 'response-schema', check: 'error-envelope', rule: 'R1', field: 'clientId', constraint: 'maxLength' };
      const plain = expectOne(errorEnvelope, input(contract, { ...refusal, answer: { ...errorAnswer(400, 'BAD_VALUE'), headers: { 'content-type': 'text/plain' } } }), expected);
      assert.match(plain.actual, /text\/plain/);
      const noMessage = expectOne(errorEnvelope, input(contract, { ...refusal, answer: errorAnswer(400, 'BAD_VALUE', null) }), expected);
      assert.match(noMessage.actual, /message/);
      expectOne(errorEnvelope, input(contract, { ...refusal, answer: errorAnswer(400, 'NOT_A_DOCUMENTED_IDENTIFIER') }), expected);
      expectOne(errorEnvelope, input(contract, { ...refusal, answer: { status: 400, headers: JSON_HEADERS, text: 'oops' } }), expected);
      expectNone(errorEnvelope, input(contract, { ...refusal, answer: errorAnswer(400, 'BAD_VALUE') }));
      // R1 names application/json itself: a charset parameter is fine, another +json type is not (issue 14).
      expectNone(errorEnvelope, input(contract, { ...refusal, answer: { ...errorAnswer(400, 'BAD_VALUE'), headers: { 'content-type': 'Application/JSON;charset=UTF-8' } } }));
      const problemJson = expectOne(errorEnvelope, input(contract, { ...refusal, answer: { ...errorAnswer(401, 'UNAUTHORIZED'), headers: { 'content-type': 'application/problem+json' } } }), expected);
      assert.match(problemJson.actual, /problem\+json/);
    });

    it('successContentType: a token answer must be JSON (S3)', () => {
      const response = faithfulTokenResponse(contract, { clientId: 'client-1' });
      expectOne(successContentType, input(contract, { answer: { ...jsonAnswer(201, response), headers: { 'content-type': 'text/html' } } }), { category: 'response-schema', check: 'success-content-type', rule: 'S3' });
      expectNone(successContentType, input(contract, { answer: jsonAnswer(201, response) }));
      // add-dummy-status documents no body: nothing to check.
      expectNone(successContentType, input(contract, { op: dummy, answer: { status: 200, headers: {}, text: '' } }));
    });

    it('responseSchema: a token response missing authToken, or with an authToken of 41 characters, breaks T20', () => {
      const response = faithfulTokenResponse(contract, { clientId: 'client-1' });
      const { authToken: _dropped, ...missing } = response;
      expectOne(responseSchema, input(contract, { answer: jsonAnswer(201, missing) }), { category: 'response-schema', check: 'response-schema', rule: 'T20', field: 'authToken', constraint: 'required' });
      const long = expectOne(responseSchema, input(contract, { answer: jsonAnswer(201, { ...response, authToken: 'a'.repeat(41) }) }), {
        category: 'response-schema',
        check: 'response-schema',
        rule: 'T20',
        field: 'authToken',
        constraint: 'maxLength',
      });
      assert.match(long.actual, /a{41}/);
      expectNone(responseSchema, input(contract, { answer: jsonAnswer(201, { ...response, authToken: 'a'.repeat(40) }) }));
      // R10: extra fields are never a deviation.
      expectNone(responseSchema, input(contract, { answer: jsonAnswer(201, { ...response, somethingNew: { nested: true } }) }));
    });
  });

  describe('response content: echoes-sent-fields.ts, applies-defaults.ts, digit-string.ts, fresh-identifiers.ts, unique-values.ts, dummy-message.ts', () => {
    it('echoesSentFields: firstName not upper-cased breaks T3; address trimmed breaks S1', () => {
      const body = { clientId: 'client-1', firstName: 'Jonas', address: '  Gedimino pr. 1,  Vilnius ' };
      const faithful = faithfulTokenResponse(contract, body);
      assert.equal(faithful.firstName, 'JONAS');
      expectNone(echoesSentFields, input(contract, { body, answer: jsonAnswer(201, faithful) }));
      const f = expectOne(echoesSentFields, input(contract, { body, answer: jsonAnswer(201, { ...faithful, firstName: 'Jonas' }) }), {
        category: 'response-schema',
        check: 'echoes-sent-fields',
        rule: 'T3',
        field: 'firstName',
        constraint: 'normalize-uppercase',
      });
      assert.match(f.expected, /JONAS/);
      // T3: present but not exactly as sent; S1 (below): missing.
      expectOne(echoesSentFields, input(contract, { body, answer: jsonAnswer(201, { ...faithful, address: 'Gedimino pr. 1, Vilnius' }) }), {
        category: 'response-schema',
        check: 'echoes-sent-fields',
        rule: 'T3',
        field: 'address',
        constraint: 'echo',
      });
      // A field missing from the response is not echoed either.
      const { address: _a, ...withoutAddress } = faithful;
      expectOne(echoesSentFields, input(contract, { body, answer: jsonAnswer(201, withoutAddress) }), { category: 'response-schema', check: 'echoes-sent-fields', rule: 'S1', field: 'address', constraint: 'echo' });
      // Fields the contract marks x-ivs-echo: false are not expected back.
      expectNone(echoesSentFields, input(contract, { body: { ...body, dummyStatus: 'APPROVED' }, answer: jsonAnswer(201, faithful) }));
    });

    it("appliesDefaults: locale omitted → 'de' breaks T5; expiryTime sent null → null breaks R9", () => {
      const body = { clientId: 'client-1' };
      const faithful = faithfulTokenResponse(contract, body);
      assert.equal(faithful.locale, 'en');
      expectNone(appliesDefaults, input(contract, { body, answer: jsonAnswer(201, faithful) }));
      const f = expectOne(appliesDefaults, input(contract, { body, answer: jsonAnswer(201, { ...faithful, locale: 'de' }) }), { category: 'defaults', check: 'applies-defaults', rule: 'T5', field: 'locale', constraint: 'default' });
      assert.match(f.expected, /"en"/);
      assert.match(f.actual, /"de"/);
      // T5: null (or, R11, absent) is a conformant default for locale.
      expectNone(appliesDefaults, input(contract, { body, answer: jsonAnswer(201, { ...faithful, locale: null }) }));
      const nulled = { clientId: 'client-1', expiryTime: null };
      expectNone(appliesDefaults, input(contract, { body: nulled, answer: jsonAnswer(201, faithfulTokenResponse(contract, nulled)) }));
      const r9 = expectOne(appliesDefaults, input(contract, { body: nulled, answer: jsonAnswer(201, { ...faithful, expiryTime: null }) }), {
        category: 'defaults',
        check: 'applies-defaults',
        rule: 'R9',
        field: 'expiryTime',
        constraint: 'null-means-omitted',
      });
      assert.equal(r9.documented, false);
      // A sent value is echoesSentFields' business, not a default.
      expectNone(appliesDefaults, input(contract, { body: { clientId: 'client-1', locale: 'lt' }, answer: jsonAnswer(201, { ...faithful, locale: 'de' }) }));
    });

    it('appliesDefaults: an omitted successUrl may come back null or as the documented URL (T22), nothing else', () => {
      const body = { clientId: 'client-1' };
      const faithful = faithfulTokenResponse(contract, body);
      const documented = contract.operations.createToken.fields.find((f) => f.name === 'successUrl')!.default!.value;
      assert.equal(typeof documented, 'string');
      expectNone(appliesDefaults, input(contract, { body, answer: jsonAnswer(201, { ...faithful, successUrl: null }) }));
      expectNone(appliesDefaults, input(contract, { body, answer: jsonAnswer(201, { ...faithful, successUrl: documented }) }));
      expectOne(appliesDefaults, input(contract, { body, answer: jsonAnswer(201, { ...faithful, successUrl: '' }) }), { category: 'defaults', check: 'applies-defaults', rule: 'T22', field: 'successUrl', constraint: 'default' });
      // The documented URL is the profile's: Mark ID's URL is not iDenfy's default.
      const idenfyFaithful = faithfulTokenResponse(idenfy, body);
      expectNone(appliesDefaults, input(idenfy, { body, answer: jsonAnswer(201, idenfyFaithful) }));
      expectOne(appliesDefaults, input(idenfy, { body, answer: jsonAnswer(201, { ...idenfyFaithful, successUrl: documented }) }), {
        category: 'defaults',
        check: 'applies-defaults',
        rule: 'T22',
        field: 'successUrl',
        constraint: 'default',
      });
    });

    it('digitStringRule: 7 digits when requested breaks T17 (response-schema); a digit string when not requested breaks T17 (defaults)', () => {
      const requested = { clientId: 'client-1', generateDigitString: true };
      const faithful = faithfulTokenResponse(contract, requested);
      expectNone(digitStringRule, input(contract, { body: requested, answer: jsonAnswer(201, faithful) }));
      expectOne(digitStringRule, input(contract, { body: requested, answer: jsonAnswer(201, { ...faithful, digitString: '1234567' }) }), {
        category: 'response-schema',
        check: 'digit-string',
        rule: 'T17',
        field: 'digitString',
        constraint: 'pattern',
      });
      expectOne(digitStringRule, input(contract, { body: requested, answer: jsonAnswer(201, { ...faithful, digitString: null }) }), {
        category: 'response-schema',
        check: 'digit-string',
        rule: 'T17',
        field: 'digitString',
        constraint: 'pattern',
      });
      const absent = { clientId: 'client-1' };
      const plain = faithfulTokenResponse(contract, absent);
      expectNone(digitStringRule, input(contract, { body: absent, answer: jsonAnswer(201, plain) }));
      expectOne(digitStringRule, input(contract, { body: absent, answer: jsonAnswer(201, { ...plain, digitString: '48236571' }) }), {
        category: 'defaults',
        check: 'digit-string',
        rule: 'T17',
        field: 'generateDigitString',
        constraint: 'null-unless-requested',
      });
      // false is "not requested" too.
      expectOne(digitStringRule, input(contract, { body: { ...absent, generateDigitString: false }, answer: jsonAnswer(201, { ...plain, digitString: '48236571' }) }), {
        category: 'defaults',
        check: 'digit-string',
        rule: 'T17',
        field: 'generateDigitString',
        constraint: 'null-unless-requested',
      });
    });

    it('freshIdentifiers: a scanRef returned twice in a run breaks T20', () => {
      const issued = { authTokens: new Set<string>(), scanRefs: new Set<string>() };
      const first = faithfulTokenResponse(contract, { clientId: 'client-1' });
      const second = faithfulTokenResponse(contract, { clientId: 'client-1' });
      expectNone(freshIdentifiers, input(contract, { issued, answer: jsonAnswer(201, first) }));
      expectNone(freshIdentifiers, input(contract, { issued, answer: jsonAnswer(201, second) }));
      assert.ok(issued.scanRefs.has(first.scanRef as string) && issued.authTokens.has(second.authToken as string), 'identifiers recorded');
      const third = faithfulTokenResponse(contract, { clientId: 'client-1' });
      const f = expectOne(freshIdentifiers, input(contract, { issued, answer: jsonAnswer(201, { ...third, scanRef: first.scanRef }) }), {
        category: 'response-schema',
        check: 'fresh-identifiers',
        rule: 'T20',
        field: 'scanRef',
        constraint: 'unique',
      });
      assert.match(f.actual, new RegExp(first.scanRef as string));
      // A refusal issues nothing.
      expectNone(freshIdentifiers, input(contract, { issued, expectation: rejectWith('BAD_VALUE'), answer: jsonAnswer(400, { ...first, identifier: 'BAD_VALUE' }) }));
    });

    it('uniqueValues (unique-values): a digitString answered twice in a run breaks T17; another run may repeat it', () => {
      const issued = { authTokens: new Set<string>(), scanRefs: new Set<string>() };
      const body = { clientId: 'client-1', generateDigitString: true };
      const first = { ...faithfulTokenResponse(contract, body), digitString: '48236571' };
      expectNone(uniqueValues, input(contract, { body, issued, answer: jsonAnswer(201, first) }));
      expectNone(uniqueValues, input(contract, { body, issued, answer: jsonAnswer(201, { ...faithfulTokenResponse(contract, body), digitString: '10293847' }) }));
      const f = expectOne(uniqueValues, input(contract, { body, issued, answer: jsonAnswer(201, { ...faithfulTokenResponse(contract, body), digitString: '48236571' }) }), {
        category: 'response-schema',
        check: 'unique-values',
        rule: 'T17',
        field: 'digitString',
        constraint: 'unique',
      });
      assert.match(f.actual, /48236571/);
      // Uniqueness is per run: a fresh run's record starts empty.
      const nextRun = { authTokens: new Set<string>(), scanRefs: new Set<string>() };
      expectNone(uniqueValues, input(contract, { body, issued: nextRun, answer: jsonAnswer(201, first) }));
      // A refusal answers no digit string.
      expectNone(uniqueValues, input(contract, { body, issued, expectation: rejectWith('BAD_VALUE'), answer: jsonAnswer(400, { identifier: 'BAD_VALUE', message: 'x' }) }));
    });

    it('dummyMessage: a dummy token with another message breaks T21', () => {
      const body = { clientId: 'client-1', dummyStatus: 'APPROVED' };
      const message = token.dummy!.message;
      assert.equal(message, 'Dummy token and verification created successfully');
      expectNone(dummyMessage, input(contract, { body, answer: jsonAnswer(201, faithfulTokenResponse(contract, body, message)) }));
      expectOne(dummyMessage, input(contract, { body, answer: jsonAnswer(201, faithfulTokenResponse(contract, body, 'Token created successfully')) }), {
        category: 'response-schema',
        check: 'dummy-message',
        rule: 'T21',
        field: 'message',
        constraint: 'const',
      });
      // Not a dummy call (dummyStatus absent or null): any message.
      expectNone(dummyMessage, input(contract, { body: { clientId: 'client-1' }, answer: jsonAnswer(201, faithfulTokenResponse(contract, {}, 'Token created successfully')) }));
      expectNone(dummyMessage, input(contract, { body: { clientId: 'client-1', dummyStatus: null }, answer: jsonAnswer(201, faithfulTokenResponse(contract, {}, 'Token created successfully')) }));
    });

    it('response checks stay silent on refusals and on operations without a response body', () => {
      const body = { clientId: 'client-1', firstName: 'Jonas', dummyStatus: 'APPROVED' };
      const wrong = { ...faithfulTokenResponse(contract, body, 'nope'), firstName: 'Jonas', locale: 'de', digitString: '1' };
      for (const check of [echoesSentFields, appliesDefaults, digitStringRule, dummyMessage, responseSchema]) {
        assert.ok(check(input(contract, { body, answer: jsonAnswer(201, wrong) })).length > 0, `${check.name} fires on a success`);
        expectNone(check, input(contract, { body, expectation: rejectWith('BAD_VALUE'), answer: jsonAnswer(400, wrong) }));
        expectNone(check, input(contract, { op: dummy, body, answer: jsonAnswer(200, wrong) }));
      }
    });
  });
});
