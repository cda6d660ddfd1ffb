// Cases: the unit the engine runs and reports on. A case sends one request (or a short flow) and
// turns what came back into observations via the checks. Two builders cover most needs:
//  - requestCase: one deterministic request with an expectation from the oracle (or given);
//  - propertyCase: a fast-check property over generated bodies, shrunk to a minimal request.
import fc from 'fast-check';
import { isDocumented, type Operation } from '../contract/load.ts';
import { expectedIdentifier } from '../contract/oracle.ts';
import { runChecks, type Expectation } from '../checks/index.ts';
import { customSettingLatitude, gatedRefusal, settleOpen } from '../checks/latitude.ts';
import { guardOn } from '../checks/guards.ts';
import type { Category } from '../findings/model.ts';
import type { Finding } from '../findings/finding.ts';
import { caseSeed, type RunContext } from '../engine/context.ts';
import { exchange, type Exchange, type Probe } from '../engine/exchange.ts';
import { RULE } from '../contract/rulings.ts';

export interface Observation {
  finding: Finding;
  exchange?: Exchange;
}

export interface CaseResult {
  observations: Observation[];
  /** Set when the case could not reach a verdict (transient failures, budget, no webhook sink...). */
  inconclusive?: string;
  /** Extra facts for the report (e.g. which value triggered the finding). */
  note?: string;
}

export interface Case {
  suite: string;
  /** Unique, stable name: the case's identity for sharding, seeds and --grep. */
  name: string;
  /** The main check this case exercises (coverage matrix). */
  check: string;
  endpoint: string;
  field?: string;
  constraint?: string;
  rule: string;
  run(ctx: RunContext): Promise<CaseResult>;
}

/** What a case is about: the rule it exercises and the field and constraint, when it has them. */
export interface About {
  rule?: string;
  field?: string;
  constraint?: string;
}

/**
 * "Must be accepted", attributed to the rule the case exercises (not to whatever field happens to
 * be required), and documented only when neither the rule nor the exercised keyword is ruled.
 */
function acceptance(ctx: RunContext, op: Operation, about: About): Expectation {
  const rule = about.rule ?? RULE.echoAndDefaults;
  const field = op.fields.find((f) => f.name === about.field);
  const keyword = about.constraint?.replace(/-boundary$/, '');
  return { kind: 'accept', rule, documented: isDocumented(ctx.contract, rule, field, keyword) };
}

/** What the contract expects of a JSON body, asked at the moment it is sent. */
export function expectationFor(ctx: RunContext, op: Operation, body: unknown, about: About = {}): Expectation | 'never-send' {
  const verdict = ctx.oracle.judge(op.operationId, body);
  if (verdict.neverSend) return 'never-send';
  if (verdict.valid) return acceptance(ctx, op, about);
  const open = customSettingLatitude(ctx.contract, op, verdict.violations, ctx.features);
  if (open) return open;
  const first = verdict.violations[0];
  const field = op.fields.find((f) => f.name === first.field);
  return {
    kind: 'reject',
    identifier: expectedIdentifier(verdict.violations),
    rule: first.rule,
    field: first.field,
    constraint: first.kind,
    reason: verdict.violations.map((v) => v.message).join('; '),
    // A cross-field rule states its own identifier (T19).
    identifierRule: first.kind === 'cross-field' ? first.rule : undefined,
    documented: field ? !field.ruled.includes(first.kind) && (ctx.contract.rulings[first.rule]?.documented ?? false) : undefined,
  };
}

export interface RequestCaseSpec {
  suite: string;
  name: string;
  check: string;
  /** The request, or a function that prepares it (returning a reason string when it cannot). */
  probe: Probe | ((ctx: RunContext) => Promise<Probe | string>);
  /** Required when `probe` is a function. */
  endpoint?: string;
  field?: string;
  constraint?: string;
  rule: string;
  /** For requests whose verdict is not about the body (auth, method, environment, malformed JSON). */
  expect?: Expectation;
  /** File rejection findings under this category (auth, environment). */
  category?: Category;
  /** Restrict to these checks (default: all exchange checks). */
  checks?: string[];
}

export function observe(ctx: RunContext, ex: Exchange, expectation: Expectation, spec: Pick<RequestCaseSpec, 'field' | 'constraint' | 'category' | 'checks'>): CaseResult {
  if (!ex.answer) return { observations: [], inconclusive: ex.transient };
  const body = ex.probe.rawBody === undefined && isObject(ex.probe.body) ? ex.probe.body : undefined;
  const refused = gatedRefusal(ctx.contract, ex.probe.op, expectation, ex.answer, body);
  if (refused) return { observations: [], inconclusive: refused };
  expectation = settleOpen(expectation, ex.answer);
  const findings = runChecks(
    {
      contract: ctx.contract,
      oracle: ctx.oracle,
      op: ex.probe.op,
      body,
      answer: ex.answer,
      expectation,
      category: spec.category,
      issued: ctx.issued,
      field: spec.field,
      constraint: spec.constraint,
    },
    spec.checks,
  );
  return { observations: findings.map((finding) => ({ finding, exchange: ex })) };
}

export function requestCase(spec: RequestCaseSpec): Case {
  return {
    suite: spec.suite,
    name: spec.name,
    check: spec.check,
    endpoint: spec.endpoint ?? (typeof spec.probe === 'function' ? '' : spec.probe.op.endpoint),
    field: spec.field,
    constraint: spec.constraint,
    rule: spec.rule,
    async run(ctx) {
      const probe = typeof spec.probe === 'function' ? await spec.probe(ctx) : spec.probe;
      if (typeof probe === 'string') return { observations: [], inconclusive: probe };
      const unavailable = await ctx.endpointUnavailable?.(probe.op);
      if (unavailable) return { observations: [], inconclusive: unavailable };
      let expectation = spec.expect;
      if (!expectation) {
        const computed = expectationFor(ctx, probe.op, probe.body, spec);
        if (computed === 'never-send') return { observations: [], inconclusive: 'the documents give no verdict for this request' };
        expectation = computed;
      }
      const ex = await exchange(ctx, probe);
      return observe(ctx, ex, expectation, spec);
    },
  };
}

export interface PropertyCaseSpec {
  suite: string;
  name: string;
  check: string;
  op: Operation;
  field?: string;
  constraint?: string;
  rule: string;
  arbitrary: (ctx: RunContext) => fc.Arbitrary<Record<string, unknown>> | undefined;
  /** Runs for this property: a function of the run's --runs. */
  runs: (runs: number) => number;
  /** Upper bound on requests spent shrinking a failure. */
  shrinkBudget?: number;
}

/**
 * A fast-check property: each generated body is sent and judged by the oracle *as sent*, so a
 * shrunk body that lost its invalid part is judged valid (and must then be accepted). The
 * minimal failing body's observations are reported.
 */
export function propertyCase(spec: PropertyCaseSpec): Case {
  return {
    suite: spec.suite,
    name: spec.name,
    check: spec.check,
    endpoint: spec.op.endpoint,
    field: spec.field,
    constraint: spec.constraint,
    rule: spec.rule,
    async run(ctx) {
      const arbitrary = spec.arbitrary(ctx);
      if (!arbitrary) return { observations: [], inconclusive: 'no generator for this constraint' };
      let failures = 0;
      let last: CaseResult | undefined;
      let transient: string | undefined;
      const shrinkBudget = spec.shrinkBudget ?? 30;
      const property = fc.asyncProperty(arbitrary, async (body) => {
        // Transient (or the run stopped): nothing more is sent, and the case is inconclusive whatever
        // fast-check concludes. Passing, not skipping: a skip makes fast-check generate up to
        // maxSkipsPerRun more values per run, which kept a stopped run busy for seconds.
        if (transient) return true;
        if (failures > shrinkBudget) fc.pre(false); // budget spent: stop sending while fast-check finishes
        const expectation = expectationFor(ctx, spec.op, body, spec);
        fc.pre(expectation !== 'never-send');
        const ex = await exchange(ctx, { op: spec.op, body });
        const result = observe(ctx, ex, expectation as Expectation, { field: spec.field, constraint: spec.constraint });
        if (result.inconclusive) {
          transient = result.inconclusive;
          fc.pre(false);
        }
        if (result.observations.length) {
          failures++;
          last = result;
          return false;
        }
        return true;
      });
      const seed = caseSeed(ctx.seed, spec.name);
      const details = await fc.check(property, { numRuns: spec.runs(ctx.runs), seed, maxSkipsPerRun: 50 });
      if (details.failed && last) {
        return { ...last, observations: last.observations.map((o) => ({ ...o, finding: attribute(o.finding, spec, o.exchange) })), note: `seed ${seed}, shrunk after ${failures} failing requests` };
      }
      if (transient) return { observations: [], inconclusive: transient };
      return { observations: [] };
    },
  };
}

/**
 * Guard stable-attribution: a failure of a property is filed under the case's own field and
 * constraint (or none, for a whole-body property), never under whichever optional field survived
 * shrinking, so that its deviation id is the same for every seed. The minimal request still shows
 * the field that triggered it.
 */
export function attribute(finding: Finding, spec: Pick<PropertyCaseSpec, 'op' | 'field' | 'constraint'>, ex?: Exchange): Finding {
  if (finding.field) return finding;
  if (guardOn('stable-attribution')) return spec.field ? { ...finding, field: spec.field, constraint: finding.constraint ?? spec.constraint } : finding;
  // The attribution this guard replaces (kept for its regression test): the one optional field left.
  if (!ex || !isObject(ex.probe.body)) return finding;
  const optional = Object.keys(ex.probe.body).filter((k) => !spec.op.fields.find((f) => f.name === k)?.required);
  return optional.length === 1 ? { ...finding, field: optional[0] } : finding;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
