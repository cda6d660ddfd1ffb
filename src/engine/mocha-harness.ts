// The cases of a plan as mocha tests: one mocha suite per conformance suite, one test per case.
// mocha is the runner: a test runs its case, a case with findings fails its test, one that could
// not decide is pending (mocha has no "inconclusive"), and the status each check gets in the report
// is the state mocha gave its test. Requests stay concurrent: when mocha reaches a test, the next
// cases in mocha's order are started too (a lookahead; the transport paces their requests), so a
// test mostly finds its case done. The CLI declares the tests through mocha's programmatic API
// (runUnderMocha); a plain `npx mocha` declares the same ones through mocha's BDD globals (suites/).
import Mocha from 'mocha';
import type { Case } from '../cases/model.ts';
import type { CheckStatus } from './report.ts';
import type { RunSession } from './session.ts';
import type { PlannedSuite } from './suite.ts';

type CaseRun = Awaited<ReturnType<RunSession['runCase']>>;

/** What the tests drive: a run's session (src/engine/session.ts). */
export type CaseRunner = Pick<RunSession, 'signal' | 'runCase' | 'record'>;

/** How tests are declared: mocha's Suite objects (the CLI) or its BDD globals (a plain `npx mocha`). */
export interface Declarer {
  suite(title: string, body: () => void): void;
  test(title: string, fn: (this: Mocha.Context) => Promise<void>): Mocha.Test;
  afterEach(fn: (this: Mocha.Context) => void): void;
}

/**
 * Cases started ahead of mocha's current test. Wide enough that the slowest cases (webhooks awaited
 * for their window) overlap as they did when every case started at once, so a run takes as long.
 */
export const LOOKAHEAD = 512;

/** A check with findings: its test fails with them, one line each. */
export class CheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
    this.stack = `${this.name}: ${message}`; // the findings are the message; our stack says nothing about the target
  }
}

/** Declares every case of `plan` as a mocha test driving the runner `getRunner` gives once the tests run. */
export function declareCases(plan: PlannedSuite[], getRunner: () => CaseRunner, declare: Declarer, lookahead = LOOKAHEAD): void {
  const order = plan.flatMap((p) => p.cases); // mocha's order: suite by suite, case by case
  const position = new Map(order.map((c, i) => [c, i]));
  const started = new Map<Case, Promise<CaseRun>>();
  const ran = new Map<Mocha.Test, { c: Case; run: CaseRun }>();
  const start = (runner: CaseRunner, c: Case): Promise<CaseRun> => {
    const at = position.get(c)!;
    for (let i = at; i < Math.min(order.length, at + lookahead); i++) {
      const next = order[i];
      // Once the run is interrupted, nothing new is started ahead.
      if (!started.has(next) && (i === at || !runner.signal.aborted)) started.set(next, runner.runCase(next));
    }
    return started.get(c)!;
  };
  for (const { suite, cases } of plan) {
    if (!cases.length) continue;
    declare.suite(suite.name, () => {
      for (const c of cases) {
        const test = declare.test(c.name, async function () {
          const runner = getRunner();
          // Interrupted before this case started: it is not run (the report says so), the test pending.
          if (runner.signal.aborted && !started.has(c)) this.skip();
          const run = await start(runner, c);
          ran.set(test, { c, run });
          const { observations, inconclusive } = run.result;
          if (observations.length) throw new CheckFailed(observations.map((o) => `${o.finding.rule} ${o.finding.check}${o.finding.field ? ` (${o.finding.field})` : ''}: expected ${o.finding.expected}, got ${o.finding.actual}`).join('\n'));
          if (inconclusive) this.skip();
        });
      }
    });
  }
  // The report's status of each check is the state mocha gave its test.
  declare.afterEach(function () {
    const test = this.currentTest;
    const done = test && ran.get(test);
    if (!test || !done) return;
    ran.delete(test);
    getRunner().record(done.c, done.run, stateOf(test));
  });
}

function stateOf(test: Mocha.Test): CheckStatus {
  if (test.isPending()) return 'inconclusive';
  return test.state === 'failed' ? 'failed' : 'passed';
}

/** The terminal belongs to the CLI's progress display: mocha itself prints nothing. */
class QuietReporter extends Mocha.reporters.Base {}

/** Runs a plan's cases through mocha's programmatic API; returns mocha's failure count (= failed checks). */
export async function runUnderMocha(plan: PlannedSuite[], runner: CaseRunner): Promise<number> {
  const mocha = new Mocha({ reporter: QuietReporter as any, timeout: 0, bail: false });
  let current: Mocha.Suite = mocha.suite;
  declareCases(plan, () => runner, {
    suite: (title, body) => {
      current = Mocha.Suite.create(mocha.suite, title);
      body();
      current = mocha.suite;
    },
    test: (title, fn) => {
      const test = new Mocha.Test(title, fn);
      current.addTest(test);
      return test;
    },
    afterEach: (fn) => mocha.suite.afterEach(fn),
  });
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  mocha.dispose();
  return failures;
}
