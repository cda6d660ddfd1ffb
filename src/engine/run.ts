// A conformance run: a planned run (the suites' cases for a contract and a setting) against a
// target → mocha → findings → report. The engine neither plans (src/plan.ts does, from suites/)
// nor starts anything: a run without a target is composed by src/reference/embedded.ts, which
// starts the embedded reference and hands its URL here like any other target.
import { VERSION } from '../assets.ts';
import type { Contract } from '../contract/load.ts';
import type { Report } from '../findings/model.ts';
import type { Credentials, Environment } from './context.ts';
import type { RecordedExchange } from './recorder.ts';
import type { PlannedSuite } from './suite.ts';
import { SetupProblem } from './preflight.ts';
import { RunSession, reportOfFailedRun } from './session.ts';
import { runUnderMocha } from './mocha-harness.ts';

export { VERSION, SetupProblem, reportOfFailedRun };
export { NothingToRun, TargetUnreachable } from './errors.ts';
export type { PlannedSuite } from './suite.ts';

/** What a run is asked to do: its target and credentials as given, and how to run. */
export interface RunOptions {
  /** The target as given (none: the composition starts the embedded reference, src/reference/embedded.ts). */
  target?: string;
  credentials?: Credentials;
  otherCredentials?: Credentials;
  environment: Environment;
  profile: string;
  signingKey?: string;
  webhookUrl?: string;
  /** Port of the local webhook receiver (0 = a free one), for a tunnel behind --webhook-url. */
  webhookPort?: number;
  seed: number;
  runs: number;
  grep?: RegExp;
  maxRequests?: number;
  rate: number;
  concurrency: number;
  timeoutMs: number;
  shard?: { index: number; count: number };
  allowProductionWrites: boolean;
  webhookTimeoutMs: number;
  /** C1: custom settings the account has turned on (--features): their types and lists are asserted. */
  features?: string[];
  /** --depth thorough: the heavier value classes (issue 24). */
  depth?: 'default' | 'thorough';
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** 'mocha' (default) runs the cases as mocha tests; 'direct' skips the harness (in-process self-test). */
  harness?: 'mocha' | 'direct';
  /** Run only the cases with these names (replay of earlier deviations). */
  only?: Set<string>;
  /** Skip the setup diagnosis: the one-request preflight and the watch during the run (default: both run). */
  preflight?: boolean;
  /** Every exchange, secrets redacted (for --har). */
  onExchange?: (exchange: RecordedExchange) => void;
  /** Receives, once the run starts, a function that reports what the run has so far (a second Ctrl-C writes it). */
  onSnapshot?: (take: () => Report) => void;
  /** Named guards (src/checks/guards.ts) switched off for this run only: a guard's regression test, never a user's run. */
  guardsOff?: string[];
}

/** The engine's part of the options: the target comes as a RunTarget. */
export type EngineOptions = Omit<RunOptions, 'target' | 'credentials' | 'otherCredentials'>;

export interface ProgressEvent {
  suite: string;
  done: number;
  total: number;
  /** Observations so far (not distinct deviations). */
  deviations: number;
  /** Checks finished so far, by outcome: passed + failed + inconclusive = done. */
  passed: number;
  failed: number;
  inconclusive: number;
  requests: number;
  elapsedMs: number;
  /** The rule and field of each finding of the case just finished (the self-test stops on its mutant's). */
  findings: { rule: string; field?: string }[];
}

/** The cases a run executes: each suite's, after filtering and sharding, for one contract and setting (src/plan.ts). */
export interface PlannedRun {
  contract: Contract;
  suites: PlannedSuite[];
}

/** What the run is sent against: a URL and the account's credentials. */
export interface RunTarget {
  url: string;
  credentials: Credentials;
  /** A second key pair of the same account (D1), when there is one. */
  otherCredentials?: Credentials;
  /** What report.json's `target` says of it beyond url, profile and environment (an embedded reference: embedded, mutant, alternates). */
  describe?: Pick<Report['target'], 'embedded' | 'mutant' | 'alternates'>;
}

/** Runs a planned run against a target: every case a mocha test (or, 'direct', a plain promise), then the report. */
export async function runPlan(plan: PlannedRun, target: RunTarget, options: EngineOptions): Promise<Report> {
  const session = new RunSession(plan, target, options);
  try {
    if (!(await session.open())) return session.reportSoFar();
    if (options.harness === 'direct') {
      await Promise.all(plan.suites.flatMap((p) => p.cases).map(async (c) => session.record(c, await session.runCase(c))));
    } else {
      await runUnderMocha(plan.suites, session);
    }
    return await session.finish();
  } catch (error) {
    session.failed(error);
    throw error;
  } finally {
    await session.close();
  }
}
