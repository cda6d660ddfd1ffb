// Deviations grouped by root cause. A root cause is one check observing one behaviour: "every
// BAD_VALUE answered as VALIDATION_ERROR" is one problem however many fields and endpoints show it,
// so a vendor fixes one thing, not 17. Ranked by severity, then by how many deviations it explains.
import { createHash } from 'node:crypto';
import type { Category, CheckOutcome, Deviation, Problem } from './model.ts';

/** 1 = worst. Crashes and security first; then what breaks integrations; then shape and defaults. */
export const SEVERITY: Record<Category, number> = {
  'server-error': 1,
  auth: 1,
  environment: 2,
  webhook: 2,
  validation: 3,
  'error-identifier': 3,
  'status-code': 4,
  'response-schema': 4,
  defaults: 4,
};

/** The expectation without its per-field detail: "BAD_VALUE (sex must be …)" → "BAD_VALUE". */
function head(text: string): string {
  return text.replace(/\s*\([^()]*\)\s*$/, '').trim() || text;
}

/** The observed behaviour with the field that showed it taken out, so other fields group with it. */
function behaviour(d: Deviation): string {
  let actual = d.actual;
  if (d.field) actual = actual.split(d.field).join('<field>');
  return actual.trim();
}

/**
 * The part of the credentials an auth case varied (the request feature that triggers the bug): every
 * wrong secret let in is one bug, whichever way the secret was wrong, and whichever endpoint showed it.
 */
function credentialPart(d: Deviation): string {
  const text = `${d.constraint ?? ''} ${d.expected}`.toLowerCase();
  if (/bearer|scheme/.test(text)) return 'scheme';
  if (/secret/.test(text)) return 'secret';
  if (/\bkey\b/.test(text)) return 'key';
  return 'authorization';
}

const CREDENTIAL_WORDS: Record<string, string> = {
  secret: 'a wrong API secret',
  key: 'a wrong API key',
  scheme: 'another authorization scheme',
  authorization: 'missing or malformed credentials',
};

/** "accepted: HTTP 201" and "accepted: HTTP 200" are one behaviour: the success code is the endpoint's. */
const accepted = (d: Deviation) => /^accepted: HTTP 2\d\d$/.test(d.actual.trim());

export function problemKey(d: Deviation): string {
  // A wrong identifier is one root cause whatever was expected in its place (one BAD_VALUE, or a
  // list a ruling allows): the identifier answered is the behaviour to fix.
  if (d.category === 'error-identifier') return [d.check, behaviour(d)].join('\u0000');
  // Wrong credentials let in: one problem per rule and credential part, not one per near-miss.
  if (d.category === 'auth' && accepted(d)) return [d.check, d.rule, 'accepted', credentialPart(d)].join('\u0000');
  return [d.check, head(d.expected), behaviour(d)].join('\u0000');
}

/** The expectation most members of a problem share (its title names it). */
function commonExpected(members: Deviation[]): string {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(head(m.expected), (counts.get(head(m.expected)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

function problemId(key: string): string {
  return createHash('sha256').update(`problem\u0000${key}`).digest('hex').slice(0, 16);
}

function titleOf(d: Deviation, count: number): string {
  const expected = count > 1 ? head(d.expected) : d.expected;
  const actual = count > 1 ? behaviour(d).replace(/<field>/g, 'the field') : d.actual;
  const every = count > 1 ? 'every ' : '';
  if (d.category === 'error-identifier') return `${every}${expected} answered as ${actual}`;
  if (d.category === 'auth' && accepted(d) && count > 1) return `${d.check}: requests with ${CREDENTIAL_WORDS[credentialPart(d)]} are let in (${count} variants; rule ${d.rule})`;
  return `${d.check}: got ${actual}; expected ${expected}`;
}

const size = (d: Deviation) => JSON.stringify(d.request ?? '').length;

/** Groups deviations into problems, worst first; `checks` (when known) gives each problem its failed checks. */
export function groupProblems(deviations: Deviation[], checks: CheckOutcome[] = []): Problem[] {
  const groups = new Map<string, Deviation[]>();
  for (const d of deviations) groups.set(problemKey(d), [...(groups.get(problemKey(d)) ?? []), d]);
  const problems = [...groups].map(([key, members]): Problem => {
    const sorted = [...members].sort((a, b) => size(a) - size(b) || (a.id < b.id ? -1 : 1));
    const [first] = sorted;
    const ids = new Set(members.map((m) => m.id));
    const failedChecks = checks.filter((c) => c.deviationIds?.some((id) => ids.has(id))).length;
    const uniq = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
    return {
      id: problemId(key),
      title: titleOf(members.length > 1 ? { ...first, expected: commonExpected(members) } : first, members.length),
      category: first.category,
      check: first.check,
      rules: uniq(members.map((m) => m.rule)),
      documented: members.some((m) => m.documented),
      severity: Math.min(...members.map((m) => SEVERITY[m.category] ?? 5)),
      expected: members.length > 1 ? head(first.expected) : first.expected,
      actual: behaviour(first).replace(/<field>/g, first.field ?? 'the field'),
      deviationIds: sorted.map((m) => m.id),
      checks: failedChecks || members.length,
      endpoints: uniq(members.map((m) => m.endpoint)),
      fields: uniq(members.map((m) => m.field)),
      ...(first.reproduce ? { reproduce: first.reproduce } : {}),
    };
  });
  return problems.sort(
    (a, b) =>
      a.severity - b.severity ||
      Number(b.documented) - Number(a.documented) ||
      b.deviationIds.length - a.deviationIds.length ||
      b.checks - a.checks ||
      (a.id < b.id ? -1 : 1),
  );
}

/** Problem of each deviation id. */
export function problemOf(problems: Problem[]): Map<string, Problem> {
  const map = new Map<string, Problem>();
  for (const p of problems) for (const id of p.deviationIds) map.set(id, p);
  return map;
}
