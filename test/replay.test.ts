// Reproduce and re-check: chained curl reproductions that run as shown (the dummy token first,
// its scanRef in a shell variable), webhook evidence whose openssl line recomputes the signature,
// `replay` saying still failing against the mutant and fixed against the faithful reference, the
// printed replay line working as printed, and --har saving every exchange with secrets redacted.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { readReport } from '../src/reporters/json.ts';
import type { Report } from '../src/findings/model.ts';
import { removeTemps, runCli, runCliInProcess, show, tempDir, type CliResult } from './helpers/cli.ts';

const KEY = 'replay-key';
const SECRET = 'replay-secret';
const ENV = { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET };

async function run(target: string, args: string[] = []): Promise<{ result: CliResult; dir: string; cwd: string; report: Report }> {
  const cwd = tempDir('ivs-replay-');
  const dir = join(cwd, 'out');
  const result = await runCliInProcess(['run', '--target', target, '--environment', 'development', '--report-dir', dir, '--no-progress', '--runs', '3', '--seed', '21', ...args], { cwd, env: ENV });
  return { result, dir, cwd, report: readReport(join(dir, 'report.json')) };
}

/** Runs a shell line asynchronously (the reference answers from this very process). */
async function bash(script: string, env: Record<string, string | undefined> = {}, cwd?: string): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', ['-c', script], { env: { PATH: process.env.PATH, ...env, BASH_ENV: undefined }, cwd, encoding: 'utf8', timeout: 120_000 });
  return stdout;
}

describe('reproduce and re-check', function () {
  this.timeout(180_000);
  let mutant: ReferenceServer;
  let faithful: ReferenceServer;
  let first: Awaited<ReturnType<typeof run>>;
  before(async () => {
    [mutant, faithful] = await Promise.all([
      startReference({ credentials: [{ key: KEY, secret: SECRET }], mutant: 'manual-face-off-list-accepted' }),
      startReference({ credentials: [{ key: KEY, secret: SECRET }] }),
    ]);
    first = await run(mutant.url);
  });
  after(async () => {
    await mutant?.close();
    await faithful?.close();
    removeTemps();
  });

  it('the mutant is found, and its add-dummy-status reproduction creates the dummy token first and runs as shown', async () => {
    assert.equal(first.result.code, 1, show(first.result));
    const dependent = first.report.deviations.find((d) => d.endpoint === 'POST /api/v2/add-dummy-status' && d.reproduce?.includes('SCAN_REF=$('));
    assert.ok(dependent, first.report.deviations.map((d) => d.reproduce).join('\n\n'));
    assert.match(dependent.reproduce!, /^# 1\. create the verification it depends on/);
    assert.ok(dependent.reproduce!.includes(`'"$SCAN_REF"'`));
    assert.ok(!dependent.reproduce!.includes(KEY) && !dependent.reproduce!.includes(SECRET));
    // Run it: the deviant answer (200 for an off-list manual result) comes back.
    const output = await bash(dependent.reproduce!, ENV);
    assert.match(output, /^HTTP\/1\.1 200/m, output);
    const problem = first.report.problems!.find((p) => p.deviationIds.includes(dependent.id))!;
    assert.ok(problem.reproduce?.includes('SCAN_REF=$('), 'the problem shows the whole chain too');
  });

  it('replay against the mutant: every deviation still failing, exit 1', async () => {
    const result = await runCliInProcess(['replay', join(first.dir, 'report.json'), '--target', mutant.url], { cwd: first.cwd, env: ENV });
    assert.equal(result.code, 1, show(result));
    assert.equal(result.stdout.split('\n').filter((l) => l.startsWith('still failing')).length, first.report.deviations.length, result.stdout);
    assert.match(result.stdout, new RegExp(`^replay: ${first.report.deviations.length} still failing, 0 fixed, 0 inconclusive`, 'm'));
  });

  it('replay against the faithful reference: every deviation fixed, exit 0; --id picks one', async () => {
    const result = await runCliInProcess(['replay', join(first.dir, 'report.json'), '--target', faithful.url], { cwd: first.cwd, env: ENV });
    assert.equal(result.code, 0, show(result));
    assert.equal(result.stdout.split('\n').filter((l) => l.startsWith('fixed')).length, first.report.deviations.length, result.stdout);
    const id = first.report.deviations[0].id.slice(0, 10);
    const one = await runCliInProcess(['replay', join(first.dir, 'report.json'), '--target', mutant.url, '--id', id], { cwd: first.cwd, env: ENV });
    assert.equal(one.code, 1, show(one));
    assert.match(one.stdout, /^replay: 1 still failing, 0 fixed, 0 inconclusive/m);
    const unknown = await runCliInProcess(['replay', join(first.dir, 'report.json'), '--id', 'ffffffffffff'], { cwd: first.cwd, env: ENV });
    assert.equal(unknown.code, 2, show(unknown));
  });

  it('the printed replay line works as printed (target, grep and seed kept; secrets as variable names)', async () => {
    const cwd = tempDir('ivs-replay-');
    const dir = join(cwd, 'out');
    // A real subprocess: the printed line is the program as this process was invoked.
    const result = await runCli(['run', '--target', mutant.url, '--environment', 'development', '--report-dir', dir, '--no-progress', '--grep', 'dummy', '--seed', '33'], { cwd, env: ENV });
    assert.equal(result.code, 1, show(result));
    const line = result.stdout.match(/^replay: (.+)$/m)![1];
    assert.ok(line.includes(`--target ${mutant.url}`) && line.includes('--grep dummy') && line.includes('--seed 33'), line);
    assert.ok(!line.includes(SECRET) && !line.includes(KEY), line);
    // Exactly as printed (its trailing comment included), from the directory the run was started in.
    const again = await bash(`${line}\necho "exit $?"`, { ...process.env, ...ENV, CI: '1' }, cwd);
    assert.match(again, /exit 1\s*$/, again);
    const replayed = readReport(join(cwd, 'reports', 'latest', 'report.json'));
    const original = readReport(join(dir, 'report.json'));
    assert.deepEqual(replayed.deviations.map((d) => d.id), original.deviations.map((d) => d.id));
    assert.equal(replayed.summary.checks, original.summary.checks);
  });

  it('--har saves every exchange as HAR 1.2 with no secret in it', async () => {
    const cwd = tempDir('ivs-replay-');
    const har = join(cwd, 'run.har');
    const { result, report } = await run(faithful.url, ['--grep', 'auth', '--har', har]);
    assert.equal(result.code, 0, show(result));
    const text = readFileSync(har, 'utf8');
    const { log } = JSON.parse(text);
    assert.equal(log.version, '1.2');
    assert.equal(log.creator.name, 'ivs-conformance');
    assert.ok(log.entries.length > 10 && log.entries.length <= report.requests, `${log.entries.length} entries, ${report.requests} requests`);
    for (const entry of log.entries) {
      assert.ok(entry.request.url.startsWith(faithful.url));
      assert.equal(typeof entry.response.status, 'number');
      assert.ok(!Number.isNaN(Date.parse(entry.startedDateTime)));
      const auth = entry.request.headers.find((h: { name: string }) => h.name === 'authorization');
      if (auth) assert.match(auth.value, /^\S+ <redacted>$|^<redacted>$/);
    }
    assert.ok(log.entries.some((e: { response: { status: number } }) => e.response.status === 401), 'the auth suite’s refusals are there');
    for (const secret of [KEY, SECRET, Buffer.from(`${KEY}:${SECRET}`).toString('base64')]) assert.ok(!text.includes(secret), `HAR contains ${secret}`);
  });

  it('a webhook deviation carries the delivery received (headers, body) and an openssl line that recomputes its signature', async () => {
    // A delivery that verifies (its body is kept) but says the wrong thing (W3).
    const signer = await startReference({ credentials: [{ key: KEY, secret: SECRET }], mutant: 'webhook-auto-overall-approved' });
    try {
      const { result, report } = await run(signer.url, ['--grep', 'webhook']);
      assert.equal(result.code, 1, show(result));
      const d = report.deviations.find((x) => x.category === 'webhook' && x.webhook);
      assert.ok(d, JSON.stringify(report.deviations.map((x) => [x.check, x.actual, Boolean(x.webhook)])));
      const signature = d.webhook!.headers['idenfy-signature'];
      assert.match(signature, /^[0-9a-f]{64}$/);
      assert.ok(d.webhook!.body.startsWith('{'));
      // With the signing key (default: the API secret) the line reproduces the header; with another key it does not.
      assert.equal((await bash(d.webhook!.verify, { IVS_API_SECRET: SECRET })).trim(), signature);
      assert.notEqual((await bash(d.webhook!.verify, { IVS_WEBHOOK_SIGNING_KEY: KEY })).trim(), signature);
    } finally {
      await signer.close();
    }
  });
});
