// Issue 16 items 7 and 8: every numeric option is range-checked before any request (a hostile
// target on loopback proves none was sent), a --target carrying user:password@ is never echoed
// with them, `run --help` says how to pass secrets safely, a config file holding secrets that
// others can read gets a one-line warning, and loopback is decided by IP address only.
import { strict as assert } from 'node:assert';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toRunOptions } from '../src/cli/run-command.ts';
import { assertOneLineError, removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';

const CREDS = ['--api-key', 'opt-key', '--api-secret', 'opt-secret'];

describe('hardening: options and safety defaults (issue 16 items 7, 8)', function () {
  this.timeout(60_000);
  let target: HostileServer;
  before(async () => {
    target = await startHostile((_req, res) => res.writeHead(404).end());
  });
  after(async () => {
    await target.close();
    removeTemps();
  });

  const outOfRange: [string, string, RegExp][] = [
    ['--webhook-timeout', '3000000000', /--webhook-timeout must be a whole number from 1 to 2147483647/],
    ['--timeout', '3000000000', /--timeout must be a whole number from 1 to 2147483647/],
    ['--webhook-port', '99999', /--webhook-port must be a whole number from 0 to 65535/],
    ['--concurrency', '100000', /--concurrency must be a whole number from 1 to/],
    ['--seed', '99999999999', /--seed must be a whole number from 0 to/],
  ];
  for (const [flag, value, pattern] of outOfRange) {
    it(`${flag} ${value}: one line, exit 2, no request sent`, async () => {
      const before = target.requests;
      const result = await runCliInProcess(['run', '--target', target.url, ...CREDS, '--environment', 'development', flag, value, '--report-dir', join(tempDir(), 'r')]);
      assert.equal(result.code, 2, show(result));
      assertOneLineError(result, pattern);
      assert.equal(target.requests, before, 'a request was sent before the option was refused');
    });
  }

  it('the same bounds hold in a config file', async () => {
    const dir = tempDir();
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'webhookTimeout: 3000000000\n');
    const result = await runCliInProcess(['run', '--config', config, '--report-dir', join(dir, 'r')]);
    assert.equal(result.code, 2, show(result));
    assertOneLineError(result, /webhookTimeout must be a whole number from 1 to 2147483647/);
  });

  for (const bad of ['ftp://alice:s3cr3t-pw@example.com', 'http://alice:s3cr3t-pw@exa mple.com/']) {
    it(`an invalid --target with user:password@ is not echoed with them (${bad.split(':')[0]})`, async () => {
      const result = await runCliInProcess(['run', '--target', bad, ...CREDS, '--report-dir', join(tempDir(), 'r')]);
      assert.equal(result.code, 2, show(result));
      assertOneLineError(result, /--target/);
      assert.doesNotMatch(result.stderr, /s3cr3t-pw|alice/);
    });
  }

  it('run --help says to pass secrets as environment variables, not flags', async () => {
    const result = await runCliInProcess(['run', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Secrets: pass them as environment variables \(IVS_API_KEY, IVS_API_SECRET/);
    assert.match(result.stdout, /\(ps\)/);
  });

  it('a config file holding secrets that others can read: one warning line on stderr; none once it is 600', async () => {
    const dir = tempDir();
    const config = join(dir, 'c.yaml');
    // `runs: many` ends the run right after the file is read (exit 2): no target needed.
    writeFileSync(config, 'apiKey: opt-key\napiSecret: opt-secret\nruns: many\n');
    chmodSync(config, 0o644);
    const args = ['run', '--config', config, '--report-dir', join(dir, 'r')];
    const open = await runCliInProcess(args);
    const warnings = open.stderr.split('\n').filter((l) => /warning: config file .* holds secrets and is readable by other users/.test(l));
    assert.equal(warnings.length, 1, show(open));
    assert.doesNotMatch(open.stderr, /opt-secret/);
    chmodSync(config, 0o600);
    const closed = await runCliInProcess(args);
    assert.doesNotMatch(closed.stderr, /warning: config file/, show(closed));
  });

  describe('loopback by IP address only (item 8)', () => {
    it('https://127.example.com is remote: --environment is required (exit 2, before any lookup)', async () => {
      const result = await runCliInProcess(['run', '--target', 'https://127.example.com', ...CREDS, '--report-dir', join(tempDir(), 'r')]);
      assert.equal(result.code, 2, show(result));
      assertOneLineError(result, /--environment .* is required against a remote target/);
    });

    it('a remote-looking name gets the remote pacing defaults; 127.0.0.1, [::1] and localhost the loopback ones', () => {
      const options = (target: string) => toRunOptions({ target, apiKey: 'opt-key', apiSecret: 'opt-secret', environment: 'development' });
      for (const remote of ['https://127.example.com', 'http://127.0.0.1.nip.io', 'https://localhost.example.com']) {
        const o = options(remote);
        assert.deepEqual([o.rate, o.concurrency], [2, 4], remote);
      }
      for (const local of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://[::1]:9', 'http://localhost:3']) {
        const o = options(local);
        assert.deepEqual([o.rate, o.concurrency], [0, 16], local);
      }
    });
  });
});
