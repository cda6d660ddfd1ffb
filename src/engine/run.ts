// A conformance run: contract → suites → cases (sharded, filtered) → mocha → findings → report.
// With no target it starts the embedded reference through `options.startEmbedded` (given by
// src/reference/embedded.ts) and stops it afterwards: the engine never imports the reference.
import { setMaxListeners } from 'node:events';
import { VERSION } from '../assets.ts';
import { loadContract, type Contract } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { SUITES } from '../../suites/index.ts';
import type { Case, CaseResult } from '../cases/model.ts';
import { toDeviation, redactValue } from '../findings/finding.ts';
import type { CheckObservations, CheckOutcome, Deviation, Inconclusive, Report } from '../findings/model.ts';
import { summarize, verdictOf, verdictReason } from '../reporters/summary.ts';
import { groupProblems } from '../findings/problems.ts';
import { preflight, preflightRequest, RunWatch, SetupProblem } from './preflight.ts';
import { signingKeyProblem, unattributedDeliveries } from '../webhooks/diagnosis.ts';
import { assertRegisteredChecks } from '../checks/registry.ts';
import { attachRecorder, chainedReproduction, recordDeliveries, type RecordedExchange, type Recorder } from './recorder.ts';
import { webhookEvidence } from './webhook-evidence.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { Transport } from './transport.ts';
import { isLoopbackUrl } from './loopback.ts';
import { caseSeed, secretsOf, type Credentials, type Environment, type RunContext } from './context.ts';
import type { PlannedSuite, Setting, SuiteDefinition } from './suite.ts';
import { runUnderMocha } from './mocha-harness.ts';
import { endpointUnavailable } from '../cases/availability.ts';
import { observed, observeDeliveries } from './observing.ts';
import type { ObservationCollector } from '../findings/observation.ts';
import { ENV } from '../env-names.ts';

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
  /** --depth thorough: the heavier value classes (issue 24). */
  depth?: 'default' | 'thorough';
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Starts the embedded reference for a run without a target (src/reference/embedded.ts passes it). */
  startEmbedded?: (options: RunOptions) => Promise<EmbeddedTarget>;
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
}

/** A --grep (or replay selection) that leaves nothing to run: a usage error, not a verdict. */
export class NothingToRun extends Error {}
export { SetupProblem };

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

export class TargetUnreachable extends Error {}

/** The report of a run that ended in TargetUnreachable or SetupProblem: NO VERDICT, with the cause. */
const failedRunReports = new WeakMap<object, Report>();
export function reportOfFailedRun(error: unknown): Report | undefined {
  return error && typeof error === 'object' ? failedRunReports.get(error) : undefined;
}

/** A target the run started itself (the embedded reference) and stops when it ends. */
export interface EmbeddedTarget {
  url: string;
  close(): Promise<void>;
}

export type { PlannedSuite } from './suite.ts';

/** Which suites and cases a run with these settings executes (also what `list` prints). */
export function planRun(contract: Contract, setting: Setting, options: { grep?: RegExp; shard?: { index: number; count: number }; only?: Set<string> } = {}): PlannedSuite[] {
  return SUITES.map((suite) => {
    const skipped = suite.skip?.(setting);
    if (skipped) return { suite, cases: [], skipped };
    const cases = suite
      .cases(contract, setting)
      .filter((c) => !options.grep || options.grep.test(c.name) || options.grep.test(c.suite))
      .filter((c) => !options.only || options.only.has(c.name))
      .filter((c) => !options.shard || caseSeed(0, c.name) % options.shard.count === options.shard.index - 1);
    assertRegisteredChecks(cases);
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
  const setting = { environment: options.environment, allowProductionWrites: options.allowProductionWrites, depth: options.depth };
  const plan = planRun(contract, setting, options);
  if ((options.grep || options.only) && !plan.some((p) => p.cases.length)) {
    const skipped = plan.filter((p) => p.skipped && (!options.grep || options.grep.test(p.suite.name))).map((p) => `${p.suite.name} (${p.skipped})`);
    throw new NothingToRun(
      options.only
        ? 'none of the checks to replay exists in this version of the suite'
        : `--grep ${options.grep} matches no check${skipped.length ? `; skipped here: ${skipped.join(', ')}` : ''} (see: ivs-conformance list)`,
    );
  }
  // One controller for the whole run: the user's interrupt, or the watch stopping on a setup problem.
  const controller = new AbortController();
  // Every queued request and backoff listens to it: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, controller.signal);
  const interrupt = () => controller.abort();
  options.signal?.addEventListener('abort', interrupt);
  if (options.signal?.aborted) controller.abort();
  const transport = new Transport({
    rate: options.rate,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    maxRequests: options.maxRequests,
    signal: controller.signal,
  });
  const results: Results = new Map();
  let target = options.target?.replace(/\/+$/, '') ?? 'embedded reference';
  // What the report needs before the run's context exists (a run stopped or failed before it does).
  // One list for the recorder (HAR), the observations and the report: near-miss credentials join it as they are sent.
  const runSecrets = secretsOf([credentials, ...(otherCredentials ? [otherCredentials] : [])], signingKey);
  let ctx = { contract, environment: options.environment, seed: options.seed, runs: options.runs, transport, secrets: runSecrets } as RunContext;
  let recorder: Recorder | undefined; // set before any case runs, so every observation has one
  const reportSoFar = (notRun?: string) => redactValue(buildReport(ctx, plan, results, { options, startedAt, target, recorder, notRun }), ctx.secrets);
  options.onSnapshot?.(() => reportSoFar());
  try {
    if (!options.target) {
      if (!options.startEmbedded) throw new TargetUnreachable('no target given, and no embedded reference to start (run through src/reference/embedded.ts)');
      reference = await options.startEmbedded(options);
      target = reference.url.replace(/\/+$/, '');
    }
    const reachable = await transport.probe(target);
    // Interrupted while probing: the partial report (every check not run) is the answer.
    if (reachable !== 'ok' && options.signal?.aborted) return reportSoFar();
    if (reachable !== 'ok') throw new TargetUnreachable(`target unreachable: ${reachable}${await schemeHint(transport, target)}`);
    const basic = (c: Credentials) => `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
    const validAuthorizations = new Map([[basic(credentials), `$${ENV.apiKey}:$${ENV.apiSecret}`]]);
    if (otherCredentials) validAuthorizations.set(basic(otherCredentials), `$${ENV.apiKey2}:$${ENV.apiSecret2}`);
    // Confirms a streak with the preflight's request (sent through the bare transport, so unwatched).
    const bareSend = transport.send.bind(transport);
    const confirm = () => preflightRequest({ contract, target, transport: { send: bareSend } as Transport, authorization: basic(credentials) });
    const watch = new RunWatch(contract, target, () => controller.abort(), confirm);
    const endpointOf = (url: string) => Object.values(contract.operations).find((op) => url.endsWith(op.path))?.endpoint ?? `POST ${new URL(url).pathname}`;
    recorder = attachRecorder(transport, {
      validAuthorizations,
      secrets: runSecrets,
      observe: (outcome, req) => (options.preflight === false ? undefined : watch.observe(outcome, endpointOf(req.url))),
      onExchange: options.onExchange,
    });
    if (options.preflight !== false) await preflight({ contract, target, transport, authorization: basic(credentials) });

    let webhooksUnavailable: string | undefined;
    if (isLoopbackUrl(target) || options.webhookUrl) {
      const port = options.webhookPort ?? 0; // its range (0..65535) is checked with the options, before any request
      const otherKeys = [credentials, ...(otherCredentials ? [otherCredentials] : [])].flatMap((c, i) => [
        { name: `the API key${i ? ' 2' : ''}`, key: c.key },
        { name: `the API secret${i ? ' 2' : ''}`, key: c.secret },
      ]);
      receiver = await startReceiver({ signingKey, otherKeys, contract, port, signal: controller.signal }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot receive webhooks on 127.0.0.1:${port}: ${error.code ?? error.message}`);
      });
    } else {
      webhooksUnavailable = 'the target is remote and no --webhook-url forwards to the local receiver';
    }
    ctx = {
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
      webhooks: receiver
        ? observeDeliveries(recordDeliveries({ callbackUrl: `${options.webhookUrl?.replace(/\/+$/, '') ?? receiver.url}/hooks`, waitFor: receiver.waitFor.bind(receiver) }, recorder), { contract, secrets: runSecrets })
        : undefined,
      webhooksUnavailable,
      webhookTimeoutMs: options.webhookTimeoutMs,
      allowProductionWrites: options.allowProductionWrites,
      features: options.features,
      secrets: runSecrets,
      shared: new Map(),
    };
    ctx.endpointUnavailable = (op) => endpointUnavailable(ctx, op);

    const { firstFindingAfter } = await executePlan(ctx, plan, options, startedAt, results);
    if (watch.problem) throw watch.problem;
    const deliveries = receiver?.deliveries() ?? [];
    const wrongKey = signingKeyProblem(deliveries, contract.webhook.signatureHeader, options.signingKey !== undefined && options.signingKey !== credentials.secret);
    if (wrongKey) throw new SetupProblem('signing-key', wrongKey);
    const report = buildReport(ctx, plan, results, { options, startedAt, target, recorder });
    const apart = unattributedDeliveries(deliveries);
    if (apart) report.unattributedWebhooks = apart;
    if (firstFindingAfter !== undefined) report.firstFindingAfterRequests = firstFindingAfter;
    return redactValue(report, ctx.secrets);
  } catch (error) {
    // A run that cannot reach its target (or stops on a setup problem) still leaves its own report,
    // so no earlier verdict stays in place: every check not run, NO VERDICT, with the cause.
    if (error instanceof TargetUnreachable || error instanceof SetupProblem) {
      results.clear();
      const report = reportSoFar(`not run: ${error.message}`);
      report.verdict = 'no-verdict';
      report.verdictReason = `no verdict: ${error.message}; no check ran`;
      failedRunReports.set(error, report);
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    await receiver?.close();
    await reference?.close();
  }
}

type Results = Map<Case, CaseResult>;

/** When the target answers over the other scheme (https:// given to a plain-HTTP server, or the reverse), says so. */
async function schemeHint(transport: Transport, target: string): Promise<string> {
  const url = new URL(target);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  const other = url.protocol === 'https:' ? 'http:' : 'https:';
  url.protocol = other;
  const swapped = url.toString().replace(/\/+$/, '');
  const answer = await transport.probe(swapped).catch(() => 'failed');
  return answer === 'ok' ? `; it answers over ${other.replace(':', '')}:// instead: did you mean --target ${swapped}?` : '';
}

/** Wall time of each case (for junit.xml). */
const durations = new WeakMap<CaseResult, number>();
/** What each case observed, normalised (report.json `observations`, for drift). */
const observationsOf = new WeakMap<CaseResult, ObservationCollector>();

async function executePlan(ctx: RunContext, plan: PlannedSuite[], options: RunOptions, startedAt: Date, results: Results): Promise<{ firstFindingAfter?: number }> {
  const all = plan.flatMap((p) => p.cases);
  let failed = 0;
  let inconclusive = 0;
  let done = 0;
  let deviations = 0;
  let firstFindingAfter: number | undefined;
  const runCase = async (c: Case): Promise<CaseResult> => {
    let result: CaseResult;
    const caseStarted = performance.now();
    try {
      const run = await observed(() => c.run(ctx));
      result = run.result;
      observationsOf.set(result, run.collector);
    } catch (error) {
      // A case that throws is a bug of ours, never the target's: report it as inconclusive.
      result = { observations: [], inconclusive: `internal error: ${(error as Error).message}` };
    }
    durations.set(result, performance.now() - caseStarted);
    results.set(c, result);
    if (result.observations.length) failed++;
    else if (result.inconclusive) inconclusive++;
    if (result.observations.length && firstFindingAfter === undefined) firstFindingAfter = ctx.transport.requestsSent;
    done++;
    deviations += result.observations.length;
    options.onProgress?.({ suite: c.suite, done, total: all.length, deviations, failed, passed: done - failed - inconclusive, inconclusive, requests: ctx.transport.requestsSent, elapsedMs: Date.now() - startedAt.getTime(), findings: result.observations.map(({ finding }) => ({ rule: finding.rule, field: finding.field })) });
    return result;
  };
  if (options.harness === 'direct') await Promise.all(all.map(runCase));
  else await runUnderMocha(plan, runCase);
  return { firstFindingAfter };
}

function buildReport(ctx: RunContext, plan: PlannedSuite[], results: Results, run: { options: RunOptions; startedAt: Date; target: string; recorder?: Recorder; notRun?: string }): Report {
  const deviations = new Map<string, Deviation>();
  const checks: CheckOutcome[] = [];
  const observations: CheckObservations[] = [];
  const inconclusive: Inconclusive[] = [];
  for (const { cases } of plan) {
    for (const c of cases) {
      const result = results.get(c) ?? { observations: [], inconclusive: run.notRun ?? 'not run (interrupted)' };
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
          reproduce: chainedReproduction(ctx, run.recorder!, exchange),
        });
        if (deviation.category === 'webhook') {
          const evidence = webhookEvidence(run.recorder!, exchange, ctx.contract.webhook.signatureHeader, finding.check === 'webhook-signature');
          if (evidence) deviation.webhook = evidence;
        }
        ids.push(deviation.id);
        const known = deviations.get(deviation.id);
        // One deviation per fingerprint: keep the smallest reproduction.
        if (!known || JSON.stringify(deviation.request ?? '').length < JSON.stringify(known.request ?? '').length) deviations.set(deviation.id, deviation);
      }
      if (result.inconclusive && !ids.length) inconclusive.push({ check: c.name, suite: c.suite, reason: result.inconclusive });
      const seen = observationsOf.get(result)?.exchanges();
      if (seen?.length) observations.push({ check: c.name, suite: c.suite, exchanges: seen });
      checks.push({
        suite: c.suite,
        check: c.name,
        endpoint: c.endpoint,
        ...(c.field ? { field: c.field } : {}),
        ...(c.constraint ? { constraint: c.constraint } : {}),
        rule: c.rule,
        status: ids.length ? 'failed' : result.inconclusive ? 'inconclusive' : 'passed',
        ...(ids.length ? { deviationIds: [...new Set(ids)] } : {}),
        ...(durations.has(result) ? { durationMs: Math.round(durations.get(result)! * 10) / 10 } : {}),
      });
    }
  }
  const sorted = [...deviations.values()].sort((a, b) => a.id.localeCompare(b.id));
  const problems = groupProblems(sorted, checks);
  const summary = summarize(sorted, checks, inconclusive, problems.length);
  const incomplete = [
    ...(run.options.signal?.aborted ? ['interrupted'] : []),
    ...(ctx.transport.budgetExhausted ? ['budget'] : []),
  ];
  const report: Report = {
    tool: { name: 'ivs-conformance', version: VERSION },
    target: {
      url: run.target,
      profile: ctx.contract.profile,
      environment: ctx.environment,
      ...(run.options.target ? {} : { embedded: true, ...(run.options.mutant ? { mutant: run.options.mutant } : {}), ...(run.options.alternates?.length ? { alternates: run.options.alternates } : {}) }),
    },
    seed: ctx.seed,
    runs: ctx.runs,
    startedAt: run.startedAt.toISOString(),
    durationMs: Date.now() - run.startedAt.getTime(),
    requests: ctx.transport.requestsSent,
    summary,
    deviations: sorted,
    inconclusive,
    complete: incomplete.length === 0,
    ...(incomplete.length ? { incomplete } : {}),
    problems,
    checks,
    ...(observations.length ? { observations } : {}),
    retries: { total: ctx.transport.retries, byReason: { ...ctx.transport.retriesByReason } },
    ...(run.options.shard ? { shard: run.options.shard } : {}),
  };
  const hints = environmentHints(ctx.environment, sorted);
  if (hints.length) report.setupHints = hints;
  report.verdict = verdictOf(report);
  report.verdictReason = verdictReason(report);
  const skipped = plan.filter((p) => p.skipped);
  if (skipped.length) report.skippedSuites = skipped.map((p) => ({ suite: p.suite.name, reason: p.skipped! }));
  return report;
}

/**
 * The environment is declared, not probed (no dummy call outside development). When the environment
 * checks fail, the declaration may be what is wrong: say so beside the deviations, without hiding them.
 */
function environmentHints(environment: Environment, deviations: Deviation[]): string[] {
  if (!deviations.some((d) => d.category === 'environment')) return [];
  return [
    `the environment checks failed with --environment ${environment}: if this account is not a ${environment} one, run again with the right --environment (${['development', 'testing', 'production'].filter((e) => e !== environment).join(' or ')}); if it is, these are deviations`,
  ];
}
