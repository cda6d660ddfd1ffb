// The report of a run, from its plan and what each case gave: deviations (one per fingerprint),
// checks with the status mocha gave them, observations, retries and the verdict.
import { VERSION } from '../assets.ts';
import type { Case, CaseResult } from '../cases/model.ts';
import { toDeviation } from '../findings/finding.ts';
import type { CheckObservations, CheckOutcome, Deviation, Inconclusive, Report } from '../findings/model.ts';
import type { ObservationCollector } from '../findings/observation.ts';
import { groupProblems } from '../findings/problems.ts';
import { summarize, verdictOf, verdictReason } from '../reporters/summary.ts';
import type { Environment, RunContext } from './context.ts';
import { chainedReproduction, type Recorder } from './recorder.ts';
import type { PlannedSuite } from './suite.ts';
import { webhookEvidence } from './webhook-evidence.ts';

export type CheckStatus = CheckOutcome['status'];

/** What one case gave: its result and the status its test ended with. */
export interface CaseRecord {
  result: CaseResult;
  status: CheckStatus;
  /** Wall time of the case (junit.xml). */
  durationMs?: number;
  /** What it observed, normalised (report.json `observations`, for drift). */
  collector?: ObservationCollector;
}

/** The status a result gives on its own (the direct harness; mocha's test state otherwise). */
export function statusOf(result: CaseResult): CheckStatus {
  return result.observations.length ? 'failed' : result.inconclusive ? 'inconclusive' : 'passed';
}

export interface ReportInput {
  ctx: RunContext;
  plan: PlannedSuite[];
  records: Map<Case, CaseRecord>;
  startedAt: Date;
  target: { url: string; describe?: Pick<Report['target'], 'embedded' | 'mutant' | 'alternates'> };
  recorder?: Recorder;
  notRun?: string;
  interrupted: boolean;
  shard?: { index: number; count: number };
}

export function buildReport(run: ReportInput): Report {
  const { ctx, plan } = run;
  const deviations = new Map<string, Deviation>();
  const checks: CheckOutcome[] = [];
  const observations: CheckObservations[] = [];
  const inconclusive: Inconclusive[] = [];
  for (const { cases } of plan) {
    for (const c of cases) {
      const record = run.records.get(c);
      const result = record?.result ?? { observations: [], inconclusive: run.notRun ?? 'not run (interrupted)' };
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
      const seen = record?.collector?.exchanges();
      if (seen?.length) observations.push({ check: c.name, suite: c.suite, exchanges: seen });
      checks.push({
        suite: c.suite,
        check: c.name,
        endpoint: c.endpoint,
        ...(c.field ? { field: c.field } : {}),
        ...(c.constraint ? { constraint: c.constraint } : {}),
        rule: c.rule,
        status: record?.status ?? statusOf(result),
        ...(ids.length ? { deviationIds: [...new Set(ids)] } : {}),
        ...(record?.durationMs !== undefined ? { durationMs: Math.round(record.durationMs * 10) / 10 } : {}),
      });
    }
  }
  const sorted = [...deviations.values()].sort((a, b) => a.id.localeCompare(b.id));
  const problems = groupProblems(sorted, checks);
  const summary = summarize(sorted, checks, inconclusive, problems.length);
  const incomplete = [...(run.interrupted ? ['interrupted'] : []), ...(ctx.transport.budgetExhausted ? ['budget'] : [])];
  const report: Report = {
    tool: { name: 'ivs-conformance', version: VERSION },
    target: { url: run.target.url, profile: ctx.contract.profile, environment: ctx.environment, ...run.target.describe },
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
    ...(run.shard ? { shard: run.shard } : {}),
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
