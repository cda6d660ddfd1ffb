// Issue 2, "The contract": the OpenAPI file is valid and lint-clean, the seeds' examples agree with
// it except for the contradictions registered in openapi/DISCREPANCIES.md (exactly those), the
// generated types are fresh, every field and enum value the seeds name is in it, and the vendor
// profiles do what they say.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ErrorObject } from 'ajv';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
  CONTRACT_PATH,
  REPO_ROOT,
  applyProfile,
  loadContract,
  readContractDocument,
  readProfile,
  type Contract,
  type JsonSchema,
} from '../src/contract/load.ts';
import { knownProfiles, lintContract } from './helpers/lint.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import { describeVocabulary, extractSeedDocument, readSeedVocabulary, type SeedDocument, type SeedVocabulary } from './helpers/seeds.ts';

/** What the seed documents name, recorded with provenance (the documents are not in the repository). */
const SEED_VOCABULARY_PATH = join(REPO_ROOT, 'openapi/seed-vocabulary.json');
const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');
const REGISTER_PATH = join(REPO_ROOT, 'openapi/DISCREPANCIES.md');
const GENERATED_PATH = join(REPO_ROOT, 'generated/ivs.ts');
/** How the register writes "the field is not in the body". */
const ABSENT = '<absent>';

// ---------------------------------------------------------------------------------------------
// The register's machine-readable part

interface Discrepancy {
  field: string;
  kind: string;
  expected: unknown;
  actual: unknown;
  ruling: string;
  /** The register entry (table row) the item belongs to; not compared. */
  id?: string;
}

interface Register {
  text: string;
  fixtures: Record<string, Discrepancy[]>;
  /** Response fixture → the request fixture it answers (for echo and default checks). */
  pairs: Record<string, string>;
}

function readRegister(): Register {
  const text = readFileSync(REGISTER_PATH, 'utf8');
  const block = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => /^fixtures:/m.test(b));
  assert.ok(block, `${REGISTER_PATH} has no fenced yaml block with "fixtures:"`);
  const data = parseYaml(block);
  return { text, fixtures: data.fixtures ?? {}, pairs: data.pairs ?? {} };
}

const comparable = (d: Discrepancy) => JSON.stringify([d.field, d.kind, d.expected, d.actual, d.ruling]);
const asYaml = (items: Discrepancy[]) =>
  items.length === 0 ? '[]' : items.map((d) => `- ${JSON.stringify({ field: d.field, kind: d.kind, expected: d.expected, actual: d.actual, ruling: d.ruling })}`).join('\n');

// ---------------------------------------------------------------------------------------------
// Fixtures: which schema each one is an example of, and which seed (hence profile) it comes from

type Role = { kind: 'request'; operationId: string } | { kind: 'response'; schema: 'token' | 'error' };

function roleOf(file: string): Role {
  if (/\.add-dummy-status-request\.json$/.test(file)) return { kind: 'request', operationId: 'addDummyStatus' };
  if (/\.(dummy-)?token-request(\.[\w-]+)?\.json$/.test(file)) return { kind: 'request', operationId: 'createToken' };
  if (/\.(dummy-)?token-response(\.[\w-]+)?\.json$/.test(file)) return { kind: 'response', schema: 'token' };
  if (/error-response\.json$/.test(file)) return { kind: 'response', schema: 'error' };
  throw new Error(`fixture ${file}: name does not say what it is an example of (…request…, …token-response…, …error-response)`);
}

let extracted: SeedVocabulary | undefined;
/** The seeds' vocabulary, read on first use (a missing file fails a test, not the run). */
const seeds = (): SeedVocabulary => (extracted ??= readSeedVocabulary(SEED_VOCABULARY_PATH));

/** The profile whose servers name the host a seed sends its requests to. */
async function profileOfSeed(doc: SeedDocument): Promise<string> {
  for (const name of knownProfiles()) {
    const contract = await loadContract(name);
    if (doc.host && contract.servers.some((url) => new URL(url).host === doc.host)) return name;
  }
  throw new Error(`seed ${doc.seed}: no profile serves its host ${doc.host ?? '(none named)'}`);
}

function seedOfFixture(file: string): SeedDocument {
  const doc = Object.values(seeds().bySeed).find((d) => d.seed.slice(0, 3) === file.slice(0, 3));
  if (!doc) throw new Error(`fixture ${file}: no seed ${file.slice(0, 3)}_*.txt`);
  return doc;
}

const readJson = (file: string) => JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8'));

// ---------------------------------------------------------------------------------------------
// Discrepancies of one fixture, computed from the contract's data

function requestDiscrepancies(contract: Contract, operationId: string, body: Record<string, unknown>): Discrepancy[] {
  const op = contract.operations[operationId];
  const verdict = oracleFor(contract).judge(operationId, body);
  const found: Discrepancy[] = [];
  if (verdict.neverSend) {
    found.push({ field: '', kind: 'never-send', expected: 'a request the documents give a verdict on', actual: body, ruling: verdict.rule });
  } else if (!verdict.valid) {
    for (const v of verdict.violations) {
      found.push({ field: v.field, kind: v.kind, expected: v.message, actual: v.field in body ? body[v.field] : ABSENT, ruling: v.rule });
    }
  }
  // Values the contract accepts only because a ruling adds them (x-ivs-ruled-values, e.g. OTHER: T9).
  for (const field of op.fields) {
    const enumSchema = enumSchemaOf(field.schema);
    const ruled: Record<string, string> = enumSchema?.['x-ivs-ruled-values'] ?? {};
    const sent = body[field.name];
    for (const value of Array.isArray(sent) ? sent : [sent]) {
      if (typeof value === 'string' && value in ruled) {
        const documented = enumSchema!.enum.filter((v: unknown) => typeof v !== 'string' || !(v in ruled));
        found.push({ field: field.name, kind: 'ruled-value', expected: `one of ${documented.length} documented values`, actual: value, ruling: ruled[value] });
      }
    }
  }
  return found;
}

/** What an Ajv error says was expected, from its params. */
function expectedOf(error: ErrorObject): unknown {
  const p = error.params as Record<string, unknown>;
  return p.pattern ?? p.limit ?? p.type ?? p.allowedValues ?? p.allowedValue ?? p.missingProperty ?? p.format ?? error.message;
}

function valueAt(body: unknown, pointer: string): unknown {
  let value: any = body;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object' || !(key in value)) return ABSENT;
    value = value[key];
  }
  return value;
}

function schemaDiscrepancies(contract: Contract, schema: JsonSchema, body: unknown): Discrepancy[] {
  return oracleFor(contract)
    .validate(schema, body)
    .map((error) => {
      const top = error.keyword === 'required' && error.instancePath === '' ? String((error.params as any).missingProperty) : error.instancePath.split('/')[1] ?? '';
      return {
        field: top,
        kind: error.keyword,
        expected: expectedOf(error),
        actual: error.keyword === 'required' ? ABSENT : valueAt(body, error.instancePath),
        ruling: schema.properties?.[top]?.['x-ivs-rule'] ?? schema['x-ivs-rule'] ?? '',
      };
    });
}

/**
 * The token response's documented expectations given the request it answers, with the same
 * semantics as the suite's response checks: sent fields echoed (names upper-cased, T3; S1),
 * omitted ones carrying their `default` or an `x-ivs-default-alternatives` value (S1 + the
 * field's rule), `x-ivs-null-unless` fields null unless requested (T17).
 */
function tokenResponseDiscrepancies(contract: Contract, response: Record<string, unknown>, request: Record<string, unknown>): Discrepancy[] {
  const op = contract.operations.createToken;
  const found: Discrepancy[] = [];
  const actualOf = (name: string) => (name in response ? response[name] : ABSENT);
  for (const field of op.fields) {
    const sent = request[field.name];
    if (sent !== undefined && sent !== null) {
      if (!field.echo) continue;
      const expected = field.normalize === 'uppercase' && typeof sent === 'string' ? sent.toUpperCase() : sent;
      if (!isDeepStrictEqual(response[field.name], expected)) {
        found.push({ field: field.name, kind: 'echo', expected, actual: actualOf(field.name), ruling: field.normalize ? 'T3' : 'S1' });
      }
    } else if (field.default) {
      // x-ivs-default-unless: the default does not apply under these sent values (auto-filled additionalSteps).
      const unless = Object.entries(field.default.unless ?? {});
      if (unless.length && unless.every(([key, value]) => isDeepStrictEqual(request[key], value))) continue;
      const allowed = [field.default.value, ...field.default.alternatives];
      // R11: an absent key is judged as null; T9: a configured value valid for the field conforms.
      const judged = response[field.name] === undefined && contract.absentAsNull ? null : response[field.name];
      const configured = field.default.configured && judged !== null && oracleFor(contract).validate(field.schema, judged).length === 0;
      if (!configured && !allowed.some((v) => isDeepStrictEqual(v, judged))) {
        found.push({ field: field.name, kind: 'default', expected: field.default.value, actual: actualOf(field.name), ruling: field.default.rule });
      }
    }
  }
  for (const [name, schema] of Object.entries<JsonSchema>(op.responseSchema?.properties ?? {})) {
    const trigger = schema['x-ivs-null-unless'];
    if (trigger && request[trigger] !== true && response[name] !== null && !(response[name] === undefined && contract.absentAsNull)) {
      found.push({ field: name, kind: 'null-unless', expected: null, actual: actualOf(name), ruling: schema['x-ivs-rule'] });
    }
  }
  return found;
}

/** Fixtures from public vendor pages outside the seeds: `mkadd-` = Mark ID's additional-steps page (api-facts §11). */
const NON_SEED_FIXTURES: Record<string, string> = { 'mkadd-': 'markid' };

async function discrepanciesOf(file: string, register: Register): Promise<Discrepancy[]> {
  const nonSeed = Object.entries(NON_SEED_FIXTURES).find(([prefix]) => file.startsWith(prefix))?.[1];
  const contract = await loadContract(nonSeed ?? (await profileOfSeed(seedOfFixture(file))));
  const body = readJson(file);
  const role = roleOf(file);
  if (role.kind === 'request') return requestDiscrepancies(contract, role.operationId, body);
  if (role.schema === 'error') return schemaDiscrepancies(contract, contract.schemas.Error, body);
  const pair = register.pairs[file];
  assert.ok(pair, `token response fixture ${file} has no request under "pairs:" in ${REGISTER_PATH}`);
  return [...schemaDiscrepancies(contract, contract.operations.createToken.responseSchema!, body), ...tokenResponseDiscrepancies(contract, body, readJson(pair))];
}

// ---------------------------------------------------------------------------------------------
// Names in the contract

/** Property names and enum values of every schema (components and webhooks), `x-` data skipped. */
function contractNames(document: JsonSchema): { properties: Set<string>; enums: Set<string> } {
  const properties = new Set<string>();
  const enums = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) continue;
      if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((k) => properties.add(k));
      if (key === 'enum' && Array.isArray(value)) value.filter((v) => typeof v === 'string').forEach((v) => enums.add(v));
      walk(value);
    }
  };
  walk(document.components?.schemas);
  walk(document.webhooks);
  return { properties, enums };
}

/** The schema holding a request field's enum: the field itself, or its items. */
function enumSchemaOf(schema: JsonSchema): JsonSchema | undefined {
  if (Array.isArray(schema.enum)) return schema;
  if (Array.isArray(schema.items?.enum)) return schema.items;
  return undefined;
}

// ---------------------------------------------------------------------------------------------

describe('contract (issue 2)', () => {
  describe('validity', () => {
    it('validates with @apidevtools/swagger-parser, as written and with every profile applied', async () => {
      await SwaggerParser.validate(CONTRACT_PATH);
      for (const name of knownProfiles()) {
        const patched = applyProfile(readContractDocument(), readProfile(name));
        await SwaggerParser.validate(patched as any).catch((e: Error) => assert.fail(`profile ${name}: ${e.message}`));
      }
    });

    it('lints with Redocly "recommended" without errors (contract and every profile)', async () => {
      const { errors, warnings } = await lintContract();
      assert.deepEqual(errors, [], `Redocly errors:\n${errors.join('\n')}`);
      if (warnings.length) console.log(`      (${warnings.length} Redocly warnings)\n      ${warnings.join('\n      ')}`);
    });

    it('the linter reports what it should (a copy without security and license fails)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ivs-lint-'));
      try {
        const broken = readContractDocument();
        delete broken.info.license;
        delete broken.paths['/api/v2/token'].post.security;
        const path = join(dir, 'broken.yaml');
        writeFileSync(path, toYaml(broken));
        const { errors, warnings } = await lintContract({ path, profiles: [] });
        assert.ok(errors.some((e) => e.includes('security-defined') && e.includes('~1api~1v2~1token')), errors.join('\n'));
        assert.ok(warnings.some((w) => w.includes('info-license')), warnings.join('\n'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('seed examples against the discrepancy register', () => {
    let register: Register;
    before(() => {
      register = readRegister();
    });
    const fixtures = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();

    it('registers every fixture, and nothing else', () => {
      assert.deepEqual(Object.keys(register.fixtures).sort(), fixtures, 'the "fixtures:" map of openapi/DISCREPANCIES.md must name every file in fixtures/');
      for (const [response, request] of Object.entries(register.pairs)) {
        assert.ok(fixtures.includes(response) && fixtures.includes(request), `pair ${response} → ${request}: no such fixture`);
        assert.equal(roleOf(request).kind, 'request', `pair ${response} → ${request}: not a request`);
      }
    });

    it('links every registered item to an entry of the register table', () => {
      const ids = new Set([...register.text.matchAll(/^\| *\*\*([A-Z]+\d+)\*\* *\|/gm)].map((m) => m[1]));
      for (const [file, items] of Object.entries(register.fixtures)) {
        for (const item of items) assert.ok(item.id && ids.has(item.id), `${file}: item ${comparable(item)} has id ${item.id}, not a row of the register`);
      }
    });

    it('names only contract locations that exist (JSON pointers and root x-ivs keys)', () => {
      const document = readContractDocument();
      const rows = register.text.split('\n').filter((line) => /^\| *\*\*[A-Z]+\d+\*\* *\|/.test(line));
      assert.ok(rows.length > 0, 'the register table has no rows');
      const dangling: string[] = [];
      for (const row of rows) {
        const where = row.split(/(?<!\\)\|/).slice(-2, -1)[0] ?? '';
        for (const [, token] of where.matchAll(/`([^`]+)`/g)) {
          // `#/a/b` is a JSON pointer; `x-ivs-a.b` a path from the document root; anything else is prose.
          const pointer = token.startsWith('#/') ? token.slice(1) : /^x-ivs-[\w-]+(\.[\w-]+)*$/.test(token) ? `/${token.split('.').join('/')}` : undefined;
          if (pointer !== undefined && valueAt(document, pointer) === ABSENT) dangling.push(`${row.split('|')[1].trim()}: ${token}`);
        }
      }
      assert.deepEqual(dangling, [], `register locations not in ${CONTRACT_PATH}:\n${dangling.join('\n')}`);
    });

    for (const file of fixtures) {
      it(`${file}: finds exactly the registered discrepancies`, async () => {
        const found = await discrepanciesOf(file, register);
        const registered = register.fixtures[file] ?? [];
        const foundKeys = found.map(comparable).sort();
        const registeredKeys = registered.map(comparable).sort();
        if (isDeepStrictEqual(foundKeys, registeredKeys)) return;
        const unexpected = found.filter((d) => !registeredKeys.includes(comparable(d)));
        const missing = registered.filter((d) => !foundKeys.includes(comparable(d)));
        assert.fail(
          `${file} disagrees with openapi/DISCREPANCIES.md\n  found but not registered:\n${asYaml(unexpected)}\n` +
            `  registered but not found:\n${asYaml(missing)}\n  all found:\n${asYaml(found)}`,
        );
      });
    }
  });

  describe('generated types', () => {
    it('generated/ivs.ts is what `npm run generate` makes of the contract', async () => {
      const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
      // The generation below mirrors this exact command; change both together. Fields with a
      // default stay optional in requests (--default-non-nullable=false).
      assert.equal(pkg.scripts.generate, 'openapi-typescript openapi/ivs.openapi.yaml -o generated/ivs.ts --default-non-nullable=false');
      const expected = COMMENT_HEADER + astToString(await openapiTS(new URL(`file://${CONTRACT_PATH}`), { silent: true, defaultNonNullable: false }));
      let actual = '';
      try {
        actual = readFileSync(GENERATED_PATH, 'utf8');
      } catch {
        // missing: reported below
      }
      if (actual !== expected) assert.fail('generated/ivs.ts is stale or missing: run `npm run generate`');
    });
  });

  describe('seed vocabulary', () => {
    let vocabulary: SeedVocabulary;
    let dump: string;
    before(() => {
      vocabulary = seeds();
      dump = describeVocabulary(vocabulary);
    });

    it('finds field rows in every seed, and values in every row that lists some', () => {
      const docs = Object.values(vocabulary.bySeed);
      assert.ok(docs.length > 0, `no seed documents in ${SEED_VOCABULARY_PATH}`);
      for (const doc of docs) {
        assert.ok(doc.rows.length > 0, `no field rows found in ${doc.seed}\nextracted:\n${dump}`);
        for (const row of doc.rows) {
          if (/(Possible values|Values)\s*:/i.test(row.text)) assert.ok(row.values.length > 0, `${doc.seed}:${row.line} lists values but none were extracted: ${row.text}`);
        }
      }
    });

    it('every recorded row yields its recorded field and values when extracted again', () => {
      const drifted: string[] = [];
      for (const doc of Object.values(vocabulary.bySeed)) {
        assert.match(doc.sha256 ?? '', /^[0-9a-f]{64}$/, `${doc.seed}: no SHA-256 of the document it was extracted from`);
        for (const row of doc.rows) {
          const [again] = extractSeedDocument(doc.seed, row.text).rows;
          if (again?.field !== row.field || !isDeepStrictEqual(again.values, row.values)) drifted.push(`${doc.seed}:${row.line} recorded ${row.field} ${JSON.stringify(row.values)}, extracted ${again?.field} ${JSON.stringify(again?.values)}`);
        }
      }
      assert.deepEqual(drifted, [], `openapi/seed-vocabulary.json disagrees with the extractor (test/helpers/seeds.ts):\n${drifted.join('\n')}`);
    });

    it('every field the seeds name is a property of a contract schema (seed profile applied)', async () => {
      const missing: string[] = [];
      for (const doc of Object.values(vocabulary.bySeed)) {
        const profile = await profileOfSeed(doc);
        const names = contractNames((await loadContract(profile)).document);
        for (const row of doc.rows) if (!names.properties.has(row.field)) missing.push(`${doc.seed}:${row.line} ${row.field} (profile ${profile})`);
      }
      assert.deepEqual(missing, [], `fields missing from the contract:\n${missing.join('\n')}\nextracted:\n${dump}`);
    });

    it('every enum value the seeds name is an enum value of the contract (seed profile applied)', async () => {
      const missing: string[] = [];
      for (const doc of Object.values(vocabulary.bySeed)) {
        const profile = await profileOfSeed(doc);
        const names = contractNames((await loadContract(profile)).document);
        for (const row of doc.rows) {
          for (const value of row.values) if (!names.enums.has(value)) missing.push(`${doc.seed}:${row.line} ${row.field}: ${value} (profile ${profile})`);
        }
      }
      assert.deepEqual(missing, [], `enum values missing from the contract:\n${missing.join('\n')}\nextracted:\n${dump}`);
    });

    it('request enums hold no value the seeds do not name, except x-ivs-ruled-values', async () => {
      const problems: string[] = [];
      const docs = Object.values(vocabulary.bySeed);
      for (const profile of knownProfiles()) {
        const contract = await loadContract(profile);
        const ownDocs: SeedDocument[] = [];
        for (const doc of docs) if ((await profileOfSeed(doc)) === profile) ownDocs.push(doc);
        for (const operationId of ['createToken', 'addDummyStatus']) {
          for (const field of contract.operations[operationId].fields) {
            const enumSchema = enumSchemaOf(field.schema);
            if (!enumSchema) continue;
            // The profile's own seeds decide when they document the field; else any seed does
            // (the iDenfy dummy page refers to the token page for the token fields).
            const rowsOf = (ds: SeedDocument[]) => ds.flatMap((d) => d.rows.filter((r) => r.field === field.name));
            const rows = rowsOf(ownDocs).some((r) => r.values.length) ? rowsOf(ownDocs) : rowsOf(docs);
            const named = new Set(rows.flatMap((r) => r.values));
            const ruled: Record<string, string> = enumSchema['x-ivs-ruled-values'] ?? {};
            if (named.size === 0) {
              // A row that lists no values must point at an external code list (ISO alpha-2).
              if (!rows.some((r) => /alpha-2/.test(r.text))) problems.push(`${profile} ${operationId}.${field.name}: an enum, but no seed row lists its values or names a code list`);
              continue;
            }
            for (const value of enumSchema.enum) {
              if (named.has(value) && value in ruled) problems.push(`${profile} ${operationId}.${field.name}: ${value} is tagged x-ivs-ruled-values (${ruled[value]}) but the seeds name it`);
              if (!named.has(value) && !(value in ruled)) problems.push(`${profile} ${operationId}.${field.name}: ${value} is not named by the seeds and not tagged in x-ivs-ruled-values`);
            }
          }
        }
      }
      assert.deepEqual(problems, [], `${problems.join('\n')}\nextracted:\n${dump}`);
    });
  });

  describe('profiles', () => {
    it('idenfy adds FACE_NOT_CHECKED and points servers and redirect-URL defaults at iDenfy', async () => {
      const contract = await loadContract('idenfy');
      assert.ok(contract.schemas.ManualFaceStatus.enum.includes('FACE_NOT_CHECKED'));
      assert.deepEqual(contract.servers, ['https://ivs.idenfy.com']);
      const defaults = Object.fromEntries(contract.operations.createToken.fields.map((f) => [f.name, f.default?.value]));
      for (const name of ['successUrl', 'errorUrl', 'unverifiedUrl']) assert.match(String(defaults[name]), /^https:\/\/ui\.idenfy\.com\/result\?status=/, name);
      assert.equal(oracleFor(contract).judge('addDummyStatus', { scanRef: 'x', manualFaceMatchResult: 'FACE_NOT_CHECKED', manualDocumentValidity: 'DOC_VALIDATED' }).valid, true);
    });

    it('markid changes nothing but the servers (no FACE_NOT_CHECKED, Mark ID URLs)', async () => {
      const base = readContractDocument();
      const profile = readProfile('markid');
      assert.deepEqual(applyProfile(base, profile), { ...base, servers: profile.servers ?? base.servers });
      const contract = await loadContract('markid');
      assert.ok(!contract.schemas.ManualFaceStatus.enum.includes('FACE_NOT_CHECKED'));
      assert.deepEqual(contract.servers, ['https://ivs.markid.eu']);
      const successUrl = contract.operations.createToken.fields.find((f) => f.name === 'successUrl');
      assert.equal(successUrl?.default?.value, 'https://ui.markid.eu/result?status=success');
      const verdict = oracleFor(contract).judge('addDummyStatus', { scanRef: 'x', manualFaceMatchResult: 'FACE_NOT_CHECKED', manualDocumentValidity: 'DOC_VALIDATED' });
      // FACE_NOT_CHECKED is vendor vocabulary outside the idenfy profile: never sent, no verdict (V1).
      assert.ok(verdict.neverSend && verdict.rule === 'V1');
    });

    it('an unknown profile name gives a one-line error', async () => {
      await assert.rejects(
        async () => loadContract('no-such-profile'),
        (e: Error) => /unknown profile "no-such-profile"/.test(e.message) && !e.message.includes('\n'),
      );
    });
  });
});
