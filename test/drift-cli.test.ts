// The drift commands as a user runs them, over real HTTP to reference servers on 127.0.0.1:
// `run --compare-to`, `run --against URL2` (the same seeded plan to a second target, each with its
// own key pair), `diff BEFORE AFTER` in every format, and their exit codes under --fail-on.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { removeTemps, runCliInProcess, tempDir } from './helpers/cli.ts';

const KEY = 'drift-key-one';
const SECRET = 'drift-secret-one';
const KEY_B = 'drift-key-two';
const SECRET_B = 'drift-secret-two';
const SMALL = ['--grep', '^token-defaults', '--runs', '2', '--no-progress'];
const ENV = { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET };

describe('drift on the command line (run --compare-to, run --against, diff)', function () {
  this.timeout(180_000);
  const servers: ReferenceServer[] = [];
  let faithful: ReferenceServer;
  let alternate: ReferenceServer;
  let mutant: ReferenceServer;
  let dir: string;

  const runOn = (server: ReferenceServer, out: string, extra: string[] = [], env: Record<string, string> = ENV) =>
    runCliInProcess(['run', '--target', server.url, '--environment', 'development', '--report-dir', out, ...SMALL, ...extra], { env });

  before(async () => {
    faithful = await startReference({ credentials: [{ key: KEY, secret: SECRET }], environment: 'development' });
    alternate = await startReference({ credentials: [{ key: KEY_B, secret: SECRET_B }], environment: 'development', alternates: ['locale-default-null'] });
    mutant = await startReference({ credentials: [{ key: KEY, secret: SECRET }], environment: 'development', mutant: 'default-locale-lt' });
    servers.push(faithful, alternate, mutant);
    dir = tempDir('ivs-drift-cli-');
    const [a, b] = await Promise.all([runOn(faithful, join(dir, 'faithful'), ['--seed', '11']), runOn(mutant, join(dir, 'mutant'), ['--seed', '11'])]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 1, b.stderr);
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    removeTemps();
  });

  it('run --compare-to an earlier run with another seed: no change; drift.md written; --fail-on change passes', async () => {
    const out = join(dir, 'again');
    const result = await runOn(faithful, out, ['--seed', '12', '--compare-to', join(dir, 'faithful'), '--fail-on', 'change']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /no behavioural change \(\d+ checks compared\)/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    assert.equal(report.drift.changes.length, 0);
    assert.ok(report.drift.compared > 40);
    assert.ok(existsSync(join(out, 'drift.md')) && existsSync(join(out, 'drift.html')));
  });

  it('run --against a second target with its own credentials: the same seeded plan, drift named by T5, exit by --fail-on', async () => {
    const out = join(dir, 'against');
    const env = { ...ENV, IVS_AGAINST_API_KEY: KEY_B, IVS_AGAINST_API_SECRET: SECRET_B };
    const result = await runOn(faithful, out, ['--seed', '21', '--against', alternate.url, '--fail-on', 'drift'], env);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /the same seeded plan \(seed 21\) against http:\/\/127\.0\.0\.1/);
    assert.match(result.stdout, /DRIFT \[T5\] \d+ checks?: body\.locale: "en" → null/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const second = JSON.parse(readFileSync(join(out, 'against', 'report.json'), 'utf8'));
    assert.equal(second.seed, 21);
    assert.equal(second.target.url, alternate.url);
    assert.equal(report.drift.counts.regression, 0);
    assert.ok(report.drift.counts.drift > 0);
    const text = readFileSync(join(out, 'report.json'), 'utf8') + readFileSync(join(out, 'drift.md'), 'utf8');
    for (const secret of [SECRET, SECRET_B]) assert.ok(!text.includes(secret), 'no secret in the reports');
    assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<section id="drift">/);

    const lenient = await runOn(faithful, join(dir, 'against-2'), ['--seed', '21', '--against', alternate.url, '--fail-on', 'regression'], env);
    assert.equal(lenient.code, 0, lenient.stdout + lenient.stderr);
  });

  it('diff: a regression under T5 (exit 1 by default), and the way back a fix (exit 0 unless --fail-on fix)', async () => {
    const forward = await runCliInProcess(['diff', join(dir, 'faithful'), join(dir, 'mutant')]);
    assert.equal(forward.code, 1, forward.stderr);
    assert.match(forward.stdout, /REGRESSION \[T5\]/);
    const back = await runCliInProcess(['diff', join(dir, 'mutant', 'report.json'), join(dir, 'faithful', 'report.json'), '--format', 'json']);
    assert.equal(back.code, 0, back.stderr);
    const drift = JSON.parse(back.stdout);
    assert.ok(drift.counts.fix > 0 && drift.counts.regression === 0);
    assert.ok(drift.changes.find((c: any) => c.class === 'fix').before.reproduce.includes('curl'));
    const strict = await runCliInProcess(['diff', join(dir, 'mutant'), join(dir, 'faithful'), '--fail-on', 'fix', '--format', 'md', '--report-dir', join(dir, 'diff-out')]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /^## Behavioural changes/m);
    assert.match(strict.stdout, /\| Fix \| T5 \|/);
    assert.ok(existsSync(join(dir, 'diff-out', 'drift.html')));
  });

  it('bad input: one line and exit 2', async () => {
    const missing = await runCliInProcess(['diff', join(dir, 'nowhere'), join(dir, 'faithful')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^ivs-conformance: cannot read BEFORE: not a report\.json: .*\n$/);
    const badTerm = await runCliInProcess(['diff', join(dir, 'faithful'), join(dir, 'mutant'), '--fail-on', 'webhook']);
    assert.equal(badTerm.code, 2);
    assert.equal(badTerm.stderr.split('\n').filter(Boolean).length, 1);
    // A second target that cannot be reached: the first target's reports stand, exit 3, one line on why.
    const unreachable = await runCliInProcess(['run', '--report-dir', join(dir, 'unreachable'), '--against', 'http://127.0.0.1:9', ...SMALL, '--grep', '^token-defaults.*locale'], {
      env: { IVS_AGAINST_API_KEY: KEY_B, IVS_AGAINST_API_SECRET: SECRET_B },
    });
    assert.equal(unreachable.code, 3, unreachable.stdout + unreachable.stderr);
    assert.match(unreachable.stderr, /--against http:\/\/127\.0\.0\.1:9: target unreachable/);
    assert.ok(existsSync(join(dir, 'unreachable', 'report.json')));
    const both = await runCliInProcess(['run', '--compare-to', join(dir, 'faithful'), '--against', faithful.url, ...SMALL]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /cannot be combined/);
  });
});
