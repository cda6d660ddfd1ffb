// A plain `npx mocha` (.mocharc.json): the conformance suites as mocha tests against the target the
// environment names, with the variables `ivs-conformance run` reads (IVS_TARGET_URL, IVS_API_KEY,
// IVS_API_SECRET, IVS_ENVIRONMENT, IVS_SEED, IVS_GREP, …; none: the embedded reference on loopback).
// One test per check: a failed check fails its test, an inconclusive one is pending, so mocha's
// failure count is the number of failed checks, under any reporter. IVS_REPORT_DIR also writes the
// run's reports there. The CLI declares the same tests through mocha's programmatic API.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Mocha from 'mocha';

const HERE = dirname(fileURLToPath(import.meta.url));

/** mocha's own command line, read as mocha reads it (without its config files), or undefined. */
function mochaArguments(): { _: unknown[]; grep?: string; fgrep?: string; invert?: boolean } | undefined {
  try {
    const { loadOptions } = createRequire(import.meta.url)('mocha/lib/cli/options.cjs');
    return loadOptions([...process.argv.slice(2), '--no-config', '--no-package']);
  } catch {
    return undefined;
  }
}

/**
 * mocha adds .mocharc.json's spec to the files named on its command line: a run of other named
 * files (`npx mocha test/x.test.ts`, the project's own tests) is not a conformance run.
 */
function otherFilesNamed(args = mochaArguments()): boolean {
  return (args?._ ?? []).map(String).some((spec) => !resolve(spec).startsWith(HERE));
}

/**
 * The tests mocha's --grep/--fgrep/--invert leave in, matched as mocha matches them: the run plans
 * only those, so nothing mocha leaves out is started ahead, sent or counted in the report.
 */
function mochaSelection(args = mochaArguments()): ((fullTitle: string) => boolean) | undefined {
  if (!args?.grep && !args?.fgrep) return undefined;
  const literal = args.fgrep !== undefined;
  const parts = literal ? undefined : String(args.grep).match(/^\/(.*)\/([a-z]*)$|.*/)!;
  const pattern = literal ? new RegExp(String(args.fgrep).replace(/[|\\{}()[\]^$+*?.]/g, '\\$&').replace(/-/g, '\\x2d')) : new RegExp(parts![1] || parts![0], parts![2]);
  return (title) => pattern.test(title) !== Boolean(args.invert);
}

const args = mochaArguments();
// The run's modules load only for a conformance run: a run of other files pays nothing for them.
if (!otherFilesNamed(args)) {
  const bdd = globalThis as unknown as Pick<Mocha.MochaGlobals, 'describe' | 'it' | 'before' | 'after' | 'afterEach'>;
  await (await import('../src/mocha-run.ts')).declareConformanceRun(bdd, mochaSelection(args));
}
