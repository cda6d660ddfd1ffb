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
import { declareCases } from '../src/engine/mocha-harness.ts';
import { RunSession } from '../src/engine/session.ts';
import { NothingToRun, SetupProblem, TargetUnreachable } from '../src/engine/run.ts';
import { engineOptions, targetFor, type StartedTarget } from '../src/reference/embedded.ts';
import { planFor } from '../src/plan.ts';
import { runOptionsFromEnvironment } from '../src/cli/run-command.ts';
import { UsageError, assertKnownFeatures } from '../src/cli/options.ts';
import { visibleControls } from '../src/reporters/neutralise.ts';
import { writeReports } from '../src/reporters/write.ts';

const bdd = globalThis as unknown as Pick<Mocha.MochaGlobals, 'describe' | 'it' | 'before' | 'after' | 'afterEach'>;
const HERE = dirname(fileURLToPath(import.meta.url));

/** Bad settings: one line and exit 2 (usage), as the CLI does, before mocha runs anything. */
function usage(error: unknown): never {
  if (!(error instanceof UsageError || error instanceof NothingToRun)) throw error;
  process.stderr.write(`ivs-conformance: ${visibleControls(error.message.replace(/\s+/g, ' '))}\n`);
  process.exit(2);
}

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

/** A setup problem or an unreachable target fails the hook in one line: no stack of ours. */
function oneLine(error: unknown): unknown {
  if (!(error instanceof TargetUnreachable || error instanceof SetupProblem)) return error;
  const plain = new Error(visibleControls(error.message.replace(/\s+/g, ' ')));
  plain.stack = `${error.constructor.name}: ${plain.message}`;
  return plain;
}

const args = mochaArguments();
if (!otherFilesNamed(args)) {
  const options = (() => {
    try {
      return runOptionsFromEnvironment();
    } catch (error) {
      return usage(error);
    }
  })();
  if (options.features?.length) await assertKnownFeatures(options.profile, options.features).catch(usage);
  const planned = await planFor(options).catch(usage);
  const selected = mochaSelection(args);
  const plan = selected ? { ...planned, suites: planned.suites.map((p) => ({ ...p, cases: p.cases.filter((c) => selected(`${p.suite.name} ${c.name}`)) })) } : planned;
  let target: StartedTarget | undefined;
  let session: RunSession | undefined;
  let opened = false;

  bdd.before(async function () {
    this.timeout(0);
    process.stderr.write(`ivs-conformance ${options.target ?? 'embedded reference'} · profile ${options.profile} · ${options.environment} · seed ${options.seed}\n`);
    target = await targetFor(options);
    session = new RunSession(plan, target, engineOptions(options));
    if (!(await session.open().catch((error) => Promise.reject(oneLine(error))))) throw new Error('interrupted while probing the target');
    opened = true;
  });
  bdd.after(async function () {
    this.timeout(0);
    try {
      if (!session || !opened) return; // the hook that failed said why: no report of a run that did not start
      const report = await session.finish().catch((error) => Promise.reject(oneLine(error)));
      if (process.env.IVS_REPORT_DIR) writeReports(report, resolve(process.env.IVS_REPORT_DIR));
      process.stderr.write(`\nivs-conformance: ${report.verdictReason ?? report.verdict}; seed ${report.seed}\n`);
    } finally {
      await session?.close();
      await target?.close();
    }
  });
  declareCases(plan.suites, () => session!, {
    suite: (title, body) =>
      bdd.describe(title, function () {
        this.timeout(0); // a check takes what its requests take, paced by the transport
        body();
      }),
    test: (title, fn) => bdd.it(title, fn),
    afterEach: (fn) => bdd.afterEach(fn),
  });
}
