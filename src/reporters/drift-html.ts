// The behavioural-changes section of report.html, and drift.html (the same section on its own
// page) for `ivs-conformance diff`. Everything shown is computed here; the template escapes it.
import { Eta } from 'eta';
import { assetPath } from '../assets.ts';
import type { DriftReport } from '../findings/drift.ts';
import { CLASS_LABEL, countsLine, groupChanges, sideBySide } from './drift-text.ts';

const eta = new Eta({ views: assetPath('src/reporters/templates'), autoEscape: true });
const LISTED = 50;
const RULES_LABEL: Record<string, string> = { regression: 'now breaks', fix: 'no longer breaks', drift: 'allowed by', 'changed-deviation': 'breaks', coverage: 'rule' };

export function driftView(drift: DriftReport) {
  return {
    ...drift,
    countsLine: countsLine(drift),
    groups: groupChanges(drift).map((g) => {
      const example = g.changes[0];
      return {
        class: g.class,
        label: CLASS_LABEL[g.class],
        rulesLabel: RULES_LABEL[g.class],
        rules: g.rules,
        headline: g.headline,
        size: g.changes.length,
        checks: g.changes.slice(0, LISTED).map((c) => c.check),
        more: Math.max(0, g.changes.length - LISTED),
        example: {
          check: example.check,
          request: example.request,
          before: example.before.status,
          after: example.after.status,
          rows: sideBySide(example).slice(0, 40),
          reproduce: example.after.reproduce ?? example.before.reproduce,
        },
      };
    }),
  };
}

/** The section alone (report.html includes it). */
export function driftSection(drift: DriftReport): string {
  return eta.render('drift', driftView(drift));
}

/** drift.html: a self-contained page of the section. */
export function driftPage(drift: DriftReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ivs-conformance · behavioural changes</title>
<style>
  :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --accent: #0969da; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); overflow-wrap: break-word; }
  main { max-width: 1280px; margin: 0 auto; padding: 0 clamp(10px, 3vw, 24px); }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px clamp(10px, 3vw, 20px); margin: 16px 0; }
  pre { padding: 8px 10px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
  summary { color: var(--accent); cursor: pointer; font-size: 12px; }
  .muted, .empty { color: var(--muted); } .warning { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; }
  h2 { font-size: 18px; } h3 { font-size: 15px; margin: 0 0 6px; }
</style></head>
<body><main>
${driftSection(drift)}
</main></body></html>
`;
}
