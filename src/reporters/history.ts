// history.html: the trend of a folder of earlier reports (nightly runs): checks, deviations,
// problems and behavioural changes per night, drawn with uPlot (inlined: the page loads nothing),
// and the changes of each night against the night before (src/findings/drift.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Eta } from 'eta';
import { assetPath } from '../assets.ts';
import type { Contract } from '../contract/load.ts';
import { compareReports, type DriftReport } from '../findings/drift.ts';
import type { Report } from '../findings/model.ts';
import { CLASS_LABEL, countsLine, groupChanges } from './drift-text.ts';

const eta = new Eta({ views: assetPath('src/reporters/templates'), autoEscape: true });
const require = createRequire(import.meta.url);

export interface Night {
  source: string;
  report: Report;
}

export interface HistoryPoint {
  label: string;
  startedAt: string;
  source: string;
  verdict: string;
  checks: number;
  passed: number;
  deviations: number;
  problems: number;
  inconclusive: number;
  /** Behavioural changes against the night before (0 on the first night). */
  changes: number;
  drift: number;
  regressions: number;
  fixes: number;
}

function point(night: Night, drift: DriftReport | undefined): HistoryPoint {
  const s = night.report.summary;
  return {
    label: night.report.startedAt.slice(0, 16).replace('T', ' '),
    startedAt: night.report.startedAt,
    source: night.source,
    verdict: night.report.verdict ?? '',
    checks: s.checks,
    passed: s.passed,
    deviations: s.deviations,
    problems: s.problems ?? night.report.problems?.length ?? 0,
    inconclusive: s.inconclusive,
    changes: drift?.changes.length ?? 0,
    drift: drift?.counts.drift ?? 0,
    regressions: drift?.counts.regression ?? 0,
    fixes: drift?.counts.fix ?? 0,
  };
}

/** Each night and its changes against the one before, oldest first. */
export function historyOf(nights: Night[], contract?: Contract) {
  const sorted = [...nights].sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt));
  return sorted.map((night, i) => {
    const drift = i > 0 ? compareReports(sorted[i - 1].report, night.report, { beforeSource: sorted[i - 1].source, afterSource: night.source, contract }) : undefined;
    return { point: point(night, drift), drift };
  });
}

/** Inline script text can never close its element early. */
const inlineScript = (text: string) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

export function toHistoryHtml(nights: Night[], contract?: Contract): string {
  const history = historyOf(nights, contract);
  const points = history.map((h) => h.point);
  const uplotDir = require.resolve('uplot/dist/uPlot.iife.min.js').replace(/uPlot\.iife\.min\.js$/, '');
  return eta.render('history', {
    points,
    nights: history
      .map(({ point: p, drift }) => ({
        ...p,
        countsLine: drift ? countsLine(drift) : 'first night: nothing to compare with',
        groups: drift
          ? groupChanges(drift).map((g) => ({ class: g.class, label: CLASS_LABEL[g.class], rules: g.rules, headline: g.headline, size: g.changes.length, checks: g.changes.slice(0, 20).map((c) => c.check) }))
          : [],
      }))
      .reverse(),
    uplotCss: readFileSync(`${uplotDir}uPlot.min.css`, 'utf8'),
    uplotJs: inlineScript(readFileSync(`${uplotDir}uPlot.iife.min.js`, 'utf8')),
    // JSON inside <script type="application/json">: every '<' escaped, so no text of a report can end it.
    data: JSON.stringify(points).replace(/</g, '\\u003c'),
  });
}
