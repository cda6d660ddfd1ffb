// report.html: one self-contained page (inline CSS and JS, no network) to read, filter and reproduce
// deviations, grouped into problems (root causes), at any width. Everything the page shows is
// computed here; the template only lays it out, escaped.
import { Eta } from 'eta';
import { assetPath } from '../assets.ts';
import { CATEGORIES, type Deviation, type Problem, type Report } from '../findings/model.ts';
import { groupProblems } from '../findings/problems.ts';
import { checkLabel, formatDuration, requestText, responseText, shortId } from './common.ts';
import { visibleDeep } from './neutralise.ts';
import { VERDICT_LABEL, verdictOf, verdictReason } from './summary.ts';
import { driftView } from './drift-html.ts';

const eta = new Eta({ views: assetPath('src/reporters/templates'), autoEscape: true });

type Kind = 'passed' | 'failed' | 'inconclusive' | 'deviations';

/** One horizontal bar as plain HTML: segments in percent of the largest total, so it fits any width. */
interface Bar {
  label: string;
  total: number;
  segments: { percent: number; value: number; kind: Kind }[];
}

function bars(rows: { label: string; counts: Partial<Record<Kind, number>> }[]): Bar[] {
  const totals = rows.map((r) => Object.values(r.counts).reduce((n, v) => n + (v ?? 0), 0));
  const max = Math.max(1, ...totals);
  return rows.map((r, i) => ({
    label: r.label,
    total: totals[i],
    segments: (Object.entries(r.counts) as [Kind, number][]).filter(([, v]) => v > 0).map(([kind, value]) => ({ kind, value, percent: (100 * value) / max })),
  }));
}

/** Checks by endpoint: passed + failed + inconclusive, the same counts as the cards. */
function endpointRows(report: Report) {
  const rows = new Map<string, { passed: number; failed: number; inconclusive: number }>();
  for (const c of report.checks ?? []) {
    const row = rows.get(c.endpoint) ?? rows.set(c.endpoint, { passed: 0, failed: 0, inconclusive: 0 }).get(c.endpoint)!;
    row[c.status]++;
  }
  return [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([label, counts]) => ({ label, counts }));
}

function ruleAnchor(rule: string): string {
  return `rule-${rule.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function deviationView(d: Deviation, index: number, problem: { number: number; id: string } | undefined) {
  return {
    ...d,
    short: shortId(d.id),
    label: checkLabel(d),
    basis: d.documented ? 'documented' : 'ruled',
    ruleHref: `#${ruleAnchor(d.rule)}`,
    requestText: d.request ? requestText(d.request) : undefined,
    responseText: d.response ? responseText(d.response) : undefined,
    webhookText: d.webhook ? [`POST ${d.webhook.path ?? ''}`, ...Object.entries(d.webhook.headers).map(([k, v]) => `${k}: ${v}`), '', d.webhook.body].join('\n') : undefined,
    curlId: `curl-${index}`,
    problemNumber: problem?.number,
    problemId: problem?.id,
  };
}

function problemView(p: Problem, index: number, fresh: Set<string> | undefined) {
  return {
    ...p,
    number: index + 1,
    short: shortId(p.id),
    isNew: fresh?.has(p.id) ?? false,
    ruleLinks: p.rules.map((r) => ({ rule: r, href: `#${ruleAnchor(r)}` })),
    curlId: `problem-curl-${index}`,
  };
}

/** The page's data, all plain strings and numbers (the template escapes every one of them). */
function viewOf(report: Report) {
  const verdict = report.verdict ?? verdictOf(report);
  const problems = report.problems ?? groupProblems(report.deviations, report.checks);
  const freshProblems = report.baseline?.problems ? new Set(report.baseline.problems.new) : undefined;
  // With a baseline, new problems come first; otherwise the ranking (severity, then size) stands.
  const ranked = freshProblems ? [...problems.filter((p) => freshProblems.has(p.id)), ...problems.filter((p) => !freshProblems.has(p.id))] : problems;
  const problemViews = ranked.map((p, i) => problemView(p, i, freshProblems));
  const problemOfDeviation = new Map<string, { number: number; id: string }>();
  for (const p of problemViews) for (const id of p.deviationIds) problemOfDeviation.set(id, { number: p.number, id: p.id });
  const order = (d: Deviation) => problemOfDeviation.get(d.id)?.number ?? Infinity;
  const deviations = [...report.deviations].sort((a, b) => order(a) - order(b) || (a.id < b.id ? -1 : 1));
  const labels = new Map(report.deviations.map((d) => [d.id, `${d.endpoint}: ${checkLabel(d)}`]));
  const idList = (ids: string[]) => ids.map((id) => ({ id, label: labels.get(id) ?? '' }));
  const rules = new Map<string, { rule: string; anchor: string; text?: string; documented: boolean }>();
  for (const d of deviations) if (!rules.has(d.rule)) rules.set(d.rule, { rule: d.rule, anchor: ruleAnchor(d.rule), text: d.ruleText, documented: d.documented });
  const s = report.summary;
  return {
    verdict,
    verdictLabel: VERDICT_LABEL[verdict],
    verdictReason: report.verdictReason ?? verdictReason(report),
    report,
    counts: {
      checks: s.checks,
      passed: s.passed,
      failed: s.failed ?? s.checks - s.passed - s.inconclusive,
      inconclusive: s.inconclusive,
      deviations: s.deviations,
      problems: problems.length,
    },
    facts: [
      ['Target', report.target.url],
      ['Profile', report.target.profile],
      ['Environment', report.target.environment],
      ['Seed', String(report.seed)],
      ['Started', report.startedAt],
      ['Duration', formatDuration(report.durationMs)],
      ['Requests', String(report.requests)],
      ['Tool', `${report.tool.name} ${report.tool.version}`],
      ...(report.retries ? [['Retries', String(report.retries.total)]] : []),
      ...(report.shard ? [['Shard', `${report.shard.index} of ${report.shard.count}`]] : []),
      ...(report.gate && report.gate.failOn !== 'any' ? [['Fail on', `${report.gate.failOn} → exit ${report.gate.exitCode}`]] : []),
    ],
    charts: [
      { title: 'Deviations by category', bars: bars(CATEGORIES.filter((c) => s.byCategory[c]).map((c) => ({ label: c, counts: { deviations: s.byCategory[c] ?? 0 } }))) },
      { title: 'Checks by endpoint', bars: bars(endpointRows(report)), legend: true },
    ],
    categories: CATEGORIES.filter((c) => s.byCategory[c]),
    problems: problemViews,
    newProblems: problemViews.filter((p) => p.isNew),
    deviations: deviations.map((d, i) => deviationView(d, i, problemOfDeviation.get(d.id))),
    rules: [...rules.values()].sort((a, b) => a.rule.localeCompare(b.rule, 'en', { numeric: true })),
    replay: report.replay,
    hints: report.setupHints ?? [],
    drift: report.drift && driftView(report.drift),
    baseline: report.baseline && {
      path: report.baseline.baseline,
      new: idList(report.baseline.new),
      resolved: idList(report.baseline.resolved),
      persisting: idList(report.baseline.persisting),
      problems: report.baseline.problems,
    },
  };
}

export type HtmlView = ReturnType<typeof viewOf>;

export function toHtml(report: Report): string {
  // Controls and bidi overrides from a target are shown as escapes: a page must not reorder or hide text.
  return eta.render('report', viewOf(visibleDeep(report)));
}
