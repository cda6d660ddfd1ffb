// The configuration of `npm test` (mocha --config test/helpers/mocharc.cjs): every test file, three
// at a time in separate processes (mocha --parallel; files share no port, no folder and no state),
// the slowest first so that two workers finish together. .mocharc.json stays what a plain
// `npx mocha` reads.
const { readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..', '..');
// Slowest first (wall and CPU measured one file at a time), every other file in name order, and
// last the two that install the package: by then the background pack is done, no worker idles on it.
const SLOW_FIRST = [
  'test/self-test.test.ts',
  'test/precision-self-test.test.ts',
  'test/engine.test.ts',
  'test/preflight.test.ts',
  'test/reference-fuzz.test.ts',
  'test/webhooks-e2e.test.ts',
  'test/cli.test.ts',
  'test/power.test.ts',
  'test/replay.test.ts',
];
const LAST = ['test/package.test.ts', 'test/action.test.ts'];

function testFiles(dir) {
  const out = [];
  for (const entry of readdirSync(join(root, dir)).sort()) {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) out.push(...testFiles(path));
    else if (entry.endsWith('.test.ts')) out.push(path.split('\\').join('/'));
  }
  return out;
}

const all = testFiles('test');
const spec = [
  ...SLOW_FIRST.filter((f) => all.includes(f)),
  ...all.filter((f) => !SLOW_FIRST.includes(f) && !LAST.includes(f)),
  ...LAST.filter((f) => all.includes(f)),
];

module.exports = {
  'node-option': ['import=tsx'],
  timeout: 60000,
  reporter: 'spec',
  parallel: true,
  // Three workers on two cores: many files wait (webhook windows, --rate 1, npm installs), so a third
  // fills the idle time (measured 612 s against 675 s with two, same load, all passing).
  jobs: Number(process.env.IVS_TEST_JOBS ?? 3),
  // Packs the repository once, in the background, for the package tests (global-fixtures.ts).
  require: [relative(process.cwd(), join(__dirname, 'global-fixtures.ts'))],
  spec: spec.map((f) => relative(process.cwd(), join(root, f))),
};
