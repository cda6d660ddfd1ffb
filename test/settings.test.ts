// Issue 21 item 4: every setting has one meaning everywhere. Each flag of `run` has its environment
// variable and config key (src/cli/settings.ts, from which the command line and the config file
// are derived), the README names them all, and unknown values are refused with exit 2 and one line.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_SETTINGS } from '../src/cli/settings.ts';
import { readReport } from '../src/reporters/json.ts';
import { assertOneLineError, REPO_ROOT, removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';

const QUICK = ['--grep', 'token-positive', '--runs', '1'];

describe('settings: flag, environment variable and config key (issue 21 item 4)', function () {
  // A bound on a hang: three short runs take seconds idle, a minute or more on a loaded machine.
  this.timeout(180_000);
  after(removeTemps);

  it('every flag of run has an environment variable and a config key (or a reason), and the README names them', async () => {
    const help = (await runCliInProcess(['run', '--help'])).stdout;
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const flags = [...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
    assert.ok(flags.length >= 25, `only ${flags.length} flags in run --help`);
    for (const flag of flags) {
      const setting = RUN_SETTINGS.find((s) => s.flags.split(' ')[0] === flag);
      assert.ok(setting, `${flag} is not a row of RUN_SETTINGS`);
      assert.ok(setting.env, `${flag} has no environment variable`);
      assert.ok(readme.includes(setting.env!), `the README does not name ${setting.env}`);
      if (setting.noConfig) assert.ok(readme.includes(setting.noConfig), `the README does not say why ${flag} has no config key`);
      else assert.match(readme, new RegExp(`\`${setting.key}[\`:]`), `the README does not name the config key ${setting.key}`);
    }
  });

  it('IVS_SEED, IVS_REPORT_DIR and config key progress are honoured', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'settings.yml'), 'progress: false\nrate: 0\n');
    const result = await runCliInProcess(['run', ...QUICK], { cwd, env: { IVS_SEED: '4242', IVS_REPORT_DIR: 'from-env', IVS_CONFIG: 'settings.yml' } });
    assert.equal(result.code, 0, show(result));
    assert.equal(readReport(join(cwd, 'from-env/report.json')).seed, 4242);
    assert.doesNotMatch(result.stderr, /^progress /m, 'config progress: false still printed progress');
    assert.equal(existsSync(join(cwd, 'reports')), false, 'reports/ written although IVS_REPORT_DIR named another folder');
    // Without the config key, the same run prints progress lines: the key is what silenced them.
    const noisy = await runCliInProcess(['run', ...QUICK, '--report-dir', 'x'], { cwd, env: { IVS_SEED: '4242' } });
    assert.match(noisy.stderr, /^progress /m);
    const quiet = await runCliInProcess(['run', ...QUICK, '--report-dir', 'y'], { cwd, env: { IVS_PROGRESS: 'false' } });
    assert.doesNotMatch(quiet.stderr, /^progress /m, 'IVS_PROGRESS=false still printed progress');
  });

  it('a flag wins over its variable, a variable over the config file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'c.json'), JSON.stringify({ seed: 1, reportDir: 'from-config' }));
    const result = await runCliInProcess(['run', ...QUICK, '--no-progress', '--config', 'c.json', '--seed', '3'], { cwd, env: { IVS_SEED: '2' } });
    assert.equal(result.code, 0, show(result));
    assert.equal(readReport(join(cwd, 'from-config/report.json')).seed, 3);
  });

  for (const [what, args, env, pattern] of [
    ['IVS_RATE not a number', ['run'], { IVS_RATE: 'fast' }, /--rate must be a number/],
    ['IVS_SEED not a number', ['run'], { IVS_SEED: 'x1' }, /--seed must be a whole number/],
    ['IVS_PROGRESS neither true nor false', ['run'], { IVS_PROGRESS: 'maybe' }, /IVS_PROGRESS must be true or false/],
    ['a misspelt --features entry', ['run', '--features', 'checkLiveness,fraudService'], {}, /--features: unknown custom setting "fraudService" \(known: .*fraudServices/],
    ['a misspelt IVS_FEATURES entry', ['run'], { IVS_FEATURES: 'checkLivenes' }, /--features: unknown custom setting "checkLivenes"/],
    ['a misspelt serve --deny value', ['serve', '--deny', 'callbackUrl,checkLivenes'], {}, /--deny: unknown gated field "checkLivenes"/],
  ] as const) {
    it(`refuses ${what}: exit 2, one line`, async () => {
      const cwd = tempDir();
      const result = await runCliInProcess([...args], { cwd, env: { ...env } });
      assert.equal(result.code, 2, show(result));
      assertOneLineError(result, pattern);
      assert.equal(existsSync(join(cwd, 'reports')), false, 'a refused run left a report folder');
    });
  }

  it('refuses a config file naming an unknown key or another config file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'a.yml'), 'sede: 3\n');
    writeFileSync(join(cwd, 'b.yml'), 'config: a.yml\n');
    assertOneLineError(await runCliInProcess(['run', '--config', 'a.yml'], { cwd }), /unknown option "sede"/);
    assertOneLineError(await runCliInProcess(['run', '--config', 'b.yml'], { cwd }), /unknown option "config" \(a config file does not name another one\)/);
  });

  it('a broken profile patch names the profile file, the operation and the path', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'broken.yaml'), 'name: broken\npatch:\n  - { op: add, path: /info/title, value: ok }\n  - { op: replace, path: /paths/~1api~1v2~1nowhere/post, value: 1 }\n');
    const result = await runCliInProcess(['run', '--profile', 'broken.yaml'], { cwd });
    assert.equal(result.code, 2, show(result));
    assertOneLineError(result, /profile broken\.yaml: patch operation 2 \(replace \/paths\/~1api~1v2~1nowhere\/post\) cannot be applied/);
  });
});
