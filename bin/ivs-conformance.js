#!/usr/bin/env node
// Launcher of the compiled command line (dist/ is written by `npm run build`; npm runs it before
// packing, and `npm run conformance` runs it in a clone).
const main = new URL('../dist/src/cli/main.js', import.meta.url);
try {
  await import(main.href);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(main.pathname)) throw error;
  process.stderr.write('ivs-conformance: not built: run `npm run build` in the repository first\n');
  process.exitCode = 2;
}
