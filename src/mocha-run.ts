// The conformance run of a plain `npx mocha` (suites/conformance.spec.ts): its options from the
// environment variables `ivs-conformance run` reads, planned (src/plan.ts), against the target they
// name or the embedded reference, its cases declared as mocha tests with mocha's globals
// (src/engine/mocha-harness.ts, the same tests the CLI declares through mocha's programmatic API).
import { resolve } from 'node:path';
import type Mocha from 'mocha';
import { declareCases } from './engine/mocha-harness.ts';
import { RunSession } from './engine/session.ts';
import { NothingToRun, SetupProblem, TargetUnreachable } from './engine/run.ts';
import { engineOptions, targetFor, type StartedTarget } from './reference/embedded.ts';
import { planFor } from './plan.ts';
import { runOptionsFromEnvironment } from './cli/run-command.ts';
import { UsageError, assertKnownFeatures } from './cli/options.ts';
import { visibleControls } from './reporters/neutralise.ts';
import { writeReports } from './reporters/write.ts';

type Bdd = Pick<Mocha.MochaGlobals, 'describe' | 'it' | 'before' | 'after' | 'afterEach'>;

/** Bad settings: one line and exit 2 (usage), as the CLI does, before mocha runs anything. */
function usage(error: unknown): never {
  if (!(error instanceof UsageError || error instanceof NothingToRun)) throw error;
  process.stderr.write(`ivs-conformance: ${visibleControls(error.message.replace(/\s+/g, ' '))}\n`);
  process.exit(2);
}

/** A setup problem or an unreachable target fails the hook in one line: no stack of ours. */
function oneLine(error: unknown): unknown {
  if (!(error instanceof TargetUnreachable || error instanceof SetupProblem)) return error;
  const plain = new Error(visibleControls(error.message.replace(/\s+/g, ' ')));
  plain.stack = `${error.constructor.name}: ${plain.message}`;
  return plain;
}

/** Declares the run: root hooks that open it on its target and report it, one mocha suite per conformance suite, one test per check. */
export async function declareConformanceRun(bdd: Bdd, selected?: (fullTitle: string) => boolean): Promise<void> {
  const options = (() => {
    try {
      return runOptionsFromEnvironment();
    } catch (error) {
      return usage(error);
    }
  })();
  if (options.features?.length) await assertKnownFeatures(options.profile, options.features).catch(usage);
  const planned = await planFor(options).catch(usage);
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
