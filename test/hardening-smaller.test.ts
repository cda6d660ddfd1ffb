// Issue 20 item 7: NODE_TLS_REJECT_UNAUTHORIZED=0 is noted in every report; a --rate so low a run
// would last days is refused (one line, exit 2, no request); a secret written where a config key
// belongs is never echoed; secrets given as flags get one warning line (the values never shown).
import { strict as assert } from 'node:assert';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertOneLineError, removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';

const SECRET = 'smaller-secret-31';

describe('hardening: smaller items (issue 20 item 7)', function () {
  this.timeout(120_000);
  let target: HostileServer;
  before(async () => {
    target = await startHostile((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
  });
  after(async () => {
    await target?.close();
    removeTemps();
  });

  const args = (dir: string) => ['run', '--no-preflight', '--target', target.url, '--environment', 'development', '--grep', '^auth', '--runs', '1', '--max-requests', '10', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200'];

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 is noted in report.json, summary.md, report.html, junit.xml and on the terminal', async () => {
    const dir = join(tempDir(), 'out');
    const result = await runCliInProcess(args(dir), { env: { IVS_API_KEY: 'smaller-key', IVS_API_SECRET: SECRET, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
    assert.ok(result.code === 1 || result.code === 3, show(result));
    assert.match(result.stdout, /hint: NODE_TLS_REJECT_UNAUTHORIZED=0 was set: TLS certificates were not verified/);
    for (const file of ['report.json', 'summary.md', 'report.html', 'junit.xml']) {
      assert.match(readFileSync(join(dir, file), 'utf8'), /NODE\\?_TLS\\?_REJECT\\?_UNAUTHORIZED=0 was set/, file); // (Markdown escapes _)
    }
    const plain = join(tempDir(), 'plain');
    const verified = await runCliInProcess(args(plain), { env: { IVS_API_KEY: 'smaller-key', IVS_API_SECRET: SECRET } });
    assert.doesNotMatch(readFileSync(join(plain, 'report.json'), 'utf8'), /NODE_TLS_REJECT_UNAUTHORIZED/, show(verified));
  });

  for (const [where, value] of [['flag', '0.0001'], ['config file', '0.01']] as const) {
    it(`--rate ${value} (${where}): one line, exit 2, no request sent`, async () => {
      const dir = tempDir();
      const before = target.requests;
      let extra = ['--rate', value];
      if (where === 'config file') {
        writeFileSync(join(dir, 'c.yaml'), `rate: ${value}\n`);
        extra = ['--config', join(dir, 'c.yaml')];
      }
      const result = await runCliInProcess([...args(join(dir, 'r')), ...extra], { env: { IVS_API_KEY: 'smaller-key', IVS_API_SECRET: SECRET } });
      assert.equal(result.code, 2, show(result));
      assertOneLineError(result, /rate must be 0 \(unlimited\) or at least 0\.1 requests per second/);
      assert.equal(target.requests, before);
    });
  }

  it('a secret written where a config key belongs is never echoed; a near-miss key is named with a suggestion', async () => {
    const dir = tempDir();
    const swapped = join(dir, 'swapped.yaml');
    writeFileSync(swapped, `apiKey: smaller-key\n"${SECRET}": apiSecret\n`);
    chmodSync(swapped, 0o600);
    const result = await runCliInProcess(['run', '--config', swapped, '--report-dir', join(dir, 'r')]);
    assert.equal(result.code, 2, show(result));
    assertOneLineError(result, /a key of 17 characters is no option name/);
    assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET), result.stderr);
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, `apiKey: smaller-key\napiScret: ${SECRET}\n`);
    chmodSync(typo, 0o600);
    const misspelt = await runCliInProcess(['run', '--config', typo, '--report-dir', join(dir, 'r')]);
    assert.equal(misspelt.code, 2, show(misspelt));
    assertOneLineError(misspelt, /unknown option "apiScret" \(did you mean "apiSecret"\?\)/);
    assert.ok(!misspelt.stderr.includes(SECRET));
  });

  it('secrets given as flags: one warning line naming the flags, never the values; none from the environment', async () => {
    const flagged = await runCliInProcess([...args(join(tempDir(), 'f')), '--api-key', 'smaller-key', `--api-secret=${SECRET}`]);
    assert.ok(flagged.code === 1 || flagged.code === 3, show(flagged));
    const warnings = flagged.stderr.split('\n').filter((l) => /warning: --api-key, --api-secret on the command line can be read by other users \(ps\)/.test(l));
    assert.equal(warnings.length, 1, flagged.stderr);
    assert.ok(!flagged.stderr.includes(SECRET));
    const fromEnv = await runCliInProcess(args(join(tempDir(), 'e')), { env: { IVS_API_KEY: 'smaller-key', IVS_API_SECRET: SECRET } });
    assert.doesNotMatch(fromEnv.stderr, /warning/, show(fromEnv));
  });
});
