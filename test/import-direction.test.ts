// Imports run one way (issue 22): the engine knows nothing of the suites, the reference or the
// command line, and the contract layer nothing of the checks. Read from the sources themselves
// (static `import … from`, `export … from` and dynamic `import()` specifiers), so a new file is
// covered the day it is written.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from './helpers/cli.ts';

/** Every .ts file under `dir`, repository-relative. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(REPO_ROOT, dir))) {
    const path = join(dir, entry);
    if (statSync(join(REPO_ROOT, path)).isDirectory()) out.push(...sources(path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

const SPECIFIER = /(?:^|[;\s])(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Repository-relative paths of the local modules `file` imports (packages and node: builtins left out). */
export function localImports(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8')
    // comments may quote imports ("e.g. import … from '../x.ts'"): not code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier.startsWith('.')) continue;
    found.push(relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier)));
  }
  return found;
}

interface Rule {
  from: string;
  forbidden: string[];
}

const RULES: Rule[] = [
  { from: 'src/engine', forbidden: ['suites', 'src/reference', 'src/cli'] },
  { from: 'src/contract', forbidden: ['src/checks'] },
];

function crossings(rules: Rule[] = RULES): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    for (const file of sources(rule.from)) {
      for (const target of localImports(file)) {
        if (rule.forbidden.some((folder) => target === folder || target.startsWith(`${folder}/`))) out.push(`${file} -> ${target}`);
      }
    }
  }
  return out.sort();
}

describe('import direction (src/engine, src/contract)', () => {
  it('reads imports of every kind (the reader itself: static, re-export, dynamic, side effect)', () => {
    // src/cli/main.ts loads its commands with import() and commander statically.
    const main = localImports('src/cli/main.ts');
    assert.ok(main.includes('src/cli/run-command.ts'), `dynamic import() not seen: ${main.join(', ')}`);
    assert.ok(main.includes('src/assets.ts'), `static import not seen: ${main.join(', ')}`);
    assert.ok(!main.some((m) => m.includes('commander')), 'packages are not local modules');
    assert.ok(sources('src/engine').length >= 5 && sources('src/contract').length >= 2, 'the folders were not read');
  });

  it('src/engine imports nothing from suites/, src/reference, src/cli; src/contract nothing from src/checks (no exception)', () => {
    const found = crossings();
    assert.deepEqual(found, [], `imports against the pipeline's direction:\n${found.join('\n')}`);
  });

  it('the check sees a crossing when there is one (the same rules, turned against layers that do import those folders)', () => {
    const reversed = crossings([
      { from: 'src/reference', forbidden: ['src/engine'] },
      { from: 'src/checks', forbidden: ['src/contract'] },
      { from: 'src', forbidden: ['suites'] },
    ]);
    assert.ok(reversed.includes('src/reference/embedded.ts -> src/engine/run.ts'), reversed.join('\n'));
    assert.ok(reversed.some((c) => c.startsWith('src/checks/')), reversed.join('\n'));
    assert.ok(reversed.includes('src/plan.ts -> suites/index.ts'), reversed.join('\n'));
  });
});
