// A conformance run: contract → suites → cases (sharded, filtered) → mocha → findings → report.
// With no target it starts the embedded reference through `options.startEmbedded` (given by
// src/reference/embedded.ts) and stops it afterwards: the engine never imports the reference.
import { VERSION } from '../assets.ts';
import { loadContract, type Contract } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { SUITES } from '../../suites/index.ts';
import type { Case, CaseResult } from '../cases/model.ts';
import { toDeviation, redactValue } from '../findings/finding.ts';
import type { CheckOutcome, Deviation, Inconclusive, Report } from '../findings/model.ts';
import { summarize, verdictOf } from '../reporters/summary.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { Transport } from './transport.ts';
import { isLoopbackUrl } from './loopback.ts';
import { caseSeed, secretsOf, type Credentials, type Environment, type RunContext } from './context.ts';
import type { Setting, SuiteDefinition } from './suite.ts';
import { runUnderMocha } from './mocha-harness.ts';
import { endpointUnavailable } from '../cases/availability.ts';

export { VERSION };

/** Credentials of the embedded reference: not secrets of anybody, but redacted all the same. */
export const EMBEDDED_CREDENTIALS: Credentials[] = [
  { key: 'ivs-local-key', secret: 'ivs-local-secret' },
  { key: 'ivs-local-key-2', secret: 'ivs-local-secret-2' },
];

export interface RunOptions {
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
  /** Run the embedded reference with this deviation switched on (self-test). */
  mutant?: string;
  /** Run the embedded reference with these conformant variants switched on (precision self-test). */
  alternates?: string[];
  /** C1: custom settings the account has turned on (--features): their types and lists are asserted. */
  features?: string[];
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Starts the embedded reference for a run without a target (src/reference/embedded.ts passes it). */
  startEmbedded?: (options: RunOptions) => Promise<EmbeddedTarget>;
  /** 'mocha' (default) runs the cases as mocha tests; 'direct' skips the harness (in-process self-test). */
  harness?: 'mocha' | 'direct';
}

export interface ProgressEvent {
  suite: string;
  done: number;
  total: number;
  deviations: number;
  requests: number;
  elapsedMs: number;
}

export class TargetUnreachable extends Error {}

/** A target the run started itself (the embedded reference) and stops when it ends. */
export interface EmbeddedTarget {
  url: string;
  close(): Promise<void>;
}

export interface PlannedSuite {
  suite: SuiteDefinition;
  cases: Case[];
  skipped?: string;
}

/** Which suites and cases a run with these settings executes (also what `list` prints). */
export function planRun(contract: Contract, setting: Setting, options: { grep?: RegExp; shard?: { index: number; count: number } } = {}): PlannedSuite[] {
  return SUITES.map((suite) => {
    const skipped = suite.skip?.(setting);
    if (skipped) return { suite, cases: [], skipped };
    const cases = suite
      .cases(contract, setting)
      .filter((c) => !options.grep || options.grep.test(c.name) || options.grep.test(c.suite))
      .filter((c) => !options.shard || caseSeed(0, c.name) % options.shard.count === options.shard.index - 1);
    return { suite, cases };
  });
}

export async function runConformance(options: RunOptions): Promise<Report> {
  const startedAt = new Date();
  const contract = await loadContract(options.profile);
  let reference: EmbeddedTarget | undefined;
  let receiver: Receiver | undefined;
  const credentials = options.credentials ?? EMBEDDED_CREDENTIALS[0];
  const otherCredentials = options.otherCredentials ?? (options.target ? undefined : EMBEDDED_CREDENTIALS[1]);
  const signingKey = options.signingKey ?? credentials.secret;
  try {
    if (!options.target) {
      if (!options.startEmbedded) throw new TargetUnreachable('no target given, and no embedded reference to start (run through src/reference/embedded.ts)');
      reference = await options.startEmbedded(options);
    }
    const target = (options.target ?? reference!.url).replace(/\/+$/, '');
    const transport = new Transport({
      rate: options.rate,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      maxRequests: options.maxRequests,
      signal: options.signal,
    });
    const reachable = await transport.probe(target);
    if (reachable !== 'ok') throw new TargetUnreachable(`target unreachable: ${reachable}`);

    let webhooksUnavailable: string | undefined;
    if (isLoopbackUrl(target) || options.webhookUrl) {
      const port = options.webhookPort ?? 0; // its range (0..65535) is checked with the options, before any request
      receiver = await startReceiver({ signingKey, contract, port, signal: options.signal }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot receive webhooks on 127.0.0.1:${port}: ${error.code ?? error.message}`);
      });
    } else {
      webhooksUnavailable = 'the target is remote and no --webhook-url forwards to the local receiver';
    }
    const ctx: RunContext = {
      contract,
      oracle: oracleFor(contract),
      target,
      environment: options.environment,
      credentials,
      otherCredentials,
      signingKey,
      seed: options.seed,
      runs: options.runs,
      transport,
      issued: { authTokens: new Set(), scanRefs: new Set() },
      webhooks: receiver ? { callbackUrl: `${options.webhookUrl?.replace(/\/+$/, '') ?? receiver.url}/hooks`, waitFor: receiver.waitFor.bind(receiver) } : undefined,
      webhooksUnavailable,
      webhookTimeoutMs: options.webhookTimeoutMs,
      allowProductionWrites: options.allowProductionWrites,
      features: options.features,
      secrets: secretsOf([credentials, ...(otherCredentials ? [otherCredentials] : [])], signingKey),
      shared: new Map(),
    };
    ctx.endpointUnavailable = (op) => endpointUnavailable(ctx, op);

    const plan = planRun(contract, { environment: options.environment, allowProductionWrites: options.allowProductionWrites }, options);
    const { results, firstFindingAfter } = await executePlan(ctx, plan, options, startedAt);
    const report = buildReport(ctx, plan, results, { options, startedAt, target });
    if (firstFindingAfter !== undefined) report.firstFindingAfterRequests = firstFindingAfter;
    return redactValue(report, ctx.secrets);
  } finally {
    await receiver?.close();
    await reference?.close();
  }
}

type Results = Map<Case, CaseResult>;

async function executePlan(ctx: RunContext, plan: PlannedSuite[], options: RunOptions, startedAt: Date): Promise<{ results: Results; firstFindingAfter?: number }> {
  const all = plan.flatMap((p) => p.cases);
  const results: Results = new Map();
  let done = 0;
  let deviations = 0;
  let firstFindingAfter: number | undefined;
  const runCase = async (c: Case): Promise<CaseResult> => {
    let result: CaseResult;
    try {
      result = await c.run(ctx);
    } catch (error) {
      // A case that throws is a bug of ours, never the target's: report it as inconclusive.
      result = { observations: [], inconclusive: `internal error: ${(error as Error).message}` };
    }
    results.set(c, result);
    if (result.observations.length && firstFindingAfter === undefined) firstFindingAfter = ctx.transport.requestsSent;
    done++;
    deviations += result.observations.length;
    options.onProgress?.({ suite: c.suite, done, total: all.length, deviations, requests: ctx.transport.requestsSent, elapsedMs: Date.now() - startedAt.getTime() });
    return result;
  };
  if (options.harness === 'direct') await Promise.all(all.map(runCase));
  else await runUnderMocha(plan, runCase);
  return { results, firstFindingAfter };
}

function buildReport(ctx: RunContext, plan: PlannedSuite[], results: Results, run: { options: RunOptions; startedAt: Date; target: string }): Report {
  const deviations = new Map<string, Deviation>();
  const checks: CheckOutcome[] = [];
  const inconclusive: Inconclusive[] = [];
  for (const { cases } of plan) {
    for (const c of cases) {
      const result = results.get(c) ?? { observations: [], inconclusive: 'not run (interrupted)' };
      const ids: string[] = [];
      for (const { finding, exchange } of result.observations) {
        const deviation = toDeviation(finding, {
          endpoint: c.endpoint,
          suite: c.suite,
          seed: ctx.seed,
          ruleText: ctx.contract.rulings[finding.rule]?.text,
          documented: ctx.contract.rulings[finding.rule]?.documented ?? false,
          request: exchange?.request,
          response: exchange?.response,
          reproduce: exchange?.reproduce,
        });
        ids.push(deviation.id);
        const known = deviations.get(deviation.id);
        // One deviation per fingerprint: keep the smallest reproduction.
        if (!known || JSON.stringify(deviation.request ?? '').length < JSON.stringify(known.request ?? '').length) deviations.set(deviation.id, deviation);
      }
      if (result.inconclusive) inconclusive.push({ check: c.name, suite: c.suite, reason: result.inconclusive });
      checks.push({
        suite: c.suite,
        check: c.name,
        endpoint: c.endpoint,
        ...(c.field ? { field: c.field } : {}),
        ...(c.constraint ? { constraint: c.constraint } : {}),
        rule: c.rule,
        status: ids.length ? 'failed' : result.inconclusive ? 'inconclusive' : 'passed',
        ...(ids.length ? { deviationIds: [...new Set(ids)] } : {}),
      });
    }
  }
  const sorted = [...deviations.values()].sort((a, b) => a.id.localeCompare(b.id));
  const summary = summarize(sorted, checks, inconclusive);
  const report: Report = {
    tool: { name: 'ivs-conformance', version: VERSION },
    target: {
      url: run.target,
      profile: ctx.contract.profile,
      environment: ctx.environment,
      ...(run.options.target ? {} : { embedded: true, ...(run.options.mutant ? { mutant: run.options.mutant } : {}) }),
    },
    seed: ctx.seed,
    startedAt: run.startedAt.toISOString(),
    durationMs: Date.now() - run.startedAt.getTime(),
    requests: ctx.transport.requestsSent,
    summary,
    deviations: sorted,
    inconclusive,
    complete: !run.options.signal?.aborted,
    checks,
    retries: { total: ctx.transport.retries, byReason: { ...ctx.transport.retriesByReason } },
    ...(run.options.shard ? { shard: run.options.shard } : {}),
  };
  report.verdict = verdictOf(report);
  const skipped = plan.filter((p) => p.skipped);
  if (skipped.length) report.skippedSuites = skipped.map((p) => ({ suite: p.suite.name, reason: p.skipped! }));
  return report;
}
