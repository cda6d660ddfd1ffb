// Setup diagnosis: the CLI against the embedded reference set up wrong in each way a new user
// does it (wrong secret, a target URL ending in /api/v2, a web server that is not the API, a spent
// rate limit, a limit that runs out mid-run) says ONE line naming the mistake and the fix, exits 3,
// and judges nothing. And no false alarm: the faithful reference and the mutants whose answers
// look most like a setup mistake are still judged.
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { SetupProblem } from '../src/engine/run.ts';
import { readReport } from '../src/reporters/json.ts';
import { runConformance } from '../src/reference/embedded.ts';
import { removeTemps, runCliInProcess, show, STACK_LINE, tempDir, type CliResult } from './helpers/cli.ts';

const KEY = 'preflight-key';
const SECRET = 'preflight-secret';

/** stderr without the banner line every run prints first. */
function diagnosis(result: CliResult): string[] {
  return result.stderr.split('\n').filter((l) => l.trim() && !/^ivs-conformance \S+ · profile/.test(l));
}

function assertSetupStop(result: CliResult, pattern: RegExp, reportDir: string): void {
  assert.equal(result.code, 3, show(result));
  const lines = diagnosis(result);
  assert.equal(lines.length, 1, `one explaining line, got:\n${result.stderr}`);
  assert.match(lines[0], /^ivs-conformance: setup: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, STACK_LINE);
  assert.doesNotMatch(result.stdout + result.stderr, /DEVIATIONS FOUND|CONFORMANT/, 'no verdict on a run that judged nothing');
  // Its own report replaces any earlier verdict (issue 21 item 6): NO VERDICT, the cause, no deviation.
  const report = readReport(join(reportDir, 'report.json'));
  assert.equal(report.verdict, 'no-verdict');
  assert.deepEqual(report.deviations, [], 'no report of deviations that are not there');
  assert.match(report.verdictReason!, /setup: /);
  assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET), 'the secret is never printed');
}

async function run(target: string, extra: string[] = [], secret = SECRET): Promise<{ result: CliResult; dir: string }> {
  const cwd = tempDir('ivs-preflight-');
  const dir = join(cwd, 'out');
  const result = await runCliInProcess(['run', '--target', target, '--environment', 'development', '--report-dir', dir, '--no-progress', ...extra], {
    cwd,
    env: { IVS_API_KEY: KEY, IVS_API_SECRET: secret },
  });
  return { result, dir };
}

describe('setup diagnosis (preflight and run watch)', function () {
  this.timeout(120_000);
  let reference: ReferenceServer;
  before(async () => {
    reference = await startReference({ credentials: [{ key: KEY, secret: SECRET }] });
  });
  after(async () => {
    await reference?.close();
    removeTemps();
  });

  it('a wrong secret: one line pointing at IVS_API_SECRET, exit 3', async () => {
    const { result, dir } = await run(reference.url, [], 'rotated-secret');
    assertSetupStop(result, /refused the credentials.*IVS_API_SECRET/, dir);
  });

  it('a target URL ending in /api/v2: one line saying to pass the base URL only, exit 3', async () => {
    const { result, dir } = await run(`${reference.url}/api/v2`);
    assertSetupStop(result, new RegExp(`ends with /api/v2: pass the base URL only \\(--target ${reference.url.replace(/[.]/g, '\\.')}\\)`), dir);
  });

  it('a web server that is not the API: one line saying so, no HTML in the terminal, exit 3', async () => {
    const site: Server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = site.address() as { port: number };
      const { result, dir } = await run(`http://127.0.0.1:${port}`);
      assertSetupStop(result, /is not the API: POST \/api\/v2\/token answered 200 text\/html instead of the API's JSON; check --target/, dir);
      assert.doesNotMatch(result.stderr + result.stdout, /nginx|<html/i);
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it('a rate limit already spent: one line saying to wait and lower --rate, exit 3', async () => {
    const limited = await startReference({ credentials: [{ key: KEY, secret: SECRET }], rateLimit: { max: 2, windowMs: 3_600_000 } });
    try {
      // Another job of the same key used the hour's allowance.
      const auth = `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`;
      for (let i = 0; i < 2; i++) await fetch(`${limited.url}/api/v2/token`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: '{}' });
      const { result, dir } = await run(limited.url);
      assertSetupStop(result, /rate limiting this API key.*lower --rate/, dir);
    } finally {
      await limited.close();
    }
  });

  it('a rate limit that runs out mid-run: the watch stops the run with one line, exit 3', async () => {
    const limited = await startReference({ credentials: [{ key: KEY, secret: SECRET }], rateLimit: { max: 40, windowMs: 3_600_000 } });
    try {
      const { result, dir } = await run(limited.url, ['--concurrency', '16']);
      assertSetupStop(result, /stopped after 30 answers in a row like this: .*rate limiting this API key/, dir);
    } finally {
      await limited.close();
    }
  });

  describe('no false alarm', () => {
    // Mutants whose answers resemble a setup mistake: 404s, non-JSON labels, refusals of credentials.
    for (const mutant of ['method-not-allowed-404', 'error-text-plain', 'auth-permissions-error', 'unauthorized-403', 'dummy-refused-in-development']) {
      it(`${mutant}: judged, with deviations, not stopped as a setup problem`, async () => {
        const report = await runConformance({
          environment: 'development', profile: 'markid', seed: 7, runs: 3, rate: 0, concurrency: 16, timeoutMs: 10_000,
          allowProductionWrites: false, webhookTimeoutMs: 3_000, mutant, harness: 'direct',
        }).catch((error) => (error instanceof SetupProblem ? assert.fail(`false alarm: ${error.message}`) : Promise.reject(error)));
        assert.ok(report.deviations.length > 0, `${mutant}: no deviation`);
        assert.equal(report.verdict, 'deviations');
      });
    }

    it('the faithful reference: the preflight costs one request and the auth suite’s 401s do not trip the watch', async () => {
      const base = { environment: 'development' as const, profile: 'markid', seed: 7, runs: 3, rate: 0, concurrency: 16, timeoutMs: 10_000, allowProductionWrites: false, webhookTimeoutMs: 3_000, harness: 'direct' as const, grep: /auth/ };
      const [withPreflight, without] = await Promise.all([runConformance(base), runConformance({ ...base, preflight: false })]);
      assert.equal(withPreflight.verdict, 'conformant', JSON.stringify(withPreflight.deviations.slice(0, 2)));
      assert.equal(withPreflight.requests - without.requests, 1);
    });
  });
});
