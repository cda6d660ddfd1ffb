// Completeness, in the style of ESLint's rule-file checks: every registered check, guard, keyword
// plugin, suite, mutant and alternate has its file, its test, its line in docs/contributing.md
// and a rule the contract knows; and the docs' tables name nothing that is not registered.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.ts';
import { loadContract } from '../src/contract/load.ts';
import { CHECKS } from '../src/checks/registry.ts';
import { FLOW_CHECKS } from '../src/checks/flow/registry.ts';
import { GUARDS } from '../src/checks/guards.ts';
import { keywordPlugin, registeredKeywords } from '../src/arbitraries/keywords/index.ts';
import { SUITES } from '../suites/index.ts';
import { MUTANTS } from '../src/reference/mutants.ts';
import { ALTERNATES } from '../src/reference/alternates.ts';
import { CATEGORIES } from '../src/findings/model.ts';
import { mutantFiles } from '../src/selftest/sample.ts';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const DOCS = 'docs/contributing.md';

/** The first-column names (in backticks) of the table under the `### heading` of the docs. */
function documented(heading: string): string[] {
  const section = read(DOCS).split(`\n### ${heading}\n`)[1]?.split('\n#')[0];
  assert.ok(section, `${DOCS} has no "### ${heading}" section`);
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

/** Every ruling id any profile knows. */
async function rulings(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const profile of readdirSync(join(REPO_ROOT, 'openapi/profiles')).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml'))) {
    for (const id of Object.keys((await loadContract(profile)).rulings)) ids.add(id);
  }
  return ids;
}

/** Source files of `dir` that define what `marker` finds, by base name. */
function filesDefining(dir: string, marker: RegExp): string[] {
  return readdirSync(join(REPO_ROOT, dir))
    .filter((f) => f.endsWith('.ts') && marker.test(read(join(dir, f))))
    .map((f) => basename(f, '.ts'))
    .sort();
}

describe('completeness (checks, guards, keyword plugins, suites, mutants, alternates)', () => {
  let known: Set<string>;
  before(async () => {
    known = await rulings();
  });

  describe('exchange checks (src/checks/registry.ts)', () => {
    const names = CHECKS.map((c) => c.name);

    it('each file under src/checks that defines a check is registered, under its file name', () => {
      assert.deepEqual(filesDefining('src/checks', /=\s*defineCheck\(/), [...names].sort());
    });

    it('each has its test (test/checks.test.ts names it), its line in docs/contributing.md and known rules', () => {
      const tests = read('test/checks.test.ts');
      for (const check of CHECKS) {
        assert.ok(tests.includes(`'${check.name}'`), `${check.name}: no test in test/checks.test.ts names it`);
        assert.ok(check.rules.length > 0, `${check.name}: no rule`);
        for (const rule of check.rules) assert.ok(known.has(rule), `${check.name}: rule ${rule} is no ruling of the contract`);
      }
      assert.deepEqual(documented('Checks'), names, `the table of checks in ${DOCS} (registry order)`);
    });
  });

  describe('flow checks (src/checks/flow/registry.ts)', () => {
    const names = FLOW_CHECKS.map((c) => c.name);

    it('each file under src/checks/flow that defines a flow check is registered, under its file name', () => {
      assert.deepEqual(filesDefining('src/checks/flow', /=\s*defineFlowCheck\(/), [...names].sort());
    });

    it('each has a test naming it, its line in docs/contributing.md and known rules', () => {
      const tests = readdirSync(join(REPO_ROOT, 'test')).filter((f) => f.endsWith('.test.ts')).map((f) => read(join('test', f))).join('\n');
      for (const check of FLOW_CHECKS) {
        assert.ok(tests.includes(`'${check.name}'`), `${check.name}: no test names it`);
        assert.ok(check.rules.length > 0, `${check.name}: no rule`);
        for (const rule of check.rules) assert.ok(known.has(rule), `${check.name}: rule ${rule} is no ruling of the contract`);
      }
      assert.deepEqual(documented('Flow checks'), names, `the table of flow checks in ${DOCS} (registry order)`);
    });
  });

  describe('guards (src/checks/guards.ts)', () => {
    it('each is asked for in its home file, pinned by a test, documented, and grants a known rule', () => {
      const tests = read('test/precision-guards.test.ts');
      for (const [name, guard] of Object.entries(GUARDS)) {
        assert.ok(existsSync(join(REPO_ROOT, guard.home)), `${name}: home ${guard.home} does not exist`);
        assert.ok(read(guard.home).includes(`guardOn('${name}')`), `${name}: ${guard.home} never asks guardOn('${name}')`);
        assert.ok(tests.includes(`'${name}'`), `${name}: no pinned test in test/precision-guards.test.ts`);
        assert.ok(known.has(guard.rule), `${name}: rule ${guard.rule} is no ruling of the contract`);
      }
      assert.deepEqual(documented('Guards').sort(), Object.keys(GUARDS).sort(), `the table of guards in ${DOCS}`);
    });
  });

  describe('keyword plugins (src/arbitraries/keywords/index.ts)', () => {
    const table = () => new Map(read(DOCS).split('\n### Keyword plugins\n')[1].split('\n#')[0].split('\n').map((l) => l.match(/^\| `([^`]+)` \| (\S+) \|/)).filter((m) => m !== null).map((m) => [m![1], m![2]]));

    it('each registered keyword has its line in docs/contributing.md, naming the file that exports its plugin', () => {
      const files = table();
      assert.deepEqual([...files.keys()], registeredKeywords(), `the table of keyword plugins in ${DOCS} (registration order)`);
      for (const [keyword, file] of files) {
        assert.ok(existsSync(join(REPO_ROOT, file)), `${keyword}: ${file} does not exist`);
        assert.match(read(file), new RegExp(`keyword:\\s*'${keyword}'`), `${keyword}: ${file} defines no plugin for it`);
        assert.equal(keywordPlugin(keyword)?.keyword, keyword);
      }
    });

    it('each plugin is tested by name (test/keywords/ or test/arbitraries.test.ts)', () => {
      const tests = [...readdirSync(join(REPO_ROOT, 'test/keywords')).map((f) => read(join('test/keywords', f))), read('test/arbitraries.test.ts')].join('\n');
      for (const keyword of registeredKeywords()) assert.ok(tests.includes(`'${keyword}'`), `${keyword}: no test names it`);
    });

    // ESLint's rule: one test file per rule file. Plugin files without their own test file yet are
    // listed (a new one may not join them); each is exercised through the registry and the
    // arbitraries' tests meanwhile.
    it('each plugin file has its own test/keywords/<file>.test.ts (known gaps excepted, none new)', () => {
      const KNOWN_WITHOUT_OWN_TEST = new Set(['length', 'list', 'pattern', 'range']);
      const pluginFiles = [...new Set([...table().values()].map((f) => basename(f, '.ts')))];
      const missing = pluginFiles.filter((f) => !existsSync(join(REPO_ROOT, `test/keywords/${f}.test.ts`)));
      assert.deepEqual(missing.filter((f) => !KNOWN_WITHOUT_OWN_TEST.has(f)), [], 'plugin files without test/keywords/<file>.test.ts');
      const filled = [...KNOWN_WITHOUT_OWN_TEST].filter((f) => !missing.includes(f));
      if (filled.length) console.log(`      now tested on their own (drop from KNOWN_WITHOUT_OWN_TEST): ${filled.join(', ')}`);
    });
  });

  describe('suites (suites/index.ts)', () => {
    it('each suite file is registered under its file name, described and documented', () => {
      const files = readdirSync(join(REPO_ROOT, 'suites')).filter((f) => f.endsWith('.suite.ts')).map((f) => f.replace(/\.suite\.ts$/, '')).sort();
      assert.deepEqual(SUITES.map((s) => s.name).sort(), files);
      for (const suite of SUITES) assert.ok(suite.description.length > 20, `${suite.name}: no description`);
      assert.deepEqual(documented('Suites'), SUITES.map((s) => s.name), `the table of suites in ${DOCS} (run order)`);
    });
  });

  describe('mutants (src/reference/mutants/)', () => {
    it('each is in a catalogue file named in docs/contributing.md, of a known category, with a description and a known rule', async () => {
      const files = await mutantFiles();
      const docs = read(DOCS);
      assert.equal(new Set(MUTANTS.map((m) => m.id)).size, MUTANTS.length, 'mutant ids are unique');
      for (const m of MUTANTS) {
        const file = files.get(m.id);
        assert.ok(file, `${m.id}: in no catalogue file under src/reference/mutants/`);
        assert.ok(docs.includes(`| ${file} |`), `${m.id}: ${file} has no line in ${DOCS}`);
        assert.ok((CATEGORIES as readonly string[]).includes(m.category), `${m.id}: unknown category ${m.category}`);
        assert.ok(m.description.trim().length > 10, `${m.id}: no description`);
        assert.ok(known.has(m.rule), `${m.id}: rule ${m.rule} is no ruling of the contract`);
        assert.ok(Object.keys(m.hooks).length > 0, `${m.id}: no hook: it changes nothing`);
      }
      // Its test: test/self-test.test.ts samples every catalogue file; `npm run bench` runs each.
      assert.match(read('test/self-test.test.ts'), /sampleMutants\(MUTANTS/);
    });
  });

  describe('alternates (src/reference/alternates.ts)', () => {
    // (An alternate may have no hook: the reference's own reading of a latitude, named.)
    it('each has a description and a rule the contract knows; the precision self-test samples each rule', () => {
      assert.equal(new Set(ALTERNATES.map((a) => a.id)).size, ALTERNATES.length, 'alternate ids are unique');
      for (const a of ALTERNATES) {
        assert.ok(a.description.trim().length > 10, `${a.id}: no description`);
        assert.ok(known.has(a.rule), `${a.id}: rule ${a.rule} is no ruling of the contract`);
      }
      assert.match(read('test/precision-self-test.test.ts'), /sampleAlternates\(/);
    });
  });
});
