// report.html: one self-contained page (inline CSS and JS, no network) to read, filter and reproduce
// deviations. Everything the page shows is computed here; the template only lays it out, escaped.
import { Eta } from 'eta';
import { assetPath } from '../assets.ts';
import { CATEGORIES, type Deviation, type Report } from '../findings/model.ts';
import { checkLabel, formatDuration, requestText, responseText, shortId, truncate } from './common.ts';
import { VERDICT_LABEL, verdictOf } from './summary.ts';

const eta = new Eta({ views: assetPath('src/reporters/templates'), autoEscape: true });

/** One horizontal bar: stacked segments, geometry precomputed so the SVG needs no script. */
interface Bar {
  label: string;
  total: number;
  segments: { x: number; width: number; value: number; kind: 'passed' | 'deviations' | 'inconclusive' }[];
  end: number; // where the last segment stops: the total is written there
}

const BAR_WIDTH = 360; // pixels for the largest total

function bars(rows: { label: string; passed?: number; deviations: number; inconclusive?: number }[]): Bar[] {
  const max = Math.max(1, ...rows.map((r) => (r.passed ?? 0) + r.deviations + (r.inconclusive ?? 0)));
  return rows.map((r) => {
    let x = 0;
    const segments = (['passed', 'deviations', 'inconclusive'] as const).map((kind) => {
      const value = r[kind] ?? 0;
      const width = (value / max) * BAR_WIDTH;
      x += width;
      return { x: x - width, width, value, kind };
    });
    return { label: truncate(r.label, 36), total: segments.reduce((n, s) => n + s.value, 0), segments, end: x };
  });
}

function endpointRows(report: Report) {
  const rows = new Map<string, { label: string; passed: number; deviations: number; inconclusive: number }>();
  const rowOf = (endpoint: string) =>
    rows.get(endpoint) ?? rows.set(endpoint, { label: endpoint, passed: 0, deviations: 0, inconclusive: 0 }).get(endpoint)!;
  for (const c of report.checks ?? []) {
    if (c.status === 'passed') rowOf(c.endpoint).passed++;
    if (c.status === 'inconclusive') rowOf(c.endpoint).inconclusive++;
  }
  for (const d of report.deviations) rowOf(d.endpoint).deviations++;
  return [...rows.values()].sort((a, b) => a.label.localeCompare(b.label));
}

function deviationView(d: Deviation, index: number) {
  return {
    ...d,
    short: shortId(d.id),
    label: checkLabel(d),
    basis: d.documented ? 'documented' : 'ruled',
    requestText: d.request ? requestText(d.request) : undefined,
    responseText: d.response ? responseText(d.response) : undefined,
    curlId: `curl-${index}`,
  };
}

/** The page's data, all plain strings and numbers (the template escapes every one of them). */
function viewOf(report: Report) {
  const verdict = report.verdict ?? verdictOf(report);
  const labels = new Map(report.deviations.map((d) => [d.id, `${d.endpoint}: ${checkLabel(d)}`]));
  const idList = (ids: string[]) => ids.map((id) => ({ id, label: labels.get(id) ?? '' }));
  return {
    verdict,
    verdictLabel: VERDICT_LABEL[verdict],
    report,
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
    ],
    charts: [
      { title: 'Deviations by category', bars: bars(CATEGORIES.map((c) => ({ label: c, deviations: report.summary.byCategory[c] ?? 0 }))) },
      { title: 'Checks by endpoint', bars: bars(endpointRows(report)), legend: true },
    ],
    barWidth: BAR_WIDTH,
    categories: CATEGORIES.filter((c) => report.summary.byCategory[c]),
    deviations: report.deviations.map(deviationView),
    baseline: report.baseline && {
      path: report.baseline.baseline,
      new: idList(report.baseline.new),
      resolved: idList(report.baseline.resolved),
      persisting: idList(report.baseline.persisting),
    },
  };
}

export type HtmlView = ReturnType<typeof viewOf>;

export function toHtml(report: Report): string {
  return eta.render('report', viewOf(report));
}
