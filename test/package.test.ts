// Issues 12 and 21, "a compiled package": what `npm pack` ships, and the tarball installed into an empty
// folder as a user would: no TypeScript loader among its dependencies, every file it reads at run
// time shipped, `--version` and `--help` loading nothing but the command line module, and
// `ivs-conformance run` passing there against the embedded reference, reports in THAT folder.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanEnv, filesUnder, REPO_ROOT, show, type CliResult } from './helpers/cli.ts';
import { emptyDir, npmInstall, packRepository, removePackageDirs, type Packed } from './helpers/package.ts';
import { loadContract } from '../src/contract/load.ts';
import { coverageMatrix } from '../src/engine/coverage.ts';
import { planRun } from '../src/plan.ts';

/** Runs the installed command (node_modules/.bin/ivs-conformance) in `cwd`. */
function runInstalled(cwd: string, args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, join(cwd, 'node_modules/.bin/ivs-conformance'), ...args], { cwd, env: cleanEnv({ npm_lifecycle_event: undefined, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - startedAt }));
  });
}

/** Runs a command line through sh, as a user pastes it, in `cwd` (an npx or npm started by the tests' own npx is not inherited). */
function runShell(cwd: string, line: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', line], { cwd, env: { ...cleanEnv({ npm_lifecycle_event: undefined, npm_command: undefined, npm_execpath: undefined, ...env }), ...npmQuiet() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - startedAt }));
  });
}

/** npm settings for the installs the tests make: from the cache where it can, quiet. */
function npmQuiet(): Record<string, string> {
  return { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error', npm_config_yes: 'true' };
}

/** The `replay:` line a run printed. */
function replayLine(result: CliResult): string {
  const line = /^replay: (.+)$/m.exec(result.stdout)?.[1];
  assert.ok(line, `no replay: line\n${show(result)}`);
  return line;
}

/** A quick run: one suite, one generated case per property. */
const QUICK = ['--grep', 'token-positive', '--runs', '1', '--no-progress'];

/** Package names the compiled code imports (static, dynamic and createRequire), without node builtins. */
function importedPackages(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/createRequire\([^)]*\)\(\s*['"]([^'"]+)['"]/g),
  ].map((m) => m[1]);
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !isBuiltin(s))
    .map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/'));
}

describe('package (npm pack, installed into an empty folder)', function () {
  this.timeout(600_000);
  let packed: Packed;
  let app: string;
  let installed: string;

  before(async () => {
    packed = await packRepository();
    app = emptyDir('ivs-app-');
    await npmInstall(app, packed.tarball);
    installed = join(app, 'node_modules/ivs-conformance');
  });

  after(removePackageDirs);

  it('ships the build, the bin and the run-time files; no tests, CI, TypeScript sources or config', () => {
    for (const required of ['package.json', 'bin/ivs-conformance.js', 'dist/src/cli/main.js', 'dist/src/assets.js', 'dist/suites/index.js', 'openapi/ivs.openapi.yaml', 'src/reporters/templates/report.eta', 'src/findings/report.schema.json', 'docs/interface.md']) {
      assert.ok(packed.files.includes(required), `${required} is not in the tarball`);
    }
    const unwanted = packed.files.filter((f) => /^(test|\.ci|examples|generated|reports)\//.test(f) || /\.ts$/.test(f) || /^tsconfig|^\.mocharc|\.tsbuildinfo$/.test(f));
    assert.deepEqual(unwanted, [], 'the tarball ships files users do not need');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.private, undefined, 'package.json is private');
    assert.match(manifest.bin['ivs-conformance'], /^bin\//);
    assert.match(readFileSync(join(installed, manifest.bin['ivs-conformance']), 'utf8'), /dist\/src\/cli\/main\.js/, 'the bin does not start the build');
  });

  it('installs no TypeScript loader or compiler (tsx, esbuild, typescript)', () => {
    const names = readdirSync(join(app, 'node_modules')).flatMap((n) => (n.startsWith('@') ? readdirSync(join(app, 'node_modules', n)).map((m) => `${n}/${m}`) : [n]));
    assert.ok(names.includes('commander'), `the dependencies were not installed: ${names.join(' ')}`);
    assert.deepEqual(names.filter((n) => /^(tsx|esbuild|typescript|@esbuild\/.*)$/.test(n)), []);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    for (const dev of ['tsx', 'typescript']) assert.equal(manifest.dependencies[dev], undefined, `${dev} is a production dependency`);
  });

  it('imports at run time only packages it depends on', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const problems: string[] = [];
    for (const file of filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.js'))) {
      for (const name of importedPackages(readFileSync(file, 'utf8'))) {
        if (!(name in manifest.dependencies)) problems.push(`${relative(installed, file)} imports ${name}`);
      }
    }
    assert.deepEqual(problems, [], 'imported but not in "dependencies"');
  });

  it('ships every file the code reads through assetPath() or REPO_ROOT', () => {
    const missing: string[] = [];
    let named = 0;
    for (const file of filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:assetPath\(|join\(REPO_ROOT,\s*)['"]([^'"]+)['"]/g)) {
        named++;
        if (!existsSync(join(installed, m[1]))) missing.push(`${relative(installed, file)}: ${m[1]}`);
      }
    }
    assert.ok(named >= 4, `only ${named} asset paths found in dist/: the scan no longer sees them`);
    assert.deepEqual(missing, [], 'read at run time but not shipped: add them to "files" in package.json');
  });

  it('--version and --help load nothing but the command line module and commander', async () => {
    // A module hook (node:module register) records every module file the process loads.
    const log = join(app, 'modules.log');
    const hooks = join(app, 'record-hooks.mjs');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) appendFileSync(process.env.MODULE_LOG, url + '\\n');\n  return next(url, context);\n}\n`);
    const register = join(app, 'record.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const version = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
    for (const args of [['--version'], ['--help']]) {
      writeFileSync(log, '');
      const result = await runInstalled(app, args, ['--import', pathToFileURL(register).href], { MODULE_LOG: log });
      assert.equal(result.code, 0, show(result));
      if (args[0] === '--version') assert.equal(result.stdout.trim(), version);
      else assert.match(result.stdout, /Usage: ivs-conformance/);
      const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((url) => relative(app, fileURLToPath(url)));
      assert.ok(loaded.includes('node_modules/ivs-conformance/dist/src/cli/main.js'), `the hook saw nothing: ${loaded.join(' ')}`);
      // Besides main.js: the package root and version, the option limits, the settings table, the
      // environment variable names it is built from and the one-line error neutraliser (small
      // modules that import nothing else).
      const own = ['bin/ivs-conformance.js', 'dist/src/cli/main.js', 'dist/src/assets.js', 'dist/src/cli/limits.js', 'dist/src/cli/settings.js', 'dist/src/env-names.js', 'dist/src/reporters/neutralise.js'].map((f) => `node_modules/ivs-conformance/${f}`);
      const others = loaded.filter((f) => !own.includes(f) && !f.startsWith('node_modules/commander/') && f !== 'record-hooks.mjs' && f !== 'record.mjs');
      assert.deepEqual(others, [], `${args[0]} loaded more than it needs`);
    }
  });

  it('`ivs-conformance run` passes against the embedded reference and writes reports/latest/ in the folder it runs in', async () => {
    const result = await runInstalled(app, ['run', '--no-progress']);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /^CONFORMANT/m);
    for (const file of ['report.json', 'report.html', 'junit.xml', 'summary.md']) assert.ok(statSync(join(app, 'reports/latest', file)).size > 0, file);
    const report = JSON.parse(readFileSync(join(app, 'reports/latest/report.json'), 'utf8'));
    assert.equal(report.verdict, 'conformant');
    assert.ok(report.summary.checks > 100, `only ${report.summary.checks} checks`);
    assert.equal(existsSync(join(installed, 'reports')), false, 'reports were written into the installed package');
  });

  it('`list` shows the same coverage as the clone: 0 GAPs, every x-ivs-* key read by a module (issue 21 item 2)', async () => {
    const contract = await loadContract('markid');
    const cloneGaps = coverageMatrix(contract, planRun(contract, { environment: 'development', allowProductionWrites: false })).filter((r) => r.status === 'GAP');
    assert.equal(cloneGaps.length, 0, 'the clone itself has GAPs');
    const result = await runInstalled(app, ['list', '--json']);
    assert.equal(result.code, 0, show(result));
    const coverage = JSON.parse(result.stdout).coverage as { constraint: string; status: string; handler?: string }[];
    const extensions = coverage.filter((r) => r.constraint.startsWith('x-ivs-'));
    assert.ok(extensions.length >= 40, `only ${extensions.length} x-ivs-* rows`);
    assert.deepEqual(coverage.filter((r) => r.status === 'GAP').map((r) => r.constraint), []);
    assert.ok(extensions.every((r) => r.handler?.startsWith('src/')), 'an extension without its reading module');
    const text = await runInstalled(app, ['list']);
    assert.match(text.stdout, / 0 gaps\n/);
  });

  it('the printed `replay:` line runs as printed, from the folder it was installed in (issue 21 item 3)', async () => {
    const first = await runInstalled(app, ['run', ...QUICK, '--report-dir', 'first']);
    assert.equal(first.code, 0, show(first));
    const line = replayLine(first);
    const again = await runShell(app, `${line} --report-dir again --no-progress`);
    assert.equal(again.code, 0, `${line}\n${show(again)}`);
    const a = JSON.parse(readFileSync(join(app, 'first/report.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(app, 'again/report.json'), 'utf8'));
    assert.equal(b.seed, a.seed);
    assert.deepEqual(b.checks.map((c: { check: string }) => c.check), a.checks.map((c: { check: string }) => c.check));
  });

  it('after a global install (npm install -g <tarball>, a prefix of its own), `ivs-conformance` and its `replay:` line run (issue 21 item 3)', async () => {
    const prefix = emptyDir('ivs-global-');
    const work = emptyDir('ivs-global-work-');
    const PATH = `${join(prefix, 'bin')}:${process.env.PATH}`;
    const install = await runShell(work, `npm install -g --prefix ${JSON.stringify(prefix)} ${JSON.stringify(packed.tarball)}`);
    assert.equal(install.code, 0, show(install));
    const first = await runShell(work, `ivs-conformance run ${QUICK.join(' ')} --report-dir first`, { PATH });
    assert.equal(first.code, 0, show(first));
    const line = replayLine(first);
    assert.match(line, /^ivs-conformance run /, 'on PATH, the replay line names the command');
    const again = await runShell(work, `${line} --report-dir again --no-progress`, { PATH });
    assert.equal(again.code, 0, `${line}\n${show(again)}`);
  });

  it('through npx of the tarball, the printed `replay:` line runs after npx has returned (issue 21 item 3)', async () => {
    const work = emptyDir('ivs-npx-work-');
    copyFileSync(packed.tarball, join(work, basename(packed.tarball)));
    // As the README shows it: npx of a release tarball in the current folder.
    const first = await runShell(work, `npx ./${basename(packed.tarball)} run ${QUICK.join(' ')} --report-dir first`);
    assert.equal(first.code, 0, show(first));
    const line = replayLine(first);
    assert.match(line, /^npx --package=\S+\.tgz ivs-conformance run /, 'the replay line does not start with npx of the tarball');
    const again = await runShell(work, `${line} --report-dir again --no-progress`);
    assert.equal(again.code, 0, `${line}\n${show(again)}`);
    assert.equal(JSON.parse(readFileSync(join(work, 'again/report.json'), 'utf8')).seed, JSON.parse(readFileSync(join(work, 'first/report.json'), 'utf8')).seed);
  });

  it('`ivs-conformance serve` answers a token request and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(app, 'node_modules/.bin/ivs-conformance'), 'serve', '--port', '0'], { cwd: app, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*credentials: (\S+) \/ (\S+?),/.exec(stdout);
          if (m) resolve(m[1]);
        });
        void exited.then(() => reject(new Error(`serve exited: ${stdout}`)));
      });
      const [, key, secret] = /credentials: (\S+) \/ (\S+?),/.exec(stdout)!;
      const response = await fetch(`${url}/api/v2/token`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` }, body: JSON.stringify({ clientId: 'package-test' }) });
      assert.equal(response.status, 201);
      assert.equal(((await response.json()) as { clientId: string }).clientId, 'package-test');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  });
});
