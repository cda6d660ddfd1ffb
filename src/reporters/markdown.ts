// summary.md for a CI job summary or a PR comment: the verdict first, then short tables; the full
// detail (request, response, curl) stays in report.html and junit.xml.
import { driftMarkdown } from './drift-text.ts';
import type { Report } from '../findings/model.ts';
import { checkLabel, formatDuration, oneLine, shortId, truncate } from './common.ts';
import { VERDICT_LABEL, verdictOf, verdictReason } from './summary.ts';
import { groupProblems } from '../findings/problems.ts';
import { plural } from '../findings/verdict.ts';
import { inertMarkdown, visibleControls } from './neutralise.ts';

const MAX_ROWS = 100; // GitHub comments stop at 65,536 characters
const MAX_LIST = 50;

/** Plain inline text: one line, cut short, controls made visible, HTML and Markdown (mentions, links, math, `|`) made inert. */
function md(text: string | undefined, max = 60): string {
  return inertMarkdown(truncate(oneLine(text ?? ''), max));
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

function countsSection(report: Report): string[] {
  const entries = Object.entries(report.summary.byCategory).filter(([, n]) => n);
  if (entries.length === 0) return [];
  const rows = [...entries.sort(([a], [b]) => a.localeCompare(b)), ['**total**', `**${report.deviations.length}**`]];
  return ['### Deviations by category', '', table(['Category', 'Deviations'], rows), ''];
}

function problemsSection(report: Report): string[] {
  const problems = report.problems ?? groupProblems(report.deviations, report.checks);
  if (problems.length === 0) return [];
  const fresh = report.baseline?.problems ? new Set(report.baseline.problems.new) : undefined;
  const ordered = fresh ? [...problems.filter((p) => fresh.has(p.id)), ...problems.filter((p) => !fresh.has(p.id))] : problems;
  const rows = ordered.slice(0, MAX_ROWS).map((p, i) => [
    `${i + 1}`,
    `${fresh?.has(p.id) ? '**new** ' : ''}${md(p.title, 160)}`,
    p.category,
    md(p.rules.join(', '), 30),
    p.documented ? 'documented' : 'ruled',
    p.deviationIds.length,
    p.checks,
    md(shortId(p.id)),
  ]);
  const first = ordered.find((p) => p.reproduce);
  return [
    `### Problems (${problems.length}), worst first`,
    '',
    table(['#', 'Problem', 'Category', 'Rule', 'Basis', 'Deviations', 'Failed checks', 'Id'], rows),
    '',
    ...(first?.reproduce ? [`Reproduce problem ${ordered.indexOf(first) + 1}:`, '', '```sh', visibleControls(first.reproduce).replace(/```/g, '`\u200b``'), '```', ''] : []),
  ];
}

function deviationsSection(report: Report): string[] {
  if (report.deviations.length === 0) return ['No deviations.', ''];
  const rows = report.deviations.slice(0, MAX_ROWS).map((d) => [
    md(shortId(d.id)),
    d.category,
    md(d.endpoint),
    md(d.check),
    md(d.field, 30),
    md(d.rule, 20),
    d.documented ? 'documented' : 'ruled',
    md(d.expected),
    md(d.actual),
  ]);
  const head = ['Id', 'Category', 'Endpoint', 'Check', 'Field', 'Rule', 'Basis', 'Expected', 'Actual'];
  const more = report.deviations.length - rows.length;
  return ['### Deviations', '', table(head, rows), ...(more > 0 ? ['', `… and ${more} more (see report.html).`] : []), ''];
}

function inconclusiveSection(report: Report): string[] {
  if (report.inconclusive.length === 0) return [];
  const items = report.inconclusive.slice(0, MAX_LIST).map((i) => `- **${md(i.check, 80)}**: ${md(i.reason, 160)}`);
  const more = report.inconclusive.length - items.length;
  return [`### Inconclusive (${report.inconclusive.length})`, '', ...items, ...(more > 0 ? [`- … and ${more} more`] : []), ''];
}

function baselineSection(report: Report): string[] {
  const b = report.baseline;
  if (!b) return [];
  const labels = new Map(report.deviations.map((d) => [d.id, `${md(d.endpoint)}: ${md(checkLabel(d))}`]));
  const list = (title: string, ids: string[]) =>
    ids.length === 0
      ? []
      : [`**${title}**`, '', ...ids.slice(0, MAX_LIST).map((id) => `- ${md(shortId(id))}${labels.has(id) ? ` ${labels.get(id)}` : ''}`), ''];
  return [
    '### Baseline',
    '',
    `Compared with ${md(b.baseline, 120)}: **${b.new.length} new**, ${b.resolved.length} resolved, ${b.persisting.length} persisting deviations${b.problems ? `; **${b.problems.new.length} new**, ${b.problems.resolved.length} resolved, ${b.problems.persisting.length} persisting problems` : ''}.`,
    '',
    ...list('New', b.new),
    ...list('Resolved', b.resolved),
    ...list('Persisting', b.persisting),
  ];
}

export function toMarkdown(report: Report): string {
  const s = report.summary;
  const t = report.target;
  const facts = [
    `target ${md(t.url, 120)}`,
    `profile ${md(t.profile)}`,
    `environment ${md(t.environment)}`,
    `seed ${report.seed}`,
    `${report.requests} requests`,
    formatDuration(report.durationMs),
  ];
  return [
    '## ivs-conformance report',
    '',
    `**Verdict: ${VERDICT_LABEL[report.verdict ?? verdictOf(report)]}**: ${md(report.verdictReason ?? verdictReason(report), 300)}.`,
    '',
    `${s.checks} checks = ${s.passed} passed + ${s.failed ?? s.checks - s.passed - s.inconclusive} failed + ${s.inconclusive} inconclusive; ${plural(s.deviations, 'deviation')} in ${plural(s.problems ?? report.problems?.length ?? s.deviations, 'problem')}.`,
    '',
    facts.join(' · '),
    ...(report.complete === false ? ['', '**Incomplete run**: some checks did not run; absent deviations prove nothing.'] : []),
    '',
    ...(report.setupHints ?? []).flatMap((h) => [`**Hint**: ${md(h, 300)}`, '']),
    ...problemsSection(report),
    ...countsSection(report),
    ...deviationsSection(report),
    ...inconclusiveSection(report),
    ...baselineSection(report),
    ...(report.drift ? [driftMarkdown(report.drift)] : []),
  ].join('\n');
}
