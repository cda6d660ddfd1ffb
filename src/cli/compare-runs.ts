// `run --compare-to REPORT` and `run --against URL2` (issue 23): the run's behaviour compared with
// an earlier report, or with a second target sent the same seeded plan (same seed, same cases, run
// right after the first, with its own credentials and environment). The comparison goes into
// report.json (`drift`), report.html, drift.md / drift.json / drift.html, and the terminal.
import { join } from 'node:path';
import { SetupProblem, TargetUnreachable, type RunOptions } from '../engine/run.ts';
import { runConformance } from '../reference/embedded.ts';
import { compareReports, gateChanges } from '../findings/drift.ts';
import type { FailOn } from '../findings/gate.ts';
import { exitCodeOf } from '../findings/verdict.ts';
import type { Environment } from '../engine/context.ts';
import type { Report } from '../findings/model.ts';
import { writeReports } from '../reporters/write.ts';
import { contractFor, readSide, writeDrift } from './diff-command.ts';
import { credentialsFrom, UsageError } from './options.ts';
import { ENV } from '../env-names.ts';

export interface CompareFlags {
  compareTo?: string;
  against?: string;
  againstApiKey?: string;
  againstApiSecret?: string;
  againstEnvironment?: Environment;
}

/** Checked before any request: a bad --against or an unreadable --compare-to costs nothing. */
export function prepareComparison(flags: CompareFlags, options: RunOptions): { before?: Report; against?: RunOptions } {
  if (flags.compareTo && flags.against) throw new UsageError('--compare-to and --against cannot be combined: compare with one report or one second target');
  const before = flags.compareTo ? readSide(flags.compareTo, '--compare-to') : undefined;
  if (!flags.against) return { before };
  const credentials = credentialsFrom(flags.againstApiKey, flags.againstApiSecret, `--against-api-key/--against-api-secret (${ENV.againstApiKey}/${ENV.againstApiSecret})`);
  if (!options.target && !credentials) throw new UsageError(`--against needs its credentials (${ENV.againstApiKey} and ${ENV.againstApiSecret}) when the first target is the embedded reference`);
  return {
    before,
    against: {
      ...options,
      target: flags.against,
      // Without its own key pair, the second target is the same account (e.g. two builds of one service).
      credentials: credentials ?? options.credentials,
      otherCredentials: credentials ? undefined : options.otherCredentials,
      environment: flags.againstEnvironment ?? options.environment,
      onProgress: undefined,
      onExchange: undefined,
    },
  };
}

/**
 * Runs the second target when asked, attaches the comparison to `report` and writes drift.*.
 * Returns the exit code the comparison adds (1 when --fail-on selects a change or, with --against,
 * a deviation of the second target; 3 when the second target could not be judged), else 0.
 */
export async function compareRun(report: Report, prepared: { before?: Report; against?: RunOptions }, flags: CompareFlags, gate: FailOn, dir: string): Promise<{ exitCode: number; files: string[] }> {
  let after: Report | undefined;
  let files: string[] = [];
  if (prepared.against) {
    process.stderr.write(`ivs-conformance: the same seeded plan (seed ${report.seed}) against ${flags.against}\n`);
    try {
      after = await runConformance(prepared.against);
    } catch (error) {
      if (!(error instanceof TargetUnreachable || error instanceof SetupProblem)) throw error;
      // The first target's reports are written all the same; the comparison could not be made.
      process.stderr.write(`ivs-conformance: --against ${flags.against}: ${error.message}\n`);
      return { exitCode: 3, files };
    }
    files = writeReports(after, join(dir, 'against'));
    report.drift = compareReports(report, after, { beforeSource: report.target.url, afterSource: after.target.url, contract: await contractFor(after) });
  } else if (prepared.before) {
    report.drift = compareReports(prepared.before, report, { beforeSource: flags.compareTo!, afterSource: 'this run', contract: await contractFor(report) });
  }
  if (!report.drift) return { exitCode: 0, files };
  files = [...files, ...writeDrift(report.drift, dir)];
  const changes = gateChanges(report.drift, gate.changes).length > 0;
  const againstDeviates = after !== undefined && exitCodeOf(after, gate) === 1;
  return { exitCode: changes || againstDeviates ? 1 : 0, files };
}
