// Issue 12, "the repository stands alone": no file names a path outside the repository (a sibling
// folder or a path of some machine), and every relative link of the README and docs/ resolves to
// a file of the repository, so both work in a fresh clone.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from './helpers/cli.ts';

/** Files of the repository (what a clone holds), without installed, built or generated output. */
function repositoryFiles(dir = REPO_ROOT): string[] {
  const skip = new Set(['node_modules', 'dist', 'reports', '.git']);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skip.has(name)) return [];
    return statSync(path).isDirectory() ? repositoryFiles(path) : [path];
  });
}

// Built from parts so that this file does not name them itself.
const OUTSIDE = [['..', 'shared'].join('/'), ['', 'work', ''].join('/'), ['', 'home', ''].join('/'), ['', 'root', ''].join('/'), ['', 'Users', ''].join('/')];

describe('the repository stands alone', () => {
  it('no file names a path outside the repository', () => {
    const found: string[] = [];
    for (const file of repositoryFiles().filter((f) => /\.(ts|js|mjs|json|ya?ml|md|sh|txt)$|(^|\/)run$/.test(f))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const path of OUTSIDE) if (line.includes(path)) found.push(`${relative(REPO_ROOT, file)}:${i + 1}: ${line.trim().slice(0, 160)}`);
        });
    }
    assert.deepEqual(found, []);
  });

  it('every relative link of README.md and docs/ points at a file of the repository', () => {
    const documents = [join(REPO_ROOT, 'README.md'), ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(REPO_ROOT, 'docs', f))];
    const broken: string[] = [];
    let links = 0;
    for (const doc of documents) {
      for (const [, target] of readFileSync(doc, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        links++;
        const path = resolve(dirname(doc), decodeURIComponent(target.split('#')[0]));
        if (!path.startsWith(REPO_ROOT + sep) || !existsSync(path)) broken.push(`${relative(REPO_ROOT, doc)}: ${target}`);
      }
    }
    assert.ok(links >= 5, `only ${links} relative links found`);
    assert.deepEqual(broken, []);
  });
});
