// Sharding as a CI matrix uses it: three `run --shard i/3` processes with one seed against a reference
// with a mutant switched on, merged with `report --merge`, equal the unsharded run of that seed in
// everything that does not depend on server-generated values: the checks, the deviation ids, the counts.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../src/findings/model.ts';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { readReport } from '../src/reporters/json.ts';
import { removeTemps, runCliInProcess, show, STACK_LINE, tempDir } from './helpers/cli.ts';

const MUTANT = 'bad-value-422';
const SEED = '424242';
const KEY = 'shard-key';
const SECRET = 'shard-secret';

const checkKey = (c: { suite: string; check: string; field?: string; constraint?: string }) => [c.suite, c.check, c.field ?? '', c.constraint ?? ''].join(' | ');
const sortedKeys = (r: Report) => (r.checks ?? []).map(checkKey).sort();
const ids = (r: Report) => r.deviations.map((d) => d.id).sort();
const counts = (r: Report) => {
  const { checks, passed, deviations, inconclusive, byCategory } = r.summary;
  return { checks, passed, deviations, inconclusive, byCategory };
};

describe('shards: run --shard i/3 ×3 + report --merge = the unsharded run', function () {
  // A bound on a hang: four runs one after another in this process (seconds each when idle).
  this.timeout(600_000);
  let shardReference: ReferenceServer;
  let wholeReference: ReferenceServer;
  let shards: Report[];
  let merged: Report;
  let whole: Report;
  let mergedDir: string;

  before(async () => {
    const options = { mutant: MUTANT, credentials: [{ key: KEY, secret: SECRET }], environment: 'development' as const };
    [shardReference, wholeReference] = await Promise.all([startReference(options), startReference(options)]);
    const cwd = tempDir('ivs-shards-');
    const common = (url: string) => ['run', '--target', url, '--api-key', KEY, '--api-secret', SECRET, '--environment', 'development', '--seed', SEED, '--no-progress'];
    const dirs = [1, 2, 3].map((i) => join(cwd, `shard-${i}`));
    const results = await Promise.all([
      ...dirs.map((dir, i) => runCliInProcess([...common(shardReference.url), '--shard', `${i + 1}/3`, '--report-dir', dir], { cwd })),
      runCliInProcess([...common(wholeReference.url), '--report-dir', join(cwd, 'whole')], { cwd }),
    ]);
    for (const result of results) {
      assert.equal(result.code, 1, show(result)); // every shard and the whole run see deviations
      assert.doesNotMatch(result.stderr, STACK_LINE);
    }
    shards = dirs.map((dir) => readReport(join(dir, 'report.json')));
    whole = readReport(join(cwd, 'whole', 'report.json'));

    mergedDir = join(cwd, 'merged');
    const merge = await runCliInProcess(['report', '--merge', ...dirs.map((d) => join(d, 'report.json')), '--report-dir', mergedDir], { cwd });
    assert.equal(merge.code, 1, show(merge)); // the merged run has deviations
    assert.doesNotMatch(merge.stderr, STACK_LINE);
    merged = readReport(join(mergedDir, 'report.json'));
  });

  after(async () => {
    await shardReference?.close();
    await wholeReference?.close();
    removeTemps();
  });

  it('each shard ran a disjoint, non-empty slice, and says which', () => {
    const seen = new Set<string>();
    shards.forEach((shard, i) => {
      assert.deepEqual(shard.shard, { index: i + 1, count: 3 });
      assert.equal(String(shard.seed), SEED);
      assert.ok(shard.summary.checks > 0, `shard ${i + 1} ran no check`);
      for (const key of sortedKeys(shard)) {
        assert.ok(!seen.has(key), `${key} ran in two shards`);
        seen.add(key);
      }
    });
    assert.ok(shards.filter((s) => s.deviations.length > 0).length >= 2, 'the deviations spread over several shards');
  });

  it('the merge writes every format and a valid report.json without a shard field', () => {
    for (const file of ['report.json', 'junit.xml', 'report.html', 'summary.md']) assert.ok(existsSync(join(mergedDir, file)), file);
    assert.equal(merged.shard, undefined);
    assert.equal(merged.complete, true);
    assert.equal(String(merged.seed), SEED);
    assert.equal(merged.target.url, shardReference.url);
    assert.equal(merged.requests, shards.reduce((n, s) => n + s.requests, 0));
    assert.equal(merged.verdict, 'deviations');
  });

  it('the same set of checks as the unsharded run', () => {
    const keys = sortedKeys(merged);
    assert.ok(keys.length > 100, `${keys.length} checks`);
    assert.equal(new Set(keys).size, keys.length, 'no check twice');
    assert.deepEqual(keys, sortedKeys(whole));
  });

  it('the same deviation ids, several of them, in the category of the mutant', () => {
    assert.ok(whole.deviations.length >= 3, `the mutant yields only ${whole.deviations.length} deviations`);
    assert.deepEqual(ids(merged), ids(whole));
    assert.ok(whole.deviations.every((d) => d.category === 'status-code'), JSON.stringify(whole.summary.byCategory));
    // Each check points at the same deviations in both.
    const failed = (r: Report) => Object.fromEntries((r.checks ?? []).filter((c) => c.status === 'failed').map((c) => [checkKey(c), [...(c.deviationIds ?? [])].sort()]));
    assert.deepEqual(failed(merged), failed(whole));
  });

  it('the same summary counts', () => {
    assert.deepEqual(counts(merged), counts(whole));
    assert.equal(merged.summary.checks, shards.reduce((n, s) => n + s.summary.checks, 0));
    assert.equal(merged.summary.deviations, merged.deviations.length);
    console.log(`      shards ${shards.map((s) => `${s.summary.checks}/${s.deviations.length}`).join(' + ')} (checks/deviations) → merged ${JSON.stringify(counts(merged))}`);
  });
});
