// Issue 12, "a compiled package": what `npm pack` ships, and the tarball installed into an empty
// folder as a user would: no TypeScript loader among its dependencies, every file it reads at run
// time shipped, `--version` and `--help` loading nothing but the command line module, and
// `ivs-conformance run` passing there against the embedded reference, reports in THAT folder.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanEnv, filesUnder, REPO_ROOT, show, type CliResult } from './helpers/cli.ts';
import { emptyDir, npmInstall, packRepository, removePackageDirs, type Packed } from './helpers/package.ts';

/** Runs the installed command (node_modules/.bin/ivs-conformance) in `cwd`. */
function runInstalled(cwd: string, args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, join(cwd, 'node_modules/.bin/ivs-conformance'), ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - startedAt }));
  });
}

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
      // Besides main.js: the package root and version, the option limits and the one-line error
      // neutraliser (three small modules that import nothing).
      const own = ['bin/ivs-conformance.js', 'dist/src/cli/main.js', 'dist/src/assets.js', 'dist/src/cli/limits.js', 'dist/src/reporters/neutralise.js'].map((f) => `node_modules/ivs-conformance/${f}`);
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
});
