// The coverage matrix comes from the contract itself: a contract copy (a profile patching in
// keywords the generators never saw, and an extension no code reads) shows each as covered or GAP
// in `ivs-conformance list`, and the planted keywords are really broken by the generated cases.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from './helpers/cli.ts';
import { loadContract } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import { invalidValues } from '../src/arbitraries/values.ts';
import { contractExtensions, coverageMatrix } from '../src/engine/coverage.ts';
import { planRun } from '../src/plan.ts';

const PLANTED = `name: planted
description: a contract copy with keywords and an extension the generators were not written for
patch:
  - { op: add, path: /components/schemas/TokenRequest/properties/documents/maxItems, value: 5 }
  - { op: add, path: /components/schemas/TokenRequest/properties/expiryTime/multipleOf, value: 60 }
  - { op: add, path: /components/schemas/TokenRequest/properties/address/minProperties, value: 2 }
  - { op: add, path: /components/schemas/TokenRequest/properties/clientId/x-ivs-planted-unknown, value: true }
`;

describe('coverage matrix from the contract (issue 13)', function () {
  this.timeout(120_000);
  let dir: string;
  let profile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ivs-coverage-'));
    profile = join(dir, 'planted.yaml');
    writeFileSync(profile, PLANTED);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('`list` shows planted maxItems and multipleOf as covered, a keyword nothing can break and an unknown x-ivs-* extension as GAP', async () => {
    const result = await runCliInProcess(['list', '--profile', profile]);
    assert.equal(result.code, 0, result.stderr);
    const row = (field: string, constraint: string) => result.stdout.split('\n').find((l) => new RegExp(`\\s${field}\\s+${constraint}\\s`).test(l));
    assert.match(row('documents', 'maxItems') ?? 'missing', /\[plugin\] \d+ case\(s\)$/);
    assert.match(row('expiryTime', 'multipleOf') ?? 'missing', /\[generic negation\] \d+ case\(s\)$/);
    // minProperties on a string constrains nothing a string can break: nothing exercises it.
    assert.match(row('address', 'minProperties') ?? 'missing', /GAP/);
    assert.match(row('clientId', 'x-ivs-planted-unknown') ?? 'missing', /GAP \(no code reads it\)/);
    assert.match(result.stdout, /constraints, [1-9]\d* gaps/);
    assert.doesNotMatch(row('documents', 'minItems') ?? '', /GAP/);
  });

  it('the planted keywords are broken by values the oracle refuses for that keyword alone', async () => {
    const contract = await loadContract(profile);
    const op = contract.operations.createToken;
    const oracle = oracleFor(contract);
    for (const [field, keyword] of [['documents', 'maxItems'], ['expiryTime', 'multipleOf']]) {
      const schema = op.fields.find((f) => f.name === field)!.schema;
      const breakers = invalidValues(schema).filter((c) => c.constraint === keyword);
      assert.ok(breakers.length > 0, `${field} ${keyword}: no breaker`);
      for (const b of breakers) {
        const verdict = oracle.judge('createToken', { clientId: 'c', [field]: b.value });
        assert.ok(!verdict.valid && !verdict.neverSend && verdict.violations.every((v) => v.field === field && v.kind === keyword), `${field}=${JSON.stringify(b.value)}: ${JSON.stringify(verdict)}`);
      }
    }
    // Hand-checked: 6 documents for maxItems 5; a value not divisible by 60 for multipleOf 60.
    const docs = invalidValues(op.fields.find((f) => f.name === 'documents')!.schema).find((c) => c.constraint === 'maxItems')!.value as unknown[];
    assert.equal(docs.length, 6);
    const minutes = invalidValues(op.fields.find((f) => f.name === 'expiryTime')!.schema).filter((c) => c.constraint === 'multipleOf').map((c) => c.value as number);
    assert.ok(minutes.every((n) => n % 60 !== 0), String(minutes));
  });

  it('every x-ivs-* extension of the shipped contract is read by some module (no GAP), and the walk finds nested ones', async () => {
    const contract = await loadContract('markid');
    const extensions = contractExtensions(contract);
    assert.ok(extensions.has('x-ivs-neighbours') && extensions.has('x-ivs-forbidden') && extensions.has('x-ivs-webhook'));
    const plan = planRun(contract, { environment: 'development', allowProductionWrites: false });
    const gaps = coverageMatrix(contract, plan).filter((r) => r.status === 'GAP');
    assert.deepEqual(gaps.map((g) => `${g.field} ${g.constraint}`), []);
  });
});
