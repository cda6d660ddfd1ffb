// Generator classes of issue 24 ("fix by class, not by case"): each class's values checked against
// an independent statement of the class (the shape of the members, the calendar, the field's own
// pattern, R9, the documented limits), and, over real HTTP, a class mutant on another field or
// value than the blind catalogue's found under its own rule.
import assert from 'node:assert/strict';
import { loadContract, type Contract, type FieldSpec } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import { fieldTaxonomy, type TaxonomyValue } from '../src/arbitraries/taxonomy/index.ts';
import { invalidValues } from '../src/arbitraries/values.ts';
import { identityExtremes } from '../src/arbitraries/identity.ts';
import { minimalBody } from '../src/arbitraries/requests.ts';
import { roleOf } from '../src/cases/taxonomy.ts';
import { crossFieldNullCases } from '../src/cases/fields.ts';
import { packedAssignments } from '../src/cases/code-lists.ts';
import { companionsOf } from '../src/cases/companions.ts';
import { runConformance } from '../src/reference/embedded.ts';
import { CLASS_MUTANTS } from '../src/reference/mutants/classes.ts';
import { MUTANTS } from '../src/reference/mutants.ts';
import { INVALID_UTF8, DUPLICATE_HEADERS } from '../src/cases/protocol.ts';
import { rawSend } from '../src/engine/raw-client.ts';
import { ConnectionGuard } from '../src/engine/guard.ts';
import http from 'node:http';
import { once } from 'node:events';

let contract: Contract;
const field = (name: string): FieldSpec => contract.operations.createToken.fields.find((f) => f.name === name)!;
const values = (name: string, cls: string, depth: 'default' | 'thorough' = 'default'): TaxonomyValue[] =>
  fieldTaxonomy(contract, field(name), depth).find((c) => c.cls === cls)!.values;
const role = (name: string, tv: TaxonomyValue) => roleOf(contract, contract.operations.createToken, field(name), tv);

describe('generator classes (issue 24: by class, not by case)', function () {
  this.timeout(600_000);
  before(async () => {
    contract = await loadContract('markid');
  });

  it('same shape: every other single upper-case letter for sex, each refused BAD_VALUE', () => {
    const sent = values('sex', 'same-shape').map((v) => v.value);
    const expected = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => !['M', 'F'].includes(c));
    assert.deepEqual(sent, expected);
    for (const tv of values('sex', 'same-shape')) assert.equal((role('sex', tv) as any).identifier, 'BAD_VALUE', tv.note);
  });

  it("same shape: other code lists in the field's case, never a member nor vendor vocabulary, a few by default and all when thorough", () => {
    const locales: string[] = contract.schemas.Locale.enum;
    const vocabulary: string[] = contract.schemas.Locale['x-ivs-vendor-vocabulary'].values;
    const thorough = values('locale', 'same-shape', 'thorough').map((v) => v.value as string);
    assert.ok(thorough.length > 100, `${thorough.length}`);
    for (const v of thorough) {
      assert.match(v, /^[a-z]{2}$/);
      assert.ok(!locales.includes(v) && !vocabulary.includes(v), v);
    }
    const byDefault = values('locale', 'same-shape');
    assert.ok(byDefault.length >= 1 && byDefault.length <= 3);
    for (const tv of byDefault) assert.equal(role('locale', tv).kind, 'refuse', tv.note);
    // Countries are case-insensitive: no value that is a country in either case.
    const countries = new Set((contract.schemas.CountryCode.enum as string[]).map((c) => c.toLowerCase()));
    for (const tv of values('country', 'same-shape', 'thorough')) assert.ok(!countries.has((tv.value as string).toLowerCase()), String(tv.value));
  });

  it('calendar edges span year 1 to 9999, before 1900 included, each a real date accepted on every date field', () => {
    for (const name of ['dateOfBirth', 'dateOfExpiry', 'dateOfIssue']) {
      const sent = values(name, 'calendar-edge').map((v) => v.value);
      for (const date of ['0001-01-01', '1899-12-31', '1900-02-28', '9999-12-31']) assert.ok(sent.includes(date), `${name} ${date}`);
      for (const tv of values(name, 'calendar-edge')) assert.equal(role(name, tv).kind, 'accept', `${name} ${tv.note}`);
    }
  });

  it('texts without a documented maximum get long values, accepted and echoed whole', () => {
    for (const name of ['documentNumber', 'personalNumber']) {
      const long = values(name, 'unbounded-length');
      assert.ok(long.some((v) => (v.value as string).length > 255), name);
      for (const tv of long) assert.deepEqual(role(name, tv), { kind: 'accept', echo: true }, `${name} ${tv.note}`);
    }
    assert.equal(values('clientId', 'unbounded-length').length, 0);
  });

  it("URL forms of an https-only field: each refused by the field's own pattern, the scheme's case left out", () => {
    const schema = field('callbackUrl').schema;
    const forms = invalidValues(schema).filter((v) => v.valueClass === 'url-form').map((v) => v.value as string);
    for (const want of [/^\/\//, /^https:\/[^/]/, /^https:\/\/\//, /^ /, / $/, /^javascript:/]) assert.ok(forms.some((f) => want.test(f)), String(want));
    for (const f of forms) assert.doesNotMatch(f, new RegExp(schema.pattern), f);
    assert.ok(!forms.some((f) => /^HTTPS:/.test(f)));
    // A URL field without a pattern (successUrl) gets none: those forms may be valid there.
    assert.equal(invalidValues(field('successUrl').schema).filter((v) => v.valueClass === 'url-form').length, 0);
  });

  it('"A requires B" rules are also sent with B null, which the oracle judges invalid (R9)', () => {
    const op = contract.operations.createToken;
    const cases = crossFieldNullCases({ suite: 's', op });
    assert.equal(cases.length, 1);
    assert.equal(cases[0].field, 'additionalData');
    assert.match(cases[0].name, /additionalSteps null/);
    const rule = op.crossField.find((r) => r.id === 'additionalData-without-additionalSteps')!;
    assert.equal(oracleFor(contract).judge(op.operationId, { ...minimalBody(op), ...rule.breaking, additionalSteps: null }).valid, false);
  });

  it('echoed identity fields at their maximum length, numeric-looking or non-ASCII, all valid', () => {
    const op = contract.operations.createToken;
    const numeric = identityExtremes(contract, op, 'numeric');
    assert.match(String(numeric.clientId), /^[1-9][0-9]{99}$/);
    assert.match(String(numeric.externalRef), /^[0-9]{40}$/);
    const other = identityExtremes(contract, op, 'non-ascii');
    assert.equal([...String(other.clientId)].length, 100);
    assert.match(String(other.clientId), /^[^\x00-\x7f]+$/);
    for (const body of [numeric, other]) assert.ok(oracleFor(contract).judge(op.operationId, { ...minimalBody(op), ...body }).valid);
  });

  it('bytes that are not UTF-8: each payload is refused by a strict decoder (an independent statement of RFC 3629)', () => {
    assert.ok(INVALID_UTF8.length >= 5);
    for (const [name, bytes] of INVALID_UTF8) {
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from([0x61, ...bytes, 0x62])), TypeError, name);
    }
  });

  it('the raw client sends the bytes as given and a repeated header as two header lines', async () => {
    const seen: { raw: string[]; body: Buffer }[] = [];
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ raw: req.rawHeaders, body: Buffer.concat(chunks) });
      res.end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v2/token`;
    try {
      const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]);
      const guard = new ConnectionGuard({ url: new URL(url), deadlineMs: 5000, maxBytes: 1 << 20 });
      const result = await rawSend({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: 'Basic YTpi' }, body: '{"a":"\ufffd"}', bytes, repeatHeaders: { 'content-type': 'text/plain', authorization: 'Basic YzpkOg==' } }, guard);
      guard.dispose();
      assert.ok('raw' in result && result.raw.statusCode === 200);
      assert.deepEqual(seen[0].body, bytes);
      const lines = (name: string) => seen[0].raw.filter((_, i) => i % 2 === 1 && seen[0].raw[i - 1].toLowerCase() === name);
      assert.deepEqual(lines('content-type'), ['application/json', 'text/plain']);
      assert.deepEqual(lines('authorization'), ['Basic YTpi', 'Basic YzpkOg==']);
    } finally {
      server.close();
    }
    assert.ok(DUPLICATE_HEADERS.some(([, h]) => 'authorization' in h) && DUPLICATE_HEADERS.some(([, h]) => 'content-type' in h));
  });

  it("T23 for the enums whose own rule says nothing of case, in a list too; locale's own T5 states it; country keeps T8's latitude", () => {
    const judge = (body: Record<string, unknown>, op = 'createToken') => oracleFor(contract).judge(op, body);
    for (const body of [{ sex: 'm' }, { tokenType: 'document' }, { documents: ['passport'] }, { dummyStatus: 'approved' }]) {
      const verdict = judge({ clientId: 'c', ...body });
      assert.ok('violations' in verdict && verdict.violations[0].rule === 'T23' && verdict.violations[0].identifier === 'BAD_VALUE', JSON.stringify([body, verdict]));
    }
    const rules = (verdict: ReturnType<typeof judge>) => ('violations' in verdict ? verdict.violations.map((v) => v.rule) : []);
    assert.ok(rules(judge({ scanRef: 'x', manualFaceMatchResult: 'face_match', manualDocumentValidity: 'DOC_VALIDATED' }, 'addDummyStatus')).includes('T23'));
    assert.ok(judge({ clientId: 'c', country: 'lt' }).valid);
    assert.deepEqual(rules(judge({ clientId: 'c', sex: 'X' })), ['T12']);
    // T5 states locale's case itself ("lower-case exactly", documented): a case variant breaks T5.
    assert.deepEqual(rules(judge({ clientId: 'c', locale: 'EN' })), ['T5']);
  });

  it('falsy stand-ins for integers include the empty text, refused BAD_VALUE under R6', () => {
    for (const name of ['expiryTime', 'sessionLength']) {
      const empty = values(name, 'falsy-number').find((v) => v.value === '');
      assert.ok(empty, name);
      assert.deepEqual(role(name, empty!), { kind: 'refuse', identifier: 'BAD_VALUE', rule: 'R6' });
    }
  });

  it('every code of a code list in every field that takes it: packed, each request holding different codes, both cases', () => {
    const members = ['AA', 'BB', 'CC', 'DD', 'EE'];
    const packed = packedAssignments(['country', 'nationality'], members, true);
    assert.equal(packed.length, members.length);
    for (const name of ['country', 'nationality']) assert.deepEqual(new Set(packed.map((p) => p[name].toUpperCase())), new Set(members), name);
    for (const p of packed) assert.notEqual(p.country.toUpperCase(), p.nationality.toUpperCase());
    assert.ok(packed.some((p) => p.country === p.country.toLowerCase()) && packed.some((p) => p.country === p.country.toUpperCase()));
  });

  it('neighbouring code lists: country codes a member language is confused with go to locale, language codes upper-cased to countries, each refused', () => {
    const locale = values('locale', 'neighbour-code-list').map((v) => v.value);
    assert.ok(['se', 'jp', 'cz', 'ee', 'gb'].every((c) => locale.includes(c)), String(locale));
    const languages: string[] = contract.schemas.Locale.enum;
    for (const v of locale) assert.ok(!languages.includes(v as string) && (contract.schemas.CountryCode.enum as string[]).includes((v as string).toUpperCase()), String(v));
    for (const tv of values('locale', 'neighbour-code-list')) assert.deepEqual(role('locale', tv), { kind: 'refuse', identifier: 'BAD_VALUE', rule: 'T5' }, tv.note);
    const nationality = values('nationality', 'neighbour-code-list').map((v) => v.value);
    assert.ok(nationality.includes('EN') && nationality.includes('JA') && !nationality.includes('LT'), String(nationality));
    for (const tv of values('nationality', 'neighbour-code-list')) assert.equal(role('nationality', tv).kind, 'refuse', tv.note);
  });

  it('interior line breaks and tabs in free text are accepted and echoed; in a name they are left open', () => {
    const sent = values('address', 'whitespace').filter((v) => /[\n\t]/.test(v.value as string));
    assert.ok(sent.some((v) => (v.value as string).includes('\r\n')) && sent.some((v) => (v.value as string).includes('\t')), String(sent.map((v) => v.note)));
    for (const tv of sent) assert.deepEqual(role('address', tv), { kind: 'accept', echo: true }, tv.note);
    for (const tv of values('firstName', 'whitespace').filter((v) => /[\n\t]/.test(v.value as string))) assert.equal(role('firstName', tv).kind, 'never-5xx', tv.note);
  });

  it('a type error inside a list item is R6, like a top-level one', () => {
    const verdict = oracleFor(contract).judge('createToken', { ...minimalBody(contract.operations.createToken), videoCallQuestions: ['why?', 1] }) as any;
    assert.equal(verdict.valid, false);
    assert.deepEqual([verdict.violations[0].field, verdict.violations[0].kind, verdict.violations[0].rule], ['videoCallQuestions', 'type', 'R6']);
  });

  it('falsy values go beside every value of the small enums and the cross-field partners that make them meaningful', () => {
    const op = contract.operations.createToken;
    const questions = companionsOf(op, field('videoCallQuestions'));
    assert.ok(questions.some((c) => c.tokenType === 'VIDEO_CALL') && !questions.some((c) => c.tokenType === field('tokenType').default?.value));
    assert.ok(companionsOf(op, field('additionalSteps')).some((c) => c.utilityBill === true));
  });

  const run = (grep: RegExp, mutant?: string) =>
    runConformance({ environment: 'development', profile: 'markid', seed: 7, runs: 4, rate: 0, concurrency: 16, timeoutMs: 10_000, allowProductionWrites: false, webhookTimeoutMs: 5000, harness: 'direct', grep, ...(mutant ? { mutant } : {}) });

  it('class mutants are registered, each with a rule', () => {
    for (const m of CLASS_MUTANTS) assert.ok(MUTANTS.includes(m) && /^[A-Z]\d+$/.test(m.rule), m.id);
  });

  for (const [id, grep] of [
    ['class-sex-u-accepted', /value-taxonomy/],
    ['class-locale-country-codes', /value-taxonomy/],
    ['class-date-of-expiry-before-1753-refused', /value-taxonomy/],
    ['class-callback-url-empty-authority', /token-negative/],
    ['class-personal-number-max-64', /value-taxonomy/],
    ['class-crash-empty-additional-data', /value-taxonomy/],
    ['class-additional-data-steps-key-only', /token-negative/],
    ['class-status-client-id-64', /dummy-sessions/],
    ['class-webhook-client-id-ascii', /^webhooks/],
    ['class-crash-invalid-utf8', /^protocol/],
    ['class-invalid-utf8-bad-value', /^protocol/],
    ['class-invalid-utf8-status-415', /^protocol/],
    ['class-session-length-empty-text-unset', /value-taxonomy/],
    ['class-token-type-trimmed', /value-taxonomy|token-negative/],
    ['class-crash-date-leap-day', /value-taxonomy|token-positive|token-boundaries/],
    ['class-nationality-bq-refused', /token-positive/],
    ['class-locale-country-gb-mapped', /value-taxonomy/],
    ['class-external-ref-tab-expanded', /value-taxonomy/],
    ['class-documents-nonstring-item-accepted', /value-taxonomy|token-negative/],
    ['class-crash-empty-steps-with-utility-bill', /value-taxonomy/],
  ] as [string, RegExp][]) {
    it(`${id}: found under its own rule over HTTP`, async () => {
      const mutant = CLASS_MUTANTS.find((m) => m.id === id)!;
      const report = await run(grep, id);
      assert.ok(report.deviations.some((d) => d.rule === mutant.rule && (!mutant.field || d.field === mutant.field)), `${id}: ${report.deviations.map((d) => `${d.rule}/${d.field}`).join(', ') || 'none'}`);
    });
  }

  it('the faithful reference is clean on the suites the classes feed', async () => {
    const report = await run(/value-taxonomy|token-negative|dummy-sessions|^webhooks|^protocol/);
    assert.equal(report.deviations.length, 0, JSON.stringify(report.deviations.slice(0, 3)));
    assert.equal(report.summary.inconclusive, 0);
  });
});
