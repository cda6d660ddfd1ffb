// Where the files read at run time are: the contract, the profiles, the seed examples, the report
// template and schema, package.json. They keep their repository paths and ship beside the compiled
// code (package.json "files"), so one rule finds them from the sources (src/…, run through tsx) and
// from the build (dist/src/…): the package root is the nearest directory above this module that
// holds a package.json. This module imports nothing heavy: the CLI reads its version through it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`ivs-conformance: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/** The repository (in a clone) or the installed package (node_modules/ivs-conformance). */
export const PACKAGE_ROOT = packageRoot();

/** Absolute path of a file shipped with the package, given its path in the repository. */
export function assetPath(repositoryPath: string): string {
  return join(PACKAGE_ROOT, repositoryPath);
}

/** The package's version (package.json). */
export const VERSION: string = JSON.parse(readFileSync(assetPath('package.json'), 'utf8')).version;
