// Issue 21 item 2: the contract-key registry (src/contract/key-readers.ts) says which module reads
// which x-ivs-* key; `list` computes extension coverage from it, never from the sources (which the
// package does not ship). Here, in the clone, the registry is held to the sources: each module
// declares exactly the keys it names.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONTRACT_KEY_READERS, readersOf } from '../src/contract/key-readers.ts';
import { loadContract } from '../src/contract/load.ts';
import { contractExtensions, extensionHandler } from '../src/engine/coverage.ts';
import { filesUnder, REPO_ROOT } from './helpers/cli.ts';

const SRC = join(REPO_ROOT, 'src');
/** The registry itself and the coverage walk name keys without reading them. */
const NOT_READERS = new Set(['contract/key-readers.ts', 'engine/coverage.ts']);

function keysNamedBySources(): Record<string, string[]> {
  const named: Record<string, string[]> = {};
  for (const file of filesUnder(SRC).filter((f) => f.endsWith('.ts'))) {
    const module = relative(SRC, file);
    if (NOT_READERS.has(module)) continue;
    const keys = [...new Set([...readFileSync(file, 'utf8').matchAll(/['"](x-ivs-[a-z0-9-]+)['"]/g)].map((m) => m[1]))].sort();
    if (keys.length) named[module] = keys;
  }
  return named;
}

describe('contract-key registry (src/contract/key-readers.ts)', () => {
  it('declares for each module exactly the x-ivs-* keys its source names', () => {
    const declared = Object.fromEntries(Object.entries(CONTRACT_KEY_READERS).map(([module, keys]) => [module, [...keys].sort()]));
    const named = keysNamedBySources();
    assert.ok(Object.keys(named).length >= 10, `only ${Object.keys(named).length} modules name a key: the scan is broken`);
    assert.deepEqual(declared, named, 'a module reads a key it does not declare (or declares one it no longer reads): update src/contract/key-readers.ts');
  });

  it('names a reader for every x-ivs-* key of both shipped profiles; an unknown key has none', async () => {
    for (const profile of ['markid', 'idenfy']) {
      const contract = await loadContract(profile);
      const unread = [...contractExtensions(contract).keys()].filter((key) => !extensionHandler(key));
      assert.deepEqual(unread, [], `${profile}: keys no module declares`);
    }
    assert.deepEqual(readersOf('x-ivs-no-such-key'), []);
    assert.equal(extensionHandler('x-ivs-no-such-key'), undefined);
    assert.match(extensionHandler('x-ivs-forbidden')!, /^src\/arbitraries\/keywords\/pattern\.ts$/);
  });
});
