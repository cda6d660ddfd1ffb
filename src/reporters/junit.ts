// junit.xml for CI test views: one testsuite per suite, one testcase per check, so a deviation shows
// up as a failed test carrying everything needed to reproduce it.
import type { CheckOutcome, Deviation, Inconclusive, Report } from '../findings/model.ts';
import { visibleControls } from './neutralise.ts';
import { checkLabel, oneLine, requestText, responseText, truncate } from './common.ts';
import { VERDICT_LABEL, verdictOf, verdictReason } from './summary.ts';
import { problemOf } from '../findings/problems.ts';
import { groupProblems } from '../findings/problems.ts';

interface Case {
  suite: string;
  name: string;
  seconds: number;
  failed?: Deviation[];
  skipped?: string;
}

// Characters XML 1.0 cannot carry at all, even as references; lone surrogates included (the u flag).
const XML_ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};

/**
 * Escapes text for XML; illegal characters become U+FFFD. Attributes also need quotes escaped and
 * whitespace as references (parsers normalise a raw newline there to a space); element text keeps both readable.
 */
export function escapeXml(text: string, attribute = false): string {
  const special = attribute ? /[&<>"'\t\n\r]/g : /[&<>]/g;
  // Controls and bidi overrides a target sent are shown as escapes (a CI log or viewer would act on them).
  return visibleControls(text).replace(XML_ILLEGAL, '\uFFFD').replace(special, (c) => ENTITIES[c]);
}

const attr = (name: string, value: string | number) => `${name}="${escapeXml(String(value), true)}"`;
const seconds = (ms: number | undefined) => Number(((ms ?? 0) / 1000).toFixed(3));

let problemTitles = new Map<string, string>();
/** Deviations already written out in full: a deviation many checks share is detailed once (reports stay bounded). */
let detailed = new Set<string>();

function failureBody(d: Deviation): string {
  const where = [d.endpoint, d.field && `field ${d.field}`, d.constraint && `constraint ${d.constraint}`];
  return [
    `[${d.category}] rule ${d.rule} (${d.documented ? 'documented' : 'ruled'})${d.ruleText ? `: ${d.ruleText}` : ''}`,
    where.filter(Boolean).join(' · '),
    `deviation ${d.id}`,
    ...(problemTitles.has(d.id) ? [`problem: ${problemTitles.get(d.id)}`] : []),
    `expected: ${d.expected}`,
    `actual:   ${d.actual}`,
    ...(d.request ? ['', 'request:', requestText(d.request)] : []),
    ...(d.response ? ['', 'response:', responseText(d.response)] : []),
    '',
    `seed: ${d.seed}`,
    ...(d.reproduce ? ['reproduce:', d.reproduce] : []),
  ].join('\n');
}

function failureXml(devs: Deviation[]): string {
  if (devs.length === 0) return `<failure ${attr('message', 'check failed without a recorded deviation')} type="unknown"/>`;
  const [d] = devs;
  const more = devs.length > 1 ? ` (+${devs.length - 1} more)` : '';
  const message = truncate(oneLine(`expected ${d.expected} / actual ${d.actual}`), 500) + more;
  const body = devs
    .map((dev) => {
      if (!detailed.has(dev.id)) return detailed.add(dev.id), failureBody(dev);
      return `deviation ${dev.id}: expected ${truncate(oneLine(dev.expected), 200)} / actual ${truncate(oneLine(dev.actual), 200)} (request, response and reproduction under the first test case that reports it)`;
    })
    .join('\n\n----\n\n');
  return `<failure ${attr('message', message)} ${attr('type', d.category)}>${escapeXml(body)}</failure>`;
}

/** Checks first; then deviations and inconclusive entries no check claims (older reports have no `checks`). */
function casesOf(report: Report): Case[] {
  const unclaimed = new Set(report.deviations);
  const unexplained = new Set(report.inconclusive);
  // Maps, not searches per check: a merged report of large shards stays linear in its size.
  const byId = new Map(report.deviations.map((d) => [d.id, d]));
  const byLabel = new Map<string, Deviation[]>();
  for (const d of report.deviations) {
    const key = `${d.endpoint}\u0000${checkLabel(d)}`;
    (byLabel.get(key) ?? byLabel.set(key, []).get(key)!).push(d);
  }
  const reasons = new Map<string, Inconclusive[]>();
  for (const i of report.inconclusive) (reasons.get(i.check) ?? reasons.set(i.check, []).get(i.check)!).push(i);
  const deviationsOf = (c: CheckOutcome) =>
    c.deviationIds ? c.deviationIds.flatMap((id) => byId.get(id) ?? []) : (byLabel.get(`${c.endpoint}\u0000${checkLabel(c)}`) ?? []);
  const reasonFor = (c: CheckOutcome) => reasons.get(c.check)?.find((i) => !i.suite || i.suite === c.suite);

  const cases: Case[] = (report.checks ?? []).map((c) => {
    const kase: Case = { suite: c.suite, name: checkLabel(c), seconds: seconds(c.durationMs) };
    if (c.status === 'failed') {
      kase.failed = deviationsOf(c);
      kase.failed.forEach((d) => unclaimed.delete(d));
    } else if (c.status === 'inconclusive') {
      const found: Inconclusive | undefined = reasonFor(c);
      if (found) unexplained.delete(found);
      kase.skipped = found?.reason ?? 'inconclusive';
    }
    return kase;
  });
  for (const d of unclaimed) cases.push({ suite: d.suite ?? d.category, name: checkLabel(d), seconds: 0, failed: [d] });
  for (const i of unexplained) cases.push({ suite: i.suite ?? 'inconclusive', name: i.check, seconds: 0, skipped: i.reason });
  return cases;
}

function counts(cases: Case[]) {
  return [
    attr('tests', cases.length),
    attr('failures', cases.filter((c) => c.failed).length),
    'errors="0"',
    attr('skipped', cases.filter((c) => c.skipped !== undefined).length),
  ].join(' ');
}

function caseXml(c: Case): string {
  const open = `    <testcase ${attr('classname', c.suite)} ${attr('name', c.name)} ${attr('time', c.seconds)}`;
  if (c.failed) return `${open}>\n      ${failureXml(c.failed)}\n    </testcase>`;
  if (c.skipped !== undefined) return `${open}>\n      <skipped ${attr('message', c.skipped)}/>\n    </testcase>`;
  return `${open}/>`;
}

/** The verdict, the same word as every other format, on every suite (where CI viewers show properties). */
function propertiesXml(report: Report): string {
  const verdict = report.verdict ?? verdictOf(report);
  const props: [string, string | number][] = [
    ['verdict', VERDICT_LABEL[verdict]],
    ['verdictReason', report.verdictReason ?? verdictReason(report)],
    ['seed', report.seed],
    ['problems', report.summary.problems ?? report.problems?.length ?? 0],
    ...(report.replay ? [['replay', report.replay] as [string, string]] : []),
    // Setup hints (e.g. TLS verification off) belong in every format.
    ...(report.setupHints ?? []).map((hint) => ['hint', hint] as [string, string]),
  ];
  return ['    <properties>', ...props.map(([n, v]) => `      <property ${attr('name', n)} ${attr('value', v)}/>`), '    </properties>'].join('\n');
}

export function toJUnit(report: Report): string {
  const problems = report.problems ?? groupProblems(report.deviations, report.checks);
  problemTitles = new Map([...problemOf(problems)].map(([id, p]) => [id, p.title]));
  detailed = new Set();
  const cases = casesOf(report);
  const suites = new Map<string, Case[]>(); // in order of first appearance (Map.groupBy needs Node 21)
  for (const c of cases) (suites.get(c.suite) ?? suites.set(c.suite, []).get(c.suite)!).push(c);
  const suiteXml = [...suites].map(([name, members]) => {
    const time = Number(members.reduce((s, c) => s + c.seconds, 0).toFixed(3));
    const head = `  <testsuite ${attr('name', name)} ${counts(members)} ${attr('time', time)} ${attr('timestamp', report.startedAt)}>`;
    return [head, propertiesXml(report), ...members.map(caseXml), '  </testsuite>'].join('\n');
  });
  const root = `<testsuites ${attr('name', 'ivs-conformance')} ${counts(cases)} ${attr('time', seconds(report.durationMs))}>`;
  const verdict = `<!-- ivs-conformance verdict: ${VERDICT_LABEL[report.verdict ?? verdictOf(report)]} -->`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', verdict, root, ...suiteXml, '</testsuites>', ''].join('\n');
}
