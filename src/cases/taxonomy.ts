// Cases from the value taxonomy (arbitraries/taxonomy): every class's values in every field of an
// operation, each sent in the role the contract gives it — decided here, by the oracle, from the
// body actually built: valid → accepted and echoed as the contract says (T3: names upper-cased);
// invalid → refused with the identifier R3 gives the violation; not JSON → JSON_ERROR; and where
// the documents leave the value open (a class's `unasserted`, x-ivs-unasserted-values, vendor
// vocabulary, characters beyond what a patterned field states it allows, an upper-casing that
// changes the length) only "never a 5xx" (R7).
import type { Contract, FieldSpec, Operation } from '../contract/load.ts';
import { expectedIdentifier, oracleFor } from '../contract/oracle.ts';
import { identifierFor } from '../contract/load.ts';
import { bodyWith, minimalBody, type Body } from '../arbitraries/requests.ts';
import { isUnassertedValue } from '../arbitraries/values.ts';
import { fieldTaxonomy, type Depth, type TaxonomyValue } from '../arbitraries/taxonomy/index.ts';
import type { RunContext } from '../engine/context.ts';
import { requestCase, type Case } from './model.ts';
import { companionCases } from './companions.ts';
import { RULE } from '../contract/rulings.ts';

export type Role =
  | { kind: 'accept'; echo: boolean }
  | { kind: 'refuse'; identifier: string; rule: string; json?: boolean }
  | { kind: 'never-5xx'; why: string }
  | { kind: 'skip'; why: string };

export function describeRole(role: Role): string {
  switch (role.kind) {
    case 'accept':
      return role.echo ? 'accepted, echoed' : 'accepted';
    case 'refuse':
      return `refused ${role.identifier} (${role.rule})`;
    case 'never-5xx':
      return `never 5xx (${role.why})`;
    case 'skip':
      return `not sent (${role.why})`;
  }
}

/** Characters a patterned field states it allows: letters, marks, spaces, and its x-ivs-allowed-characters. */
function beyondStated(field: FieldSpec, value: unknown): boolean {
  const allowed: string | undefined = field.schema['x-ivs-allowed-characters'];
  if (allowed === undefined) return false;
  const texts = Array.isArray(value) ? value : [value];
  return texts.some((t) => typeof t === 'string' && [...t].some((c) => !/[\p{L}\p{M}\p{Zs}]/u.test(c) && !allowed.includes(c)));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The body a value is sent in: a valid body carrying it where one exists (cross-field companions), else the minimal one. */
export function bodyFor(contract: Contract, op: Operation, field: FieldSpec, value: unknown, fixed: Body = {}): Body {
  return bodyWith(contract, op, field.name, value, fixed) ?? { ...minimalBody(op, fixed), [field.name]: value };
}

/** The role the contract gives one taxonomy value in one field. */
export function roleOf(contract: Contract, op: Operation, field: FieldSpec, tv: TaxonomyValue, fixed: Body = {}): Role {
  if (tv.unasserted) return { kind: 'never-5xx', why: tv.unasserted };
  if (tv.literal !== undefined && !isJson(`{"a":${tv.literal}}`)) return { kind: 'refuse', identifier: identifierFor(contract, 'json'), rule: contract.violations.rule, json: true };
  if (tv.literal !== undefined) return { kind: 'never-5xx', why: 'another JSON form of a value' };
  const itemSchema = Array.isArray(tv.value) ? field.schema.items ?? {} : field.schema;
  const items = Array.isArray(tv.value) ? tv.value : [tv.value];
  if (isUnassertedValue(field.schema, tv.value) || items.some((v) => isUnassertedValue(itemSchema, v))) return { kind: 'never-5xx', why: 'x-ivs-unasserted-values' };
  const verdict = oracleFor(contract).judge(op.operationId, bodyFor(contract, op, field, tv.value, fixed));
  if (verdict.neverSend) return { kind: 'never-5xx', why: `no verdict (${verdict.rule})` };
  if (!verdict.valid) {
    const identifier = expectedIdentifier(verdict.violations);
    return identifier ? { kind: 'refuse', identifier, rule: verdict.violations[0].rule } : { kind: 'never-5xx', why: 'violations disagree on an identifier' };
  }
  if (beyondStated(field, tv.value)) return { kind: 'never-5xx', why: 'characters the field neither allows nor forbids in words' };
  if (field.normalize === 'uppercase' && items.some((v) => typeof v === 'string' && [...v.toUpperCase()].length !== [...v].length)) {
    return { kind: 'never-5xx', why: 'upper-casing changes its length (runtimes differ)' };
  }
  return { kind: 'accept', echo: field.echo };
}

export interface TaxonomyOptions {
  suite: string;
  op: Operation;
  depth?: Depth;
  include?: (field: FieldSpec) => boolean;
  /** Values that must come from earlier calls (a real scanRef), or a reason they cannot be had. */
  fixed?: (ctx: RunContext) => Promise<Body | string>;
}

/** Fields the taxonomy is sent to by default: not from earlier calls, not a custom setting (C1 has its suite), not gated. */
export const taxonomyField = (f: FieldSpec) => !f.schema['x-ivs-source'] && !f.customSetting && !f.gated;

/** One case per (field, value), round-robin over fields and classes so a budget sees every class. */
export function taxonomyCases(contract: Contract, options: TaxonomyOptions): Case[] {
  const { op, suite } = options;
  const perField: Case[][] = [];
  for (const field of op.fields.filter(options.include ?? taxonomyField)) {
    const classes = fieldTaxonomy(contract, field, options.depth).filter((c) => c.values.length);
    const cases: Case[] = [];
    for (let i = 0; classes.some((c) => i < c.values.length); i++) {
      for (const c of classes) if (i < c.values.length) {
        const built = taxonomyCase(contract, suite, op, field, c.values[i], options.fixed);
        if (built) cases.push(built);
      }
    }
    perField.push(cases);
  }
  const out: Case[] = [];
  for (let i = 0; perField.some((g) => i < g.length); i++) for (const g of perField) if (i < g.length) out.push(g[i]);
  // Falsy and empty values beside the values that make them meaningful (companions.ts).
  out.push(...companionCases(contract, { suite, op, include: options.include ?? taxonomyField, fixed: options.fixed }));
  return out;
}

function taxonomyCase(contract: Contract, suite: string, op: Operation, field: FieldSpec, tv: TaxonomyValue, fixedOf?: (ctx: RunContext) => Promise<Body | string>): Case | undefined {
  const role = roleOf(contract, op, field, tv);
  if (role.kind === 'skip') return undefined;
  const name = `${suite} › ${op.operationId} › ${field.name} › ${tv.cls} › ${tv.note} ${JSON.stringify(tv.literal ?? tv.value).slice(0, 60)}`;
  const probe = async (ctx: RunContext) => {
    const fixed = fixedOf ? await fixedOf(ctx) : {};
    if (typeof fixed === 'string') return fixed;
    const body = bodyFor(ctx.contract, op, field, tv.value, fixed);
    if (tv.literal === undefined) return { op, body };
    const { [field.name]: _dropped, ...rest } = body;
    const head = JSON.stringify(rest).slice(1, -1);
    return { op, rawBody: `{${head}${head ? ',' : ''}${JSON.stringify(field.name)}:${tv.literal}}` };
  };
  const common = { suite, name, endpoint: op.endpoint, field: field.name, constraint: `taxonomy:${tv.cls}`, rule: field.rule, probe };
  if (role.kind === 'never-5xx') {
    return requestCase({ ...common, check: 'no-server-error', rule: RULE.noServerError, expect: { kind: 'reject', rule: RULE.noServerError, reason: 'no verdict asserted' }, checks: ['no-server-error'] });
  }
  if (role.kind === 'refuse' && role.json) {
    return requestCase({ ...common, check: 'rejects-invalid', rule: role.rule, expect: { kind: 'reject', identifier: role.identifier, rule: role.rule, reason: `the body is not JSON (${tv.note})` } });
  }
  // Accepted or refused: the oracle judges the body as sent (model.ts), the same verdict as roleOf's.
  return requestCase({ ...common, check: role.kind === 'accept' ? (role.echo ? 'echoes-sent-fields' : 'accepts-valid') : 'rejects-invalid' });
}

/** Why the taxonomy is not sent to a field by default. */
export function notSentBecause(field: FieldSpec): string {
  if (field.schema['x-ivs-source']) return 'its value comes from an earlier call (a real scanRef)';
  if (field.customSetting) return 'a C1 custom setting: asserted only when enabled (token-custom-settings suite)';
  if (field.gated === 'environment') return 'gated by the environment: sent in development only';
  return `gated (${field.gated}): the account may refuse it as a feature`;
}

/** Per field and class: the values sent and the role each was judged in, or why the class does not apply (list --taxonomy). */
export function taxonomyTable(contract: Contract, op: Operation, depth: Depth = 'default', include: (f: FieldSpec) => boolean = taxonomyField) {
  return op.fields.map((field) => ({
    notSent: include(field) ? undefined : notSentBecause(field),
    endpoint: op.endpoint,
    field: field.name,
    classes: fieldTaxonomy(contract, field, depth).map((c) => ({
      cls: c.cls,
      summary: c.summary,
      notApplicable: c.notApplicable,
      values: c.values.map((v) => ({ note: v.note, value: v.literal ?? v.value, role: describeRole(roleOf(contract, op, field, v)) })),
    })),
  }));
}
