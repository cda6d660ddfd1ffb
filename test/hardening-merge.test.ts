// Issue 20 item 6: `report --merge` of untrusted shard reports (CI artifacts anyone in the pipeline
// could have written). Shards come from real runs against a hostile target on loopback, then are
// tampered with: a planted command is never shown as a reproduction, __proto__/constructor keys
// stay plain data, the same shard twice is refused, large shards merge in linear time, and a file
// too large to be a report is refused before it is read.
import { strict as assert } from 'node:assert';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { assertOneLineError, filesUnder, removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';
import { MAX_REPORT_BYTES } from '../src/reporters/json.ts';

const ENV = { IVS_API_KEY: 'merge-key', IVS_API_SECRET: 'merge-secret' };
const PLANTED = 'touch ivs-pwn-merge';

describe('hardening: merging untrusted shard reports (issue 20 item 6)', function () {
  this.timeout(180_000);
  let target: HostileServer;
  const shards: string[] = [];
  let work = '';

  before(async () => {
    target = await startHostile((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
    work = tempDir('ivs-merge-');
    for (const shard of ['1/2', '2/2']) {
      const dir = join(work, `shard-${shard[0]}`);
      const result = await runCliInProcess(
        ['run', '--no-preflight', '--target', target.url, '--environment', 'development', '--grep', '^auth', '--runs', '1', '--max-requests', '15', '--shard', shard, '--seed', '4242', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200'],
        { env: ENV },
      );
      assert.ok(result.code === 1 || result.code === 3, show(result));
      shards.push(join(dir, 'report.json'));
    }
  });
  after(async () => {
    await target?.close();
    removeTemps();
  });

  it('a planted command is never shown, and __proto__ / constructor keys are counted as plain keys', async () => {
    const report = JSON.parse(readFileSync(shards[0], 'utf8'));
    assert.ok(report.deviations.length > 0);
    for (const d of report.deviations) d.reproduce = `${PLANTED} # curl`;
    for (const p of report.problems ?? []) p.reproduce = `${PLANTED} # curl`;
    report.replay = PLANTED;
    report.retries = { total: 7, byReason: JSON.parse('{"__proto__": 5, "constructor": 2}') };
    const tampered = join(work, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(report).replace('"tool":', '"__proto__":{"polluted":"yes"},"tool":'));
    const out = join(work, 'merged');
    const result = await runCliInProcess(['report', '--merge', tampered, shards[1], '--report-dir', out]);
    assert.ok(result.code === 1 || result.code === 3, show(result));
    for (const file of filesUnder(out)) assert.ok(!readFileSync(file, 'utf8').includes(PLANTED), `${file} shows the planted command`);
    assert.ok(!result.stdout.includes(PLANTED));
    const merged = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    assert.equal(merged.retries.byReason.__proto__, 5, JSON.stringify(merged.retries));
    assert.equal(merged.retries.byReason.constructor, 2);
    const rebuilt = merged.deviations.filter((d: { reproduce?: string }) => d.reproduce);
    assert.ok(rebuilt.every((d: { reproduce: string }) => d.reproduce.startsWith('# rebuilt from the shard report')), 'every command shown is rebuilt');
  });

  it('the same shard given twice (under another name) is refused: one line, exit 2', async () => {
    const copy = join(work, 'copy.json');
    writeFileSync(copy, readFileSync(shards[0]));
    const result = await runCliInProcess(['report', '--merge', shards[0], shards[1], copy, '--report-dir', join(work, 'twice')]);
    assert.equal(result.code, 2, show(result));
    assertOneLineError(result, /shard 1\/2 is given twice/);
  });

  it('large shards merge in linear time (30,000 deviations and checks; the quadratic junit writer took minutes)', async () => {
    const big = (path: string, index: number) => {
      const report = JSON.parse(readFileSync(path, 'utf8'));
      const [d] = report.deviations.length ? report.deviations : JSON.parse(readFileSync(shards[0], 'utf8')).deviations;
      const [c] = report.checks;
      report.deviations = [];
      report.checks = [];
      for (let i = 0; i < 15_000; i++) {
        const id = `${index}${i.toString(16).padStart(15, '0')}`;
        report.deviations.push({ ...d, id });
        report.checks.push({ ...c, check: `${c.check} #${i}`, status: 'failed', deviationIds: [id] });
      }
      delete report.problems;
      report.summary = { ...report.summary, checks: report.checks.length, passed: 0, failed: report.checks.length, inconclusive: 0, deviations: report.deviations.length };
      const file = join(work, `big-${index}.json`);
      writeFileSync(file, JSON.stringify(report));
      return file;
    };
    const files = [big(shards[0], 1), big(shards[1], 2)];
    const result = await runCliInProcess(['report', '--merge', ...files, '--report-dir', join(work, 'big')]);
    assert.ok(result.code === 1 || result.code === 3, show(result));
    assert.equal(JSON.parse(readFileSync(join(work, 'big', 'report.json'), 'utf8')).deviations.length, 30_000);
  });

  it(`a file larger than a report can be (${MAX_REPORT_BYTES} bytes) is refused before it is read: one line, exit 2`, async () => {
    const huge = join(work, 'huge.json');
    const text = readFileSync(shards[1], 'utf8');
    const fd = openSync(huge, 'w');
    writeSync(fd, text.slice(0, -2));
    const pad = Buffer.alloc(1024 * 1024, ' ');
    for (let n = 0; n <= MAX_REPORT_BYTES / pad.length; n++) writeSync(fd, pad);
    writeSync(fd, text.slice(-2));
    closeSync(fd);
    const result = await runCliInProcess(['report', '--merge', shards[0], huge, '--report-dir', join(work, 'huge')]);
    assert.equal(result.code, 2, show(result));
    assertOneLineError(result, /more than the \d+ a report of this tool can take/);
  });
});
