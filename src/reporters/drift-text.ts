// Behavioural changes (src/findings/drift.ts) for people: the terminal and Markdown (a PR comment or
// a CI job summary). Changes with the same class, rulings and differences are one group (one
// default that moved shows in hundreds of checks): the group's size, its checks, and one example
// with both observations side by side and the reproduction.
import { CHANGE_CLASSES, type Change, type ChangeClass, type DriftReport } from '../findings/drift.ts';
import { inertMarkdown } from './neutralise.ts';

export const CLASS_LABEL: Record<ChangeClass, string> = {
  regression: 'Regression',
  fix: 'Fix',
  drift: 'Drift',
  'changed-deviation': 'Changed deviation',
  coverage: 'Coverage change',
};

export interface ChangeGroup {
  class: ChangeClass;
  rules: string[];
  /** What changed, shared by every member. */
  headline: string;
  changes: Change[];
}

/** What a change is about (its group) and what it shows (the headline of its group's first member). */
function signature(c: Change): { key: string; headline: string } {
  if (c.class === 'regression' || c.class === 'fix') {
    const text = (c.class === 'regression' ? c.after : c.before).deviations?.map((d) => `${d.rule}: expected ${d.expected}; got ${d.actual}`).join(' · ') ?? c.summary;
    return { key: text, headline: text };
  }
  if (c.class === 'coverage') return { key: c.summary, headline: c.summary };
  // Drift and changed deviations group by the aspects that changed: one message text that changed
  // in a hundred error answers is one group, its first member's values shown.
  const headline = c.differences.map((d) => `${d.aspect}: ${d.before} → ${d.after}`).join('; ') || c.summary;
  return { key: c.differences.map((d) => d.aspect).join(', ') || c.summary, headline };
}

export function groupChanges(drift: DriftReport): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup & { headlines: Set<string> }>();
  for (const c of drift.changes) {
    const { key: about, headline } = signature(c);
    const key = `${c.class}\u0000${c.rules.join(',')}\u0000${about}`;
    const group = groups.get(key) ?? groups.set(key, { class: c.class, rules: c.rules, headline, changes: [], headlines: new Set() }).get(key)!;
    group.changes.push(c);
    group.headlines.add(headline);
  }
  for (const g of groups.values()) if (g.headlines.size > 1) g.headline = `${g.headline} (and ${g.headlines.size - 1} other value${g.headlines.size === 2 ? '' : 's'})`;
  const order = (g: ChangeGroup) => CHANGE_CLASSES.indexOf(g.class);
  return [...groups.values()].map(({ headlines: _, ...g }) => g).sort((a, b) => order(a) - order(b) || b.changes.length - a.changes.length || a.headline.localeCompare(b.headline));
}

export function countsLine(drift: DriftReport): string {
  const parts = CHANGE_CLASSES.filter((c) => drift.counts[c]).map((c) => `${drift.counts[c]} ${CLASS_LABEL[c].toLowerCase()}${drift.counts[c] === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no behavioural change';
}

/** Both sides of one change, aspect by aspect (the aspects that differ first). */
export function sideBySide(c: Change): { aspect: string; before: string; after: string; differs: boolean }[] {
  const before = c.before.answers ?? [];
  const after = c.after.answers ?? [];
  const aspects = [...new Set([...before, ...after].flatMap((a) => Object.keys(a)))];
  const value = (answers: typeof before, aspect: string) => (answers.length ? [...new Set(answers.map((a) => a[aspect] ?? 'absent'))].join(' | ') : '—');
  const rows = aspects.map((aspect) => ({ aspect, before: value(before, aspect), after: value(after, aspect) })).map((r) => ({ ...r, differs: r.before !== r.after }));
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

const MAX_LISTED = 5;

const MAX_GROUPS = 15;

export function driftTerminal(drift: DriftReport): string {
  const lines = [`Behaviour: ${drift.before.source} → ${drift.after.source}: ${countsLine(drift)} (${drift.compared} checks compared)`];
  const groups = groupChanges(drift);
  for (const g of groups.slice(0, MAX_GROUPS)) {
    lines.push(`  ${CLASS_LABEL[g.class].toUpperCase()} ${g.rules.length ? `[${g.rules.join(', ')}] ` : ''}${g.changes.length} check${g.changes.length === 1 ? '' : 's'}: ${g.headline}`);
    for (const c of g.changes.slice(0, MAX_LISTED)) lines.push(`    - ${c.check}`);
    if (g.changes.length > MAX_LISTED) lines.push(`    … and ${g.changes.length - MAX_LISTED} more`);
  }
  if (groups.length > MAX_GROUPS) lines.push(`  … and ${groups.length - MAX_GROUPS} more groups of changes (see drift.md or drift.html)`);
  for (const note of drift.notes) lines.push(`  note: ${note}`);
  return lines.join('\n') + '\n';
}

/** Target-derived text in Markdown: rendered as itself (no tags, links, mentions or table breaks). */
const cell = (text: string) => inertMarkdown(text.replace(/\s*\n\s*/g, ' '));

/** A code fence longer than any run of backticks inside. */
function fenced(text: string, lang: string): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, text, fence];
}

export function driftMarkdown(drift: DriftReport): string {
  const out = [
    `## Behavioural changes`,
    '',
    `**${cell(drift.before.source)}** (seed ${drift.before.seed}, ${cell(drift.before.target)}) → **${cell(drift.after.source)}** (seed ${drift.after.seed}, ${cell(drift.after.target)}): ${countsLine(drift)}; ${drift.compared} checks compared.`,
    '',
  ];
  const groups = groupChanges(drift);
  if (groups.length) {
    out.push('| Class | Rulings | Checks | What changed |', '|---|---|---:|---|');
    for (const g of groups) out.push(`| ${CLASS_LABEL[g.class]} | ${g.rules.join(', ')} | ${g.changes.length} | ${cell(g.headline.slice(0, 300))} |`);
    out.push('');
  }
  for (const g of groups) {
    const example = g.changes[0];
    out.push(`### ${CLASS_LABEL[g.class]}${g.rules.length ? ` (${g.rules.join(', ')})` : ''}: ${g.changes.length} check${g.changes.length === 1 ? '' : 's'}`, '');
    out.push(...g.changes.slice(0, MAX_LISTED).map((c) => `- ${cell(c.check)} — ${cell(c.summary.slice(0, 200))}`));
    if (g.changes.length > MAX_LISTED) out.push(`- … and ${g.changes.length - MAX_LISTED} more`);
    out.push('');
    const rows = sideBySide(example);
    if (rows.length) {
      out.push(`<details><summary>${cell(example.check)}: both observations</summary>`, '', example.request ? `Request: ${cell(example.request)}` : '', '');
      out.push(`| Aspect | Before (${example.before.status}) | After (${example.after.status}) |`, '|---|---|---|');
      const differing = rows.filter((r) => r.differs);
      for (const r of differing.slice(0, 30)) out.push(`| **${cell(r.aspect)}** | ${cell(r.before)} | ${cell(r.after)} |`);
      out.push('', `${rows.length - differing.length} other aspects are the same on both sides (drift.json has them all).`, '');
      const repro = example.after.reproduce ?? example.before.reproduce;
      if (repro) out.push(...fenced(repro, 'sh'), '');
      out.push('</details>', '');
    }
  }
  for (const note of drift.notes) out.push(`> ${cell(note)}`, '');
  return out.join('\n').replace(/\n*$/, '\n');
}
