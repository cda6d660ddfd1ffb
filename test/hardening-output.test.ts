// Issue 16 item 2: a target's answers reach the terminal and summary.md (a pull-request comment)
// as inert text: no escape sequence is obeyed, no @mention pings, no bare link, math or HTML renders.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTemps, runCliInProcess, show, tempDir, type CliResult } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';
import { injectEscapes } from './helpers/hostile/behaviours.ts';

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('hardening: terminal and Markdown injection (issue 16 item 2)', function () {
  this.timeout(120_000);
  let target: HostileServer;
  let result: CliResult;
  let summary: string;

  before(async () => {
    target = await startHostile(injectEscapes());
    const dir = join(tempDir(), 'out');
    result = await runCliInProcess([
      'run', '--no-preflight', '--target', target.url, '--api-key', 'esc-key', '--api-secret', 'esc-secret', '--environment', 'development',
      '--grep', '^auth', '--runs', '1', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200',
    ]);
    summary = readFileSync(join(dir, 'summary.md'), 'utf8');
  });
  after(async () => {
    await target?.close();
    removeTemps();
  });

  it('the attack reached the output: the deviations quote the answer', () => {
    assert.equal(result.code, 1, show(result));
    assert.match(result.stdout, /pwned-title/);
    assert.match(summary, /pwned-title/);
  });

  it('stdout and stderr carry no raw control character (escape sequences are shown, not obeyed)', () => {
    assert.doesNotMatch(result.stdout, RAW_CONTROL, JSON.stringify(result.stdout.match(RAW_CONTROL)));
    assert.doesNotMatch(result.stderr, RAW_CONTROL);
    assert.match(result.stdout, /\\x1b\[2J/); // visible instead
  });

  it('summary.md carries no raw control character', () => {
    assert.doesNotMatch(summary, RAW_CONTROL);
  });

  it('summary.md makes @mentions, bare links, $math$ and HTML inert', () => {
    assert.doesNotMatch(summary, /@everyone/, 'a live @everyone mention');
    assert.doesNotMatch(summary, /https:\/\/evil\.example/, 'a bare link GitHub would autolink');
    assert.doesNotMatch(summary, /(?<!\\)\$\\\\?sqrt/, 'an unescaped $ opening inline math');
    assert.doesNotMatch(summary, /<img/i, 'raw HTML');
    assert.doesNotMatch(summary, /(?<!\\)!\\?\[t/, 'an image');
  });
});
