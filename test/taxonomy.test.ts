// The value taxonomy (issue 24): each class's values checked against an independent statement of
// what the class is about (byte counts, NFKC, JSON.parse, the calendar, the contract's other lists),
// the roles the contract gives them, and, over real HTTP, a mutant of each kind found under its
// own rule while the faithful reference stays clean.
import assert from 'node:assert/strict';
import { loadContract, type Contract, type FieldSpec } from '../src/contract/load.ts';
import { fieldTaxonomy, type TaxonomyValue } from '../src/arbitraries/taxonomy/index.ts';
import { roleOf, taxonomyTable } from '../src/cases/taxonomy.ts';
import { runConformance } from '../src/reference/embedded.ts';
import { MUTANTS } from '../src/reference/mutants.ts';
import { TAXONOMY_MUTANTS } from '../src/reference/mutants/taxonomy.ts';

let contract: Contract;
const field = (name: string, op = 'createToken'): FieldSpec => contract.operations[op].fields.find((f) => f.name === name)!;
const values = (name: string, cls: string, depth: 'default' | 'thorough' = 'thorough', op = 'createToken'): TaxonomyValue[] =>
  fieldTaxonomy(contract, field(name, op), depth).find((c) => c.cls === cls)!.values;
const role = (name: string, tv: TaxonomyValue) => roleOf(contract, contract.operations.createToken, field(name), tv);
const isRealDate = (v: string) => {
  const [y, m, d] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

describe('value taxonomy (issue 24)', function () {
  this.timeout(120_000);
  before(async () => {
    contract = await loadContract('markid');
  });

  it('length units: exactly the limit in code points, more than the limit in UTF-8 bytes or escaped length', () => {
    for (const tv of values('address', 'length-units').filter((v) => !/after NFC/.test(v.note))) {
      const text = tv.value as string;
      assert.equal([...text].length, 255, tv.note);
      const costlier = Buffer.byteLength(text) > 255 || JSON.stringify(text).length - 2 > 255 || /[&'"]/.test(text);
      assert.ok(costlier, `${tv.note} costs no more in any other unit`);
    }
    // Names count code points (T2): 101 code points that NFC composes into fewer are over the limit, and refused.
    const nfc = values('firstName', 'length-units').find((v) => /after NFC/.test(v.note))!;
    assert.equal([...(nfc.value as string)].length, 101);
    assert.ok((nfc.value as string).normalize('NFC').length <= 100);
    assert.deepEqual(role('firstName', nfc), { kind: 'refuse', identifier: 'BAD_VALUE', rule: 'T2' });
  });

  it('text classes carry what they claim, by Unicode properties', () => {
    const of = (cls: string) => values('address', cls).map((v) => v.value as string);
    for (const v of of('invisible')) assert.match(v, /\p{Cf}/u);
    for (const v of of('bidi')) assert.match(v, /[\u0590-\u05ff\u200f\u202a-\u202e\u2066-\u2069]/);
    for (const v of of('astral')) assert.ok(v.length > [...v].length, `${v} has no astral character`);
    for (const v of of('width')) assert.notEqual(v.normalize('NFKC'), v);
    for (const v of of('whitespace')) assert.match(v, /[\p{Zs}\t\n\r]/u);
    for (const v of of('combining-marks')) assert.match(v, /\p{M}{2}/u);
    const [nfd, nfc] = of('normalisation');
    assert.ok(nfd !== nfd.normalize('NFC') && nfc === nfc.normalize('NFC') && nfd.normalize('NFC').endsWith(nfc.slice(-1)));
    // Each position is used: first, middle and last.
    const astral = values('address', 'astral').filter((v) => /astral letter/.test(v.note)).map((v) => [...(v.value as string)].indexOf('𠀀'));
    assert.ok(astral.includes(0) && astral.some((i) => i > 0 && i < 5) && astral.some((i, k) => i === [...(values('address', 'astral')[k].value as string)].length - 1));
  });

  it('merged lists: each value is in another list of the contract and not in the field\'s own (either case for countries)', () => {
    const locale: string[] = contract.schemas.Locale.enum;
    for (const tv of values('locale', 'merged-list')) {
      assert.ok(!locale.includes(tv.value as string), `${tv.value} is a locale`);
      assert.match(tv.note, /from /);
    }
    const countries = new Set((contract.schemas.CountryCode.enum as string[]).map((c) => c.toUpperCase()));
    for (const tv of values('country', 'merged-list')) assert.ok(!countries.has(String(tv.value).toUpperCase()), `${tv.value} is a country`);
    // Every other list contributes at least one value to documents (items wrapped in a list).
    const sources = new Set(values('documents', 'merged-list', 'default').map((v) => v.note.split(' from ')[1]));
    assert.ok(sources.has('TokenType') && sources.has('DummyStatus') && sources.has('createToken.fraudServices'), [...sources].join(', '));
  });

  it('look-alikes fold to a documented value under NFKC or a confusables map, and are refused with BAD_VALUE', () => {
    const documented: string[] = contract.schemas.TokenType.enum;
    for (const tv of values('tokenType', 'look-alike')) {
      const folded = (tv.value as string).normalize('NFKC').replace(/[\u200b\s]/g, '').replace(/[А-я]/g, (c) => ({ А: 'A', Е: 'E', О: 'O', Т: 'T', С: 'C', М: 'M', Н: 'H', К: 'K', Р: 'P', Х: 'X', В: 'B' })[c] ?? c);
      assert.ok(documented.includes(folded) && !documented.includes(tv.value as string), `${JSON.stringify(tv.value)} folds to ${folded}`);
      assert.equal((role('tokenType', tv) as any).identifier, 'BAD_VALUE');
    }
  });

  it('overflow and number literals: 2^32 + v wraps to v; the literals are not JSON and are refused with JSON_ERROR', () => {
    const [wrap] = values('expiryTime', 'overflow');
    // T6: 1..2592000. The value is over it, its low 32 bits inside it.
    const low = Number(BigInt(wrap.value as number) % 2n ** 32n);
    assert.ok(low >= 1 && low <= 2592000 && (wrap.value as number) > 2592000, `${wrap.value} → ${low}`);
    for (const tv of values('sessionLength', 'number-literal').filter((v) => !v.unasserted)) {
      assert.throws(() => JSON.parse(`{"a":${tv.literal}}`), tv.note);
      assert.deepEqual(role('sessionLength', tv), { kind: 'refuse', identifier: 'JSON_ERROR', rule: 'R3', json: true });
    }
  });

  it('dates: calendar edges are real dates and accepted; ISO 8601 forms are not YYYY-MM-DD in ASCII and are refused', () => {
    for (const tv of values('dateOfBirth', 'calendar-edge')) {
      assert.ok(isRealDate(tv.value as string), tv.note);
      assert.equal(role('dateOfBirth', tv).kind, 'accept');
    }
    for (const tv of values('dateOfBirth', 'iso8601-not-rfc3339')) {
      assert.doesNotMatch(tv.value as string, /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
      assert.equal((role('dateOfBirth', tv) as any).identifier, 'BAD_VALUE', tv.note);
    }
  });

  it('roles come from the contract: "" refused for clientId (T1) yet accepted for address; digits refused in names; control characters only never-5xx', () => {
    const falsy = (name: string) => values(name, 'falsy-text').find((v) => v.value === '')!;
    assert.deepEqual(role('clientId', falsy('clientId')), { kind: 'refuse', identifier: 'BAD_VALUE', rule: 'T1' });
    assert.deepEqual(role('address', falsy('address')), { kind: 'accept', echo: true });
    assert.equal((role('firstName', values('firstName', 'falsy-text').find((v) => v.value === '0')!) as any).identifier, 'BAD_VALUE');
    for (const tv of values('address', 'control')) assert.equal(role('address', tv).kind, 'never-5xx');
    // A backslash is neither allowed nor forbidden in words for names: no verdict.
    assert.equal(role('lastName', values('lastName', 'length-units').find((v) => (v.value as string).startsWith('\\'))!).kind, 'never-5xx');
    // ﬁ upper-cases to two letters in some runtimes only: no verdict on the echo.
    assert.equal(role('firstName', values('firstName', 'normalisation').find((v) => /ligature/.test(v.note))!).kind, 'never-5xx');
  });

  it('--depth takes default or thorough, and refuses anything else in one line', async () => {
    const { depth } = await import('../src/cli/options.ts');
    assert.equal(depth('THOROUGH'), 'thorough');
    assert.throws(() => depth('deep'), /^UsageError: --depth must be default or thorough, got "deep"$|--depth must be default or thorough/);
    const counts = (d: 'default' | 'thorough') => fieldTaxonomy(contract, field('country'), d).reduce((n, c) => n + c.values.length, 0);
    assert.ok(counts('thorough') > 5 * counts('default'), `${counts('default')} → ${counts('thorough')}`);
  });

  it('list --taxonomy says why a class does not apply', () => {
    const rows = taxonomyTable(contract, contract.operations.createToken);
    const sex = rows.find((r) => r.field === 'sex')!;
    assert.match(sex.classes.find((c) => c.cls === 'overflow')!.notApplicable!, /not an integer/);
    assert.ok(sex.classes.find((c) => c.cls === 'merged-list')!.values.every((v) => /refused BAD_VALUE/.test(v.role)));
  });

  it('the taxonomy catalogue has 60+ mutants, each with a rule', () => {
    assert.ok(TAXONOMY_MUTANTS.length >= 60, `${TAXONOMY_MUTANTS.length}`);
    for (const m of TAXONOMY_MUTANTS) assert.ok(MUTANTS.includes(m) && /^[A-Z]\d+$/.test(m.rule), m.id);
  });

  const run = (grep: RegExp, mutant?: string) =>
    runConformance({ environment: 'development', profile: 'markid', seed: 7, runs: 4, rate: 0, concurrency: 16, timeoutMs: 10_000, allowProductionWrites: false, webhookTimeoutMs: 5000, harness: 'direct', grep, ...(mutant ? { mutant } : {}) });

  for (const [id, grep] of [
    ['client-id-nfc-echoed', /value-taxonomy/],
    ['names-length-in-bytes', /value-taxonomy/],
    ['expiry-time-int32-wrap', /value-taxonomy/],
    ['documents-merged-list', /value-taxonomy/],
    ['json-non-numeric-literals-bad-value', /value-taxonomy/],
    ['charset-parameter-refused', /protocol/],
    ['auth-query-credentials', /^auth/],
    ['digit-string-repeated', /value-taxonomy/],
    ['crash-missing-content-type', /protocol/],
    ['country-nfkc-folded', /value-taxonomy/],
  ] as [string, RegExp][]) {
    it(`${id}: found under its own rule over HTTP`, async () => {
      const mutant = TAXONOMY_MUTANTS.find((m) => m.id === id)!;
      const report = await run(grep, id);
      assert.ok(report.deviations.some((d) => d.rule === mutant.rule && (!mutant.field || d.field === mutant.field)), `${id}: ${report.deviations.map((d) => `${d.rule}/${d.field}`).join(', ') || 'none'}`);
    });
  }

  it('the faithful reference is clean on the taxonomy, protocol and auth suites', async () => {
    const report = await run(/value-taxonomy|protocol|^auth/);
    assert.equal(report.deviations.length, 0, JSON.stringify(report.deviations.slice(0, 3)));
    assert.equal(report.summary.inconclusive, 0);
  });
});
