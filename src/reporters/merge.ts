// Merges the shard reports of one CI matrix run into the report of the whole run. Shard files are
// untrusted (an artifact anyone in the pipeline could have written): the merge is linear in their
// size, keys such as __proto__ stay plain data, the same shard given twice is refused, and no
// command a shard carries is shown: reproductions are rebuilt from each deviation's request.
import type { CheckOutcome, Deviation, Inconclusive, Report } from '../findings/model.ts';
import { curlCommand } from '../findings/finding.ts';
import { summarize, verdictOf, verdictReason } from './summary.ts';
import { groupProblems } from '../findings/problems.ts';
import { ENV } from '../env-names.ts';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const checkKey = (c: CheckOutcome) => [c.suite, c.check, c.field ?? '', c.constraint ?? ''].join('\u0000');

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** Shards of one run share seed and target; anything else means files from different runs were mixed. */
function assertSameRun(reports: Report[]): void {
  const [first] = reports;
  const seen = new Map<string, number>();
  reports.forEach((r, i) => {
    // A shard given twice would count its checks twice: refused, whatever its file is called.
    const key = r.shard ? `shard ${r.shard.index}/${r.shard.count}` : `the report started at ${r.startedAt} (${r.requests} requests)`;
    if (seen.has(key)) throw new Error(`${key} is given twice (files ${seen.get(key)! + 1} and ${i + 1}): merge each shard once`);
    seen.set(key, i);
  });
  for (const r of reports) {
    if (r.seed !== first.seed) throw new Error(`cannot merge shards of different runs: seed ${first.seed} vs ${r.seed}`);
    if (r.target.url !== first.target.url) {
      throw new Error(`cannot merge shards of different runs: target ${first.target.url} vs ${r.target.url}`);
    }
  }
}

/** Why the merge is incomplete (none: complete): a shard that did not finish, or shards missing. */
function incompleteReasons(reports: Report[]): string[] {
  const count = reports.find((r) => r.shard)?.shard?.count;
  const indexes = new Set(reports.flatMap((r) => (r.shard ? [r.shard.index] : [])));
  const reasons = new Set(reports.filter((r) => r.complete === false).flatMap((r) => r.incomplete ?? ['interrupted']));
  if (count !== undefined && indexes.size < count) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.has(i));
    reasons.add(`shards missing: ${missing.map((i) => `${i}/${count}`).join(', ')} (${indexes.size} of ${count} merged)`);
  }
  return [...reasons];
}

function mergeRetries(reports: Report[]): Report['retries'] {
  const all = reports.flatMap((r) => (r.retries ? [r.retries] : []));
  if (all.length === 0) return undefined;
  // A Map, then plain own properties: a reason named __proto__ or constructor is counted like any other.
  const counts = new Map<string, number>();
  for (const r of all) for (const [reason, n] of Object.entries(r.byReason)) counts.set(reason, (counts.get(reason) ?? 0) + n);
  const byReason: Record<string, number> = {};
  for (const [reason, n] of counts) Object.defineProperty(byReason, reason, { value: n, enumerable: true, writable: true, configurable: true });
  return { total: all.reduce((sum, r) => sum + r.total, 0), byReason };
}

const UNTRUSTED_NOTE = '# rebuilt from the shard report\'s request data (a shard\'s own commands are never shown)';

/** The deviation with its commands rebuilt from structured data (or dropped): a shard's text is never offered to a shell. */
function withRebuiltCommands(d: Deviation, target: string): Deviation {
  const { reproduce: _planted, ...rest } = d;
  const out: Deviation = { ...rest };
  const request = d.request;
  // Near-miss credentials of the auth suite cannot be told from the request data: no command rather than a wrong one.
  if (request && d.category !== 'auth' && /^\//.test(request.path)) {
    const rawBody = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    const auth = request.headers?.authorization ? ({ kind: 'valid' } as const) : ({ kind: 'none' } as const);
    out.reproduce = `${UNTRUSTED_NOTE}\n${curlCommand({ method: request.method, url: `${target}${request.path}`, rawBody }, auth)}`;
  }
  if (d.webhook) {
    out.webhook = { ...d.webhook, verify: `# save the body above as body.json, then: openssl dgst -sha256 -hmac "\${${ENV.webhookSigningKey}:-$${ENV.apiSecret}}" body.json` };
  }
  return out;
}

/** Deterministic whatever the shard order: deviations sorted by id, checks by suite, check, field, constraint. */
export function mergeReports(reports: Report[]): Report {
  if (reports.length === 0) throw new Error('cannot merge: no shard reports given');
  assertSameRun(reports);
  const [first] = reports;
  const target = /^https?:\/\/[^\s]+$/.test(first.target.url) ? first.target.url.replace(/\/+$/, '') : 'http://TARGET';
  const deviations = uniqueBy(reports.flatMap((r) => r.deviations), (d) => d.id)
    .sort((a, b) => byText(a.id, b.id))
    .map((d) => withRebuiltCommands(d, target));
  const checks = reports.flatMap((r) => r.checks ?? []).sort((a, b) => byText(checkKey(a), checkKey(b)));
  const inconclusive = uniqueBy(reports.flatMap((r) => r.inconclusive), (i: Inconclusive) => `${i.check}\u0000${i.reason}`);
  const problems = groupProblems(deviations, checks);
  const summary = summarize(deviations, checks, inconclusive, problems.length);
  if (reports.some((r) => !r.checks)) {
    // Older shards carry only counts: add those up instead of counting outcomes that are not there.
    summary.checks = reports.reduce((n, r) => n + r.summary.checks, 0);
    summary.passed = reports.reduce((n, r) => n + r.summary.passed, 0);
  }
  const startedAt = reports.map((r) => r.startedAt).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  // `shard` describes one slice and `baseline` one slice's diff: neither holds for the whole (re-diff the merge).
  const { shard: _shard, baseline: _baseline, gate: _gate, replay: _replay, verdictReason: _reason, incomplete: _incomplete, drift: _drift, observations: _observations, ...base } = first;
  // Every shard's observations (a check runs in one shard only), in check order, for drift.
  const observations = reports.flatMap((r) => r.observations ?? []).sort((a, b) => byText(a.check, b.check));
  const incomplete = incompleteReasons(reports);
  const merged: Report = {
    ...base,
    startedAt,
    durationMs: Math.max(...reports.map((r) => r.durationMs)),
    requests: reports.reduce((n, r) => n + r.requests, 0),
    summary,
    deviations,
    inconclusive,
    checks,
    problems,
    ...(observations.length ? { observations } : {}),
    complete: incomplete.length === 0,
    ...(incomplete.length ? { incomplete } : {}),
  };
  merged.verdict = verdictOf(merged);
  merged.verdictReason = verdictReason(merged);
  const retries = mergeRetries(reports);
  if (retries) merged.retries = retries;
  else delete merged.retries;
  return merged;
}
