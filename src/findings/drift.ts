// Behavioural change between two reports (issue 23), check by check:
//   regression         conformant before, deviant after
//   fix                deviant before, conformant after
//   drift              conformant on both sides, observed behaviour different (named with the
//                      ruling that allows both readings)
//   changed-deviation  deviant on both sides, but other deviations or other behaviour
//   coverage           the check decided on one side only (absent, or inconclusive)
// Observations are compared only where their keys (check + request fingerprint) exist on both
// sides: a seed draws other bodies, and a fingerprint seen on one side only is not a change.
import type { Contract, Operation } from '../contract/load.ts';
import type { CheckOutcome, Deviation, Report } from './model.ts';
import type { CheckObservations, NormalAnswer, ObservedExchange } from './observation.ts';
import { RULE } from '../contract/rulings.ts';

export const CHANGE_CLASSES = ['regression', 'fix', 'drift', 'changed-deviation', 'coverage'] as const;
export type ChangeClass = (typeof CHANGE_CLASSES)[number];

export interface ChangeSide {
  status: CheckOutcome['status'] | 'absent';
  deviations?: { id: string; rule: string; expected: string; actual: string }[];
  /** The normalised answers under the compared fingerprint. */
  answers?: NormalAnswer[];
  reproduce?: string;
}

export interface Change {
  class: ChangeClass;
  check: string;
  suite: string;
  endpoint: string;
  /** Regression: the rules now broken; fix: the rules no longer broken; drift: the rulings that allow both readings. */
  rules: string[];
  /** One line a reader can act on. */
  summary: string;
  /** The request fingerprint whose answers differ (drift, changed deviation). */
  request?: string;
  differences: { aspect: string; before: string; after: string }[];
  before: ChangeSide;
  after: ChangeSide;
}

export interface DriftSide {
  source: string;
  target: string;
  seed: number;
  startedAt: string;
}

export interface DriftReport {
  before: DriftSide;
  after: DriftSide;
  /** Checks decided on both sides and compared. */
  compared: number;
  counts: Record<ChangeClass, number>;
  changes: Change[];
  /** What limits the comparison (e.g. a report without observations). */
  notes: string[];
}

const ABSENT = 'absent';

/** Aspect-by-aspect differences of two sets of answers (union of aspects; missing = absent). */
function answerDifferences(before: NormalAnswer[], after: NormalAnswer[]): Change['differences'] {
  const aspects = new Set([...before, ...after].flatMap((a) => Object.keys(a)));
  const values = (answers: NormalAnswer[], aspect: string) => [...new Set(answers.map((a) => a[aspect] ?? ABSENT))].sort().join(' | ');
  return [...aspects]
    .sort()
    .map((aspect) => ({ aspect, before: values(before, aspect), after: values(after, aspect) }))
    .filter((d) => d.before !== d.after);
}

/**
 * Answers under one fingerprint differ when no answer is shared: a target whose answer to that kind
 * of request changed. (Two seeds may draw values that meet an echo differently; one shared answer
 * says the behaviour is still there.)
 */
function differs(before: ObservedExchange, after: ObservedExchange): boolean {
  const seen = new Set(before.answers.map((a) => JSON.stringify(a)));
  return !after.answers.some((a) => seen.has(JSON.stringify(a)));
}

interface ExchangeDiff {
  before: ObservedExchange;
  after: ObservedExchange;
  differences: Change['differences'];
}

function observationDiffs(before: CheckObservations | undefined, after: CheckObservations | undefined): ExchangeDiff[] {
  if (!before || !after) return [];
  const theirs = new Map(before.exchanges.map((e) => [e.key, e]));
  const out: ExchangeDiff[] = [];
  for (const mine of after.exchanges) {
    const old = theirs.get(mine.key);
    if (old && differs(old, mine)) out.push({ before: old, after: mine, differences: answerDifferences(old.answers, mine.answers) });
  }
  return out;
}

const opOf = (contract: Contract | undefined, endpoint: string): Operation | undefined => (contract ? Object.values(contract.operations).find((o) => o.endpoint === endpoint) : undefined);

/** The ruling that lets an aspect take either value (from the contract's rules and latitude data). */
function rulingFor(aspect: string, diff: { before: string; after: string }, check: CheckOutcome, contract: Contract | undefined): string {
  const op = opOf(contract, check.endpoint);
  if (aspect === 'status') {
    const success = [diff.before, diff.after].every((v) => /^2\d\d$/.test(v));
    return success ? op?.successStatuses.statusRule ?? op?.successStatuses.rule ?? RULE.successStatus : RULE.errorStatus;
  }
  if (aspect.startsWith('webhook.')) return contract?.webhook.rules[aspect === 'webhook.body' || aspect.startsWith('webhook.body.') ? 'nullable' : 'delivery'] ?? RULE.webhookDelivery;
  if (aspect === 'content-type') return RULE.errorEnvelope;
  const oneAbsent = diff.before === ABSENT || diff.after === ABSENT;
  const nullOrAbsent = oneAbsent && [diff.before, diff.after].every((v) => v === ABSENT || v === 'null');
  if (nullOrAbsent) return contract?.absentAsNull?.rule ?? RULE.absentAsNull;
  const top = /^body\.([^.[]+)/.exec(aspect)?.[1];
  // A key of another operation's answer (a status read-back repeats the token's fields): that field's rule.
  const field = op?.fields.find((f) => f.name === top) ?? Object.values(contract?.operations ?? {}).flatMap((o) => o.fields).find((f) => f.name === top && f.default);
  if (field?.default) return field.default.rule;
  if (field) return field.rule;
  if (top === 'message') return op?.dummy?.rule ?? RULE.dummyStatus;
  if (oneAbsent) return RULE.extraFields;
  return check.rule;
}

function sideOf(check: CheckOutcome | undefined, deviations: Map<string, Deviation>, exchange?: ObservedExchange): ChangeSide {
  if (!check) return { status: 'absent' };
  const devs = (check.deviationIds ?? []).map((id) => deviations.get(id)).filter((d): d is Deviation => !!d);
  return {
    status: check.status,
    ...(devs.length ? { deviations: devs.map((d) => ({ id: d.id, rule: d.rule, expected: d.expected, actual: d.actual })) } : {}),
    ...(exchange ? { answers: exchange.answers, ...(exchange.reproduce ? { reproduce: exchange.reproduce } : {}) } : {}),
  };
}

const uniq = (items: string[]) => [...new Set(items)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

function describe(report: Report, source: string): DriftSide {
  return { source, target: report.target.url, seed: report.seed, startedAt: report.startedAt };
}

export function compareReports(before: Report, after: Report, options: { beforeSource: string; afterSource: string; contract?: Contract }): DriftReport {
  const { contract } = options;
  const notes: string[] = [];
  if (!before.checks || !after.checks) notes.push('a report without per-check outcomes: only its deviations can be compared (use `report --baseline`)');
  if (!before.observations) notes.push(`${options.beforeSource} carries no observations (an older report): drift cannot be seen, only regressions and fixes`);
  if (!after.observations) notes.push(`${options.afterSource} carries no observations: drift cannot be seen, only regressions and fixes`);
  const checksBefore = new Map((before.checks ?? []).map((c) => [c.check, c]));
  const checksAfter = new Map((after.checks ?? []).map((c) => [c.check, c]));
  const devBefore = new Map(before.deviations.map((d) => [d.id, d]));
  const devAfter = new Map(after.deviations.map((d) => [d.id, d]));
  const obsBefore = new Map((before.observations ?? []).map((o) => [o.check, o]));
  const obsAfter = new Map((after.observations ?? []).map((o) => [o.check, o]));
  const changes: Change[] = [];
  let compared = 0;
  const names = uniq([...checksBefore.keys(), ...checksAfter.keys()]);
  for (const name of names) {
    const b = checksBefore.get(name);
    const a = checksAfter.get(name);
    const check = (a ?? b)!;
    const base = { check: name, suite: check.suite, endpoint: check.endpoint };
    const decided = (c?: CheckOutcome) => c !== undefined && c.status !== 'inconclusive';
    if (!decided(b) || !decided(a)) {
      if (!decided(b) && !decided(a)) continue;
      const why = (c?: CheckOutcome) => (c ? 'no verdict' : 'not run');
      changes.push({
        ...base,
        class: 'coverage',
        rules: [check.rule],
        summary: decided(a) ? `now decided (${a!.status}); before: ${why(b)}` : `no longer decided (${why(a)}); before: ${b!.status}`,
        differences: [],
        before: sideOf(b, devBefore),
        after: sideOf(a, devAfter),
      });
      continue;
    }
    compared++;
    const diffs = observationDiffs(obsBefore.get(name), obsAfter.get(name));
    const first = diffs[0];
    const sides = { before: sideOf(b, devBefore, first?.before), after: sideOf(a, devAfter, first?.after) };
    const detail = first ? { request: first.after.request, differences: first.differences } : { differences: [] };
    const reproOf = (c: CheckOutcome, devs: Map<string, Deviation>) => (c.deviationIds ?? []).map((id) => devs.get(id)?.reproduce).find(Boolean);
    if (b!.status === 'passed' && a!.status === 'failed') {
      const rules = uniq((sides.after.deviations ?? []).map((d) => d.rule));
      const repro = reproOf(a!, devAfter);
      changes.push({ ...base, class: 'regression', rules, summary: `now deviates under ${rules.join(', ')}: ${sides.after.deviations?.[0]?.actual ?? ''}`.trim(), ...detail, before: sides.before, after: repro ? { ...sides.after, reproduce: repro } : sides.after });
    } else if (b!.status === 'failed' && a!.status === 'passed') {
      const rules = uniq((sides.before.deviations ?? []).map((d) => d.rule));
      const repro = reproOf(b!, devBefore);
      changes.push({ ...base, class: 'fix', rules, summary: `no longer deviates under ${rules.join(', ')}`, ...detail, before: repro ? { ...sides.before, reproduce: repro } : sides.before, after: sides.after });
    } else if (b!.status === 'failed') {
      const idsBefore = uniq(b!.deviationIds ?? []).join(',');
      const idsAfter = uniq(a!.deviationIds ?? []).join(',');
      if (idsBefore === idsAfter && !first) continue;
      const rules = uniq([...(sides.before.deviations ?? []), ...(sides.after.deviations ?? [])].map((d) => d.rule));
      changes.push({ ...base, class: 'changed-deviation', rules, summary: idsBefore !== idsAfter ? 'deviates differently (other deviations)' : `deviates differently: ${first!.differences.map((d) => d.aspect).join(', ')}`, ...detail, ...sides });
    } else if (first) {
      const rules = uniq(diffs.flatMap((d) => d.differences.map((x) => rulingFor(x.aspect, x, check, contract))));
      changes.push({ ...base, class: 'drift', rules, summary: `conformant both times, behaves differently (allowed by ${rules.join(', ')}): ${first.differences.slice(0, 3).map((d) => `${d.aspect} ${d.before} → ${d.after}`).join('; ')}`, ...detail, ...sides });
    }
  }
  const counts = Object.fromEntries(CHANGE_CLASSES.map((c) => [c, changes.filter((x) => x.class === c).length])) as Record<ChangeClass, number>;
  const order = (c: Change) => CHANGE_CLASSES.indexOf(c.class);
  changes.sort((x, y) => order(x) - order(y) || x.check.localeCompare(y.check));
  return { before: describe(before, options.beforeSource), after: describe(after, options.afterSource), compared, counts, changes, notes };
}

/** The changes --fail-on selects (its change terms), e.g. ['regression'] → every regression. */
export function gateChanges(drift: DriftReport | undefined, classes: readonly ChangeClass[] | undefined): Change[] {
  if (!drift || !classes?.length) return [];
  return drift.changes.filter((c) => classes.includes(c.class));
}
