// Planning, outside the engine: which suites (suites/) and cases a run with these settings
// executes, for one contract and setting. The CLI's `list`, its `run` (through
// src/reference/embedded.ts) and a plain `npx mocha` (suites/conformance.spec.ts) plan here and
// hand the engine the planned run.
import { loadContract, type Contract } from './contract/load.ts';
import { assertRegisteredChecks } from './checks/registry.ts';
import { caseSeed } from './engine/context.ts';
import { NothingToRun, type PlannedRun, type PlannedSuite, type RunOptions } from './engine/run.ts';
import type { Setting } from './engine/suite.ts';
import { SUITES } from '../suites/index.ts';

export interface PlanFilters {
  grep?: RegExp;
  shard?: { index: number; count: number };
  only?: Set<string>;
}

/** Which suites and cases a run with these settings executes (also what `list` prints). */
export function planRun(contract: Contract, setting: Setting, filters: PlanFilters = {}): PlannedSuite[] {
  return SUITES.map((suite) => {
    const skipped = suite.skip?.(setting);
    if (skipped) return { suite, cases: [], skipped };
    const cases = suite
      .cases(contract, setting)
      .filter((c) => !filters.grep || filters.grep.test(c.name) || filters.grep.test(c.suite))
      .filter((c) => !filters.only || filters.only.has(c.name))
      .filter((c) => !filters.shard || caseSeed(0, c.name) % filters.shard.count === filters.shard.index - 1);
    assertRegisteredChecks(cases);
    return { suite, cases };
  });
}

/** The planned run of these options: the profile's contract, its suites for the setting; a selection that leaves nothing is a usage error. */
export async function planFor(options: Pick<RunOptions, 'profile' | 'environment' | 'allowProductionWrites' | 'depth' | 'grep' | 'shard' | 'only'>): Promise<PlannedRun> {
  const contract = await loadContract(options.profile);
  const setting: Setting = { environment: options.environment, allowProductionWrites: options.allowProductionWrites, depth: options.depth };
  const suites = planRun(contract, setting, options);
  if ((options.grep || options.only) && !suites.some((p) => p.cases.length)) {
    const skipped = suites.filter((p) => p.skipped && (!options.grep || options.grep.test(p.suite.name))).map((p) => `${p.suite.name} (${p.skipped})`);
    throw new NothingToRun(
      options.only
        ? 'none of the checks to replay exists in this version of the suite'
        : `--grep ${options.grep} matches no check${skipped.length ? `; skipped here: ${skipped.join(', ')}` : ''} (see: ivs-conformance list)`,
    );
  }
  return { contract, suites };
}
