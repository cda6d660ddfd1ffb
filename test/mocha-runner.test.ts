// A plain `npx mocha` runs the conformance suites (issue 22 item 2): .mocharc.json points at
// suites/conformance.spec.ts, the target comes from the environment variables `run` reads, and
// mocha's counts are the checks': a failed check is a failed test, an inconclusive one pending.
// Spawns mocha's own bin in the repository against references started here (real HTTP, loopback).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.ts';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import type { Report } from '../src/findings/model.ts';

const MOCHA_BIN = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const KEY = 'mocha-runner-key';
const SECRET = 'mocha-runner-secret';
// The auth suite: small, and fails many checks when a wrong secret is accepted.
const GREP = '^auth$';

interface MochaJson {
  stats: { tests: number; passes: number; failures: number; pending: number };
  failures: { fullTitle: string; title: string; err: { message?: string } }[];
  passes: { fullTitle: string }[];
  pending: { fullTitle: string }[];
}

/** `mocha <args>` in the repository with only the given IVS_* variables set; its exit code, stdout and stderr. */
function mocha(args: string[], ivs: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('IVS_') && !name.startsWith('MOCHA_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MOCHA_BIN, ...args], { cwd: REPO_ROOT, env: { ...env, ...ivs }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function targetEnv(reference: ReferenceServer, reportDir: string): Record<string, string> {
  return { IVS_TARGET_URL: reference.url, IVS_API_KEY: KEY, IVS_API_SECRET: SECRET, IVS_ENVIRONMENT: 'development', IVS_SEED: '7', IVS_RUNS: '2', IVS_GREP: GREP, IVS_REPORT_DIR: reportDir };
}

describe('npx mocha: the conformance suites as mocha tests (.mocharc.json, suites/conformance.spec.ts)', function () {
  this.timeout(120_000);
  let dir: string;
  const references: ReferenceServer[] = [];
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ivs-mocha-runner-'))));
  after(async () => {
    for (const reference of references) await reference.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('against a faithful reference: 0 failures, exit 0; each check one test, passed or (inconclusive) pending (json reporter)', async () => {
    const reference = await startReference({ environment: 'development', credentials: [{ key: KEY, secret: SECRET }] });
    references.push(reference);
    const result = await mocha(['--reporter', 'json'], targetEnv(reference, join(dir, 'faithful')));
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as MochaJson;
    const report = JSON.parse(readFileSync(join(dir, 'faithful', 'report.json'), 'utf8')) as Report;
    assert.ok(json.stats.tests > 20, `${json.stats.tests} tests`);
    assert.equal(json.stats.failures, 0);
    // One test per check of the run, named by its suite and check: the passed ones pass, the
    // inconclusive ones (here: another key pair's secret, with no second pair given) are pending.
    const titles = (status: string) => report.checks!.filter((c) => c.status === status).map((c) => `${c.suite} ${c.check}`).sort();
    assert.equal(json.stats.passes + json.stats.pending, report.summary.checks);
    assert.deepEqual(json.passes.map((t) => t.fullTitle).sort(), titles('passed'));
    assert.deepEqual(json.pending.map((t) => t.fullTitle).sort(), titles('inconclusive'));
    assert.equal(json.stats.pending, report.summary.inconclusive);
    assert.equal(report.target.url, reference.url);
    assert.equal(report.verdict, 'conformant');
  });

  it('against a reference with a mutant: the failures are the failed checks, one each (json reporter)', async () => {
    const reference = await startReference({ environment: 'development', credentials: [{ key: KEY, secret: SECRET }], mutant: 'auth-wrong-secret-accepted' });
    references.push(reference);
    const result = await mocha(['--reporter', 'json'], targetEnv(reference, join(dir, 'mutant')));
    const json = JSON.parse(result.stdout) as MochaJson;
    const report = JSON.parse(readFileSync(join(dir, 'mutant', 'report.json'), 'utf8')) as Report;
    const failedChecks = report.checks!.filter((c) => c.status === 'failed');
    assert.ok(json.stats.failures >= 1, 'the mutant fails no test');
    assert.equal(json.stats.failures, failedChecks.length);
    assert.equal(result.code, json.stats.failures, 'mocha exits with its failure count');
    assert.deepEqual(json.failures.map((t) => t.fullTitle).sort(), failedChecks.map((c) => `${c.suite} ${c.check}`).sort());
    // Each failing test says what the target did wrong, under the mutant's rule.
    assert.ok(report.deviations.some((d) => d.category === 'auth'), JSON.stringify(report.summary));
    assert.ok(json.failures.every((t) => /expected .*, got /.test(t.err.message ?? '')), json.failures[0]?.err.message);
    assert.equal(json.stats.passes + json.stats.pending + json.stats.failures, report.summary.checks);
    assert.equal(json.stats.pending, report.summary.inconclusive);
  });

  it('files named on the command line are run alone: the conformance suites step aside', async () => {
    const result = await mocha(['--reporter', 'json', 'test/import-direction.test.ts'], {});
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as MochaJson;
    assert.ok(json.stats.tests > 0 && json.passes.every((t) => t.fullTitle.startsWith('import direction')), json.passes.map((t) => t.fullTitle).join('\n'));
  });

  it('a bad setting in the environment: one line, exit 2, nothing run', async () => {
    const result = await mocha(['--reporter', 'json'], { IVS_SEED: 'seven' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim(), 'ivs-conformance: IVS_SEED must be a whole number from 0 to 4294967295, got "seven"');
    assert.equal(result.stdout, '');
  });
});
