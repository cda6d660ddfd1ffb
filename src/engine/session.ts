// One run against one target, in the steps a runner drives: open (probe, preflight, webhook
// receiver, the run's context), run each case, record what its test gave, then the report. The
// CLI's run (run.ts, through mocha's programmatic API) and a plain `npx mocha` (suites/) drive it
// alike; it knows nothing of how the target was started.
import { setMaxListeners } from 'node:events';
import type { Case, CaseResult } from '../cases/model.ts';
import { endpointUnavailable } from '../cases/availability.ts';
import { redactValue } from '../findings/finding.ts';
import type { Report } from '../findings/model.ts';
import { withGuardsOff, guardsOffHere } from '../contract/guard-switches.ts';
import { oracleFor } from '../contract/oracle.ts';
import { signingKeyProblem, unattributedDeliveries } from '../webhooks/diagnosis.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { secretsOf, type Credentials, type RunContext } from './context.ts';
import { isLoopbackUrl } from './loopback.ts';
import { observed, observeDeliveries } from './observing.ts';
import { preflight, preflightRequest, RunWatch, SetupProblem } from './preflight.ts';
import { attachRecorder, recordDeliveries, type Recorder } from './recorder.ts';
import { buildReport, statusOf, type CaseRecord, type CheckStatus } from './report.ts';
import { Transport } from './transport.ts';
import type { PlannedRun, RunOptions, RunTarget } from './run.ts';
import { TargetUnreachable } from './errors.ts';
import { ENV } from '../env-names.ts';

/** The report of a run that ended in TargetUnreachable or SetupProblem: NO VERDICT, with the cause. */
const failedRunReports = new WeakMap<object, Report>();
export function reportOfFailedRun(error: unknown): Report | undefined {
  return error && typeof error === 'object' ? failedRunReports.get(error) : undefined;
}

export class RunSession {
  readonly startedAt = new Date();
  readonly url: string;
  ctx: RunContext;
  private readonly controller = new AbortController();
  private readonly transport: Transport;
  private readonly records = new Map<Case, CaseRecord>();
  private readonly credentials: Credentials;
  private readonly signingKey: string;
  private readonly guardsOff: ReadonlySet<string>;
  private recorder?: Recorder; // set before any case runs, so every observation has one
  private receiver?: Receiver;
  private watch?: RunWatch;
  private counts = { done: 0, failed: 0, inconclusive: 0, deviations: 0 };
  private firstFindingAfter?: number;
  private readonly interrupt = () => this.controller.abort();

  constructor(
    readonly plan: PlannedRun,
    readonly target: RunTarget,
    readonly options: RunOptions,
  ) {
    this.url = target.url.replace(/\/+$/, '');
    this.credentials = target.credentials;
    this.signingKey = options.signingKey ?? target.credentials.secret;
    // The guards this run switches off: its own, and those of the context it was started in (a guard's regression test).
    this.guardsOff = new Set([...guardsOffHere(), ...(options.guardsOff ?? [])]);
    // Every queued request and backoff listens to one signal (the user's interrupt, or the watch
    // stopping on a setup problem): hundreds of listeners are expected, not a leak.
    setMaxListeners(0, this.controller.signal);
    options.signal?.addEventListener('abort', this.interrupt);
    if (options.signal?.aborted) this.controller.abort();
    this.transport = new Transport({ rate: options.rate, concurrency: options.concurrency, timeoutMs: options.timeoutMs, maxRequests: options.maxRequests, signal: this.controller.signal });
    // What the report needs before the run's context exists (a run stopped or failed before it does).
    // One list for the recorder (HAR), the observations and the report: near-miss credentials join it as they are sent.
    const secrets = secretsOf([target.credentials, ...(target.otherCredentials ? [target.otherCredentials] : [])], this.signingKey);
    this.ctx = { contract: plan.contract, environment: options.environment, seed: options.seed, runs: options.runs, transport: this.transport, secrets } as RunContext;
    options.onSnapshot?.(() => this.reportSoFar());
  }

  /** Aborted by the user or by a setup problem: cases not yet started are not started. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  reportSoFar(notRun?: string): Report {
    const report = buildReport({
      ctx: this.ctx,
      plan: this.plan.suites,
      records: this.records,
      startedAt: this.startedAt,
      target: { url: this.url, describe: this.target.describe },
      recorder: this.recorder,
      notRun,
      interrupted: this.options.signal?.aborted ?? false,
      shard: this.options.shard,
    });
    return redactValue(report, this.ctx.secrets);
  }

  /** Probes the target, diagnoses its setup and builds the run's context; false when interrupted while probing. */
  async open(): Promise<boolean> {
    const { contract } = this.plan;
    const { options, transport, credentials, url: target } = this;
    const otherCredentials = this.target.otherCredentials;
    const reachable = await transport.probe(target);
    // Interrupted while probing: the partial report (every check not run) is the answer.
    if (reachable !== 'ok' && options.signal?.aborted) return false;
    if (reachable !== 'ok') throw new TargetUnreachable(`target unreachable: ${reachable}${await schemeHint(transport, target)}`);
    const basic = (c: Credentials) => `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
    const validAuthorizations = new Map([[basic(credentials), `$${ENV.apiKey}:$${ENV.apiSecret}`]]);
    if (otherCredentials) validAuthorizations.set(basic(otherCredentials), `$${ENV.apiKey2}:$${ENV.apiSecret2}`);
    // Confirms a streak with the preflight's request (sent through the bare transport, so unwatched).
    const bareSend = transport.send.bind(transport);
    const confirm = () => preflightRequest({ contract, target, transport: { send: bareSend } as Transport, authorization: basic(credentials) });
    const watch = (this.watch = new RunWatch(contract, target, () => this.controller.abort(), confirm));
    const endpointOf = (url: string) => Object.values(contract.operations).find((op) => url.endsWith(op.path))?.endpoint ?? `POST ${new URL(url).pathname}`;
    const recorder = (this.recorder = attachRecorder(transport, {
      validAuthorizations,
      secrets: this.ctx.secrets,
      observe: (outcome, req) => (options.preflight === false ? undefined : watch.observe(outcome, endpointOf(req.url))),
      onExchange: options.onExchange,
    }));
    if (options.preflight !== false) await preflight({ contract, target, transport, authorization: basic(credentials) });

    let webhooksUnavailable: string | undefined;
    if (isLoopbackUrl(target) || options.webhookUrl) {
      const port = options.webhookPort ?? 0; // its range (0..65535) is checked with the options, before any request
      const otherKeys = [credentials, ...(otherCredentials ? [otherCredentials] : [])].flatMap((c, i) => [
        { name: `the API key${i ? ' 2' : ''}`, key: c.key },
        { name: `the API secret${i ? ' 2' : ''}`, key: c.secret },
      ]);
      this.receiver = await startReceiver({ signingKey: this.signingKey, otherKeys, contract, port, signal: this.controller.signal }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot receive webhooks on 127.0.0.1:${port}: ${error.code ?? error.message}`);
      });
    } else {
      webhooksUnavailable = 'the target is remote and no --webhook-url forwards to the local receiver';
    }
    const receiver = this.receiver;
    const ctx: RunContext = {
      contract,
      oracle: oracleFor(contract),
      target,
      environment: options.environment,
      credentials,
      otherCredentials,
      signingKey: this.signingKey,
      seed: options.seed,
      runs: options.runs,
      transport,
      issued: { authTokens: new Set(), scanRefs: new Set() },
      webhooks: receiver
        ? observeDeliveries(recordDeliveries({ callbackUrl: `${options.webhookUrl?.replace(/\/+$/, '') ?? receiver.url}/hooks`, waitFor: receiver.waitFor.bind(receiver), replays: receiver.replays.bind(receiver) }, recorder), { contract, secrets: this.ctx.secrets })
        : undefined,
      webhooksUnavailable,
      webhookTimeoutMs: options.webhookTimeoutMs,
      allowProductionWrites: options.allowProductionWrites,
      features: options.features,
      secrets: this.ctx.secrets,
      shared: new Map(),
      guardsOff: this.guardsOff,
    };
    ctx.endpointUnavailable = (op) => endpointUnavailable(ctx, op);
    this.ctx = ctx;
    return true;
  }

  /** Runs one case under the run's guards; a case that throws is a bug of ours, never the target's: inconclusive. */
  async runCase(c: Case): Promise<{ result: CaseResult; durationMs: number; collector?: CaseRecord['collector'] }> {
    const started = performance.now();
    try {
      const run = await withGuardsOff(this.guardsOff, () => observed(() => c.run(this.ctx)));
      return { result: run.result, collector: run.collector, durationMs: performance.now() - started };
    } catch (error) {
      return { result: { observations: [], inconclusive: `internal error: ${(error as Error).message}` }, durationMs: performance.now() - started };
    }
  }

  /** Records what a case gave and the status its test ended with (mocha's, or the result's own), and reports progress. */
  record(c: Case, run: Awaited<ReturnType<RunSession['runCase']>>, status: CheckStatus = statusOf(run.result)): void {
    const { result } = run;
    this.records.set(c, { result, status, durationMs: run.durationMs, collector: run.collector });
    const counts = this.counts;
    if (status === 'failed') counts.failed++;
    else if (status === 'inconclusive') counts.inconclusive++;
    if (result.observations.length && this.firstFindingAfter === undefined) this.firstFindingAfter = this.transport.requestsSent;
    counts.done++;
    counts.deviations += result.observations.length;
    const total = this.plan.suites.reduce((n, p) => n + p.cases.length, 0);
    this.options.onProgress?.({
      suite: c.suite,
      done: counts.done,
      total,
      deviations: counts.deviations,
      failed: counts.failed,
      passed: counts.done - counts.failed - counts.inconclusive,
      inconclusive: counts.inconclusive,
      requests: this.transport.requestsSent,
      elapsedMs: Date.now() - this.startedAt.getTime(),
      findings: result.observations.map(({ finding }) => ({ rule: finding.rule, field: finding.field })),
    });
  }

  /** The report of a run whose cases have all been run (or interrupted). */
  async finish(): Promise<Report> {
    if (this.watch?.problem) throw this.watch.problem;
    const deliveries = this.receiver?.deliveries() ?? [];
    const wrongKey = signingKeyProblem(deliveries, this.plan.contract.webhook.signatureHeader, this.options.signingKey !== undefined && this.options.signingKey !== this.credentials.secret);
    if (wrongKey) throw new SetupProblem('signing-key', wrongKey);
    const report = this.reportSoFar();
    const apart = unattributedDeliveries(deliveries);
    if (apart) report.unattributedWebhooks = redactValue(apart, this.ctx.secrets);
    if (this.firstFindingAfter !== undefined) report.firstFindingAfterRequests = this.firstFindingAfter;
    return report;
  }

  /**
   * A run that cannot reach its target (or stops on a setup problem) still leaves its own report,
   * so no earlier verdict stays in place: every check not run, NO VERDICT, with the cause.
   */
  failed(error: unknown): void {
    if (!(error instanceof TargetUnreachable || error instanceof SetupProblem)) return;
    this.records.clear();
    const report = this.reportSoFar(`not run: ${error.message}`);
    report.verdict = 'no-verdict';
    report.verdictReason = `no verdict: ${error.message}; no check ran`;
    failedRunReports.set(error, report);
  }

  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.interrupt);
    await this.receiver?.close();
  }
}

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
