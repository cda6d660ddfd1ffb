// Runs a plan as mocha tests: one mocha suite per conformance suite, one test per case. All cases
// are started at once (the transport paces the requests), and each test awaits its own case, so
// mocha gives the structure and the pass/fail bookkeeping while requests run concurrently.
import Mocha from 'mocha';
import type { Case, CaseResult } from '../cases/model.ts';
import type { PlannedSuite } from './suite.ts';

/** The terminal belongs to the CLI's progress display: mocha itself prints nothing. */
class QuietReporter extends Mocha.reporters.Base {}

export async function runUnderMocha(plan: PlannedSuite[], runCase: (c: Case) => Promise<CaseResult>): Promise<void> {
  const mocha = new Mocha({ reporter: QuietReporter as any, timeout: 0, bail: false });
  const started = new Map<Case, Promise<CaseResult>>();
  const start = (c: Case) => {
    if (!started.has(c)) started.set(c, runCase(c));
    return started.get(c)!;
  };
  mocha.suite.beforeAll('start every case', () => {
    for (const { cases } of plan) cases.forEach(start);
  });
  for (const { suite, cases } of plan) {
    if (!cases.length) continue;
    const mochaSuite = Mocha.Suite.create(mocha.suite, suite.name);
    for (const c of cases) {
      mochaSuite.addTest(
        new Mocha.Test(c.name, async () => {
          const result = await start(c);
          if (result.observations.length) {
            throw new Error(result.observations.map((o) => `${o.finding.check}: expected ${o.finding.expected}, got ${o.finding.actual}`).join('\n'));
          }
          // mocha has no "inconclusive": a case that could not decide is reported as pending.
        }),
      );
    }
  }
  await new Promise<void>((resolve) => mocha.run(() => resolve()));
  mocha.dispose();
}
