// Issue 16 item 1: a target that echoes every credential it receives, in every encoding, must not
// get any of them into any output of the run (report.json, junit.xml, report.html, summary.md,
// stdout, stderr): plain, base64 alone and in pairs and inside longer base64, base64url, hex in
// both cases, URL-encoded, the near-miss credentials the suite itself sends, and text cut short.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, removeTemps, runCliInProcess, show, tempDir, assertOneLineError } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';
import { echoCredentials } from './helpers/hostile/behaviours.ts';
import { closedPort } from './helpers/ports.ts';

// The key is a prefix of the secret: the longer one must still be matched as a whole.
const KEY = 'hostile-key';
const SECRET = 'hostile-key-Secret-42';

const swapCase = (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every form of `s` that must not appear, written out independently of src/findings/redact.ts. */
function forbiddenForms(s: string): { form: string; anyCase: boolean }[] {
  const forms = [
    { form: s, anyCase: true },
    { form: b64(s).replace(/=+$/, ''), anyCase: false },
    { form: Buffer.from(s).toString('base64url'), anyCase: false },
    { form: Buffer.from(s).toString('hex'), anyCase: true },
    { form: encodeURIComponent(s), anyCase: true },
  ];
  // Inside longer base64 text, at byte offsets 1 and 2: the characters that depend on `s` alone.
  for (const prefix of ['x', 'xy']) forms.push({ form: b64(prefix + s).slice(4, -4), anyCase: false });
  return forms;
}

describe('hardening: secrets in derived forms (issue 16 item 1)', function () {
  this.timeout(120_000);
  let target: HostileServer;
  let outputs: { name: string; text: string }[] = [];
  let reportJson: { deviations: { response?: { body?: unknown } }[] };

  before(async () => {
    target = await startHostile(echoCredentials());
    const dir = join(tempDir(), 'out');
    const result = await runCliInProcess([
      'run', '--no-preflight', '--target', target.url, '--api-key', KEY, '--api-secret', SECRET, '--environment', 'development',
      '--grep', '^auth', '--runs', '1', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200',
    ]);
    assert.ok(result.code === 1, show(result));
    outputs = [
      { name: 'stdout', text: result.stdout },
      { name: 'stderr', text: result.stderr },
      ...filesUnder(dir).map((path) => ({ name: path, text: readFileSync(path, 'utf8') })),
    ];
    reportJson = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  });
  after(async () => {
    await target?.close();
    removeTemps();
  });

  it('the attack reached the reports: deviations carry the echoing answers, redacted', () => {
    assert.ok(reportJson.deviations.length > 5);
    assert.ok(reportJson.deviations.some((d) => JSON.stringify(d.response?.body ?? '').includes('<redacted>')));
    assert.ok(outputs.some((o) => o.name.endsWith('junit.xml')) && outputs.some((o) => o.name.endsWith('report.html')));
  });

  const secrets: [string, string][] = [
    ['the API secret', SECRET],
    ['the API key', KEY],
    ['key:secret', `${KEY}:${SECRET}`],
    ['the secret case-swapped (sent by the auth suite)', swapCase(SECRET)],
    ['the secret without its last character (sent)', SECRET.slice(0, -1)],
    ['the secret with a character more (sent)', `${SECRET}x`],
    ['key:secret-case-swapped (sent)', `${KEY}:${swapCase(SECRET)}`],
    ['the key case-swapped (sent)', swapCase(KEY)],
  ];
  for (const [label, secret] of secrets) {
    it(`no output holds ${label} in any form`, () => {
      for (const { form, anyCase } of forbiddenForms(secret)) {
        for (const output of outputs) {
          const haystack = anyCase ? output.text.toLowerCase() : output.text;
          const needle = anyCase ? form.toLowerCase() : form;
          assert.ok(!haystack.includes(needle), `${output.name} holds ${JSON.stringify(form)} (${label})`);
        }
      }
    });
  }

  it('no output holds the beginning of the secret left by a cut (text is redacted before it is cut)', () => {
    const beginning = SECRET.slice(0, 8).toLowerCase(); // "hostile-": the key and the secret both start so
    for (const output of outputs) assert.ok(!output.text.toLowerCase().includes(beginning), `${output.name} holds ${beginning}`);
  });

  it('secrets shorter than 3 characters are refused with one line, before any request (exit 2)', async () => {
    const port = await closedPort();
    const result = await runCliInProcess(['run', '--target', `http://127.0.0.1:${port}`, '--api-key', KEY, '--api-secret', 'ab', '--environment', 'development', '--report-dir', join(tempDir(), 'r')]);
    assert.equal(result.code, 2, show(result));
    assertOneLineError(result, /at least 3 characters/);
    assert.ok(!result.stderr.includes('ab"') && !result.stderr.includes(' ab '), 'the short secret itself is not echoed');
  });
});
