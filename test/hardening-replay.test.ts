// Issue 20 item 2: `replay` sends the credentials only where the user points it. A report is data
// that may come from anyone: one naming a URL that is not this machine (here 0.0.0.0, which the
// kernel delivers to a loopback listener but which is not a loopback address) is refused with one
// line (exit 2) unless --target names where to go, and the listener it names is never contacted.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertOneLineError, removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';

const ENV = { IVS_API_KEY: 'replay-hkey', IVS_API_SECRET: 'replay-hsecret' };

describe('hardening: replay never sends credentials where the user did not point it (issue 20 item 2)', function () {
  this.timeout(120_000);
  let original: HostileServer;
  let elsewhere: HostileServer;
  const authorizations: string[] = [];
  let crafted = '';
  let loopbackReport = '';

  before(async () => {
    const fail = (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    original = await startHostile((req, res) => fail(req, res));
    elsewhere = await startHostile((req, res) => {
      authorizations.push(String(req.headers.authorization ?? ''));
      fail(req, res);
    });
    const dir = join(tempDir(), 'out');
    const result = await runCliInProcess(
      ['run', '--no-preflight', '--target', original.url, '--environment', 'development', '--grep', '^auth', '--runs', '1', '--max-requests', '20', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200'],
      { env: ENV },
    );
    assert.ok(result.code === 1 || result.code === 3, show(result));
    loopbackReport = join(dir, 'report.json');
    const report = JSON.parse(readFileSync(loopbackReport, 'utf8'));
    assert.ok(report.deviations.length > 0, 'the run produced deviations to replay');
    // The same report, crafted to name another host: 0.0.0.0 is not a loopback address, yet reaches `elsewhere`.
    report.target.url = elsewhere.url.replace('127.0.0.1', '0.0.0.0');
    crafted = join(tempDir(), 'crafted.json');
    writeFileSync(crafted, JSON.stringify(report));
  });
  after(async () => {
    await original?.close();
    await elsewhere?.close();
    removeTemps();
  });

  it('a report naming a host that is not this machine: one line, exit 2, and that host is never contacted', async () => {
    const result = await runCliInProcess(['replay', crafted], { env: ENV });
    assert.equal(result.code, 2, show(result));
    assertOneLineError(result, /is not this machine: pass --target/);
    assert.equal(elsewhere.requests, 0, `the crafted report's host was contacted ${elsewhere.requests} times (authorizations: ${authorizations.join(', ')})`);
  });

  it('with --target the replay goes where the user points, not where the report says', async () => {
    const before = original.requests;
    const result = await runCliInProcess(['replay', crafted, '--target', original.url], { env: ENV });
    assert.ok(result.code === 1 || result.code === 3, show(result));
    assert.ok(original.requests > before, 'the replay reached the --target');
    assert.equal(elsewhere.requests, 0, 'the host the report named was contacted');
  });

  it('a report whose target is this machine replays there without --target', async () => {
    const before = original.requests;
    const result = await runCliInProcess(['replay', loopbackReport], { env: ENV });
    assert.ok(result.code === 1 || result.code === 3, show(result));
    assert.ok(original.requests > before);
  });
});
