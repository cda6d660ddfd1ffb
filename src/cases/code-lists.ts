// Each code of every large code list accepted at least once (issue 24, item 2): a list the
// contract marks `x-ivs-coverage: sample` (country codes) is sampled by enum coverage, which
// missed a server whose table lacks one assigned code (South Sudan, SS). Here every member is
// sent in every field that takes it, packed: the fields that take the same list carry different
// members in one request (country and nationality: one request per code, not two). A packed
// request that is not accepted is sent again one field at a time, so the finding names the field
// whose code was refused.
import type { Contract, FieldSpec, Operation } from '../contract/load.ts';
import { bodyWith, type Body } from '../arbitraries/requests.ts';
import { isUnassertedValue, typeOf } from '../arbitraries/values.ts';
import type { RunContext } from '../engine/context.ts';
import { exchange } from '../engine/exchange.ts';
import { expectationFor, observe, type Case, type CaseResult } from './model.ts';

/** The enum schema of a single-valued field whose list is sampled (x-ivs-coverage: sample), if any. */
function sampledList(field: FieldSpec): string[] | undefined {
  if (typeOf(field.schema) === 'array' || field.schema['x-ivs-coverage'] !== 'sample' || !Array.isArray(field.schema.enum)) return undefined;
  const vocabulary = new Set(field.vendorVocabulary?.values ?? []);
  const members: string[] = field.schema.enum.filter((v: unknown) => typeof v === 'string' && !vocabulary.has(v) && !isUnassertedValue(field.schema, v));
  if (field.schema['x-ivs-case-insensitive'] !== true) return members;
  // Either case is a member (T8): each code once; packedAssignments alternates the case sent.
  const seen = new Set<string>();
  return members.filter((v) => !seen.has(v.toUpperCase()) && seen.add(v.toUpperCase())).map((v) => v.toUpperCase());
}

/** Fields grouped by the list they take (the same members in the same order). */
function groupsOf(op: Operation, include: (f: FieldSpec) => boolean): { fields: FieldSpec[]; members: string[] }[] {
  const groups = new Map<string, { fields: FieldSpec[]; members: string[] }>();
  for (const field of op.fields.filter(include)) {
    const members = sampledList(field);
    if (!members?.length) continue;
    const key = JSON.stringify(members);
    const group = groups.get(key) ?? { fields: [], members };
    group.fields.push(field);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The assignments of the packed requests: every member in every field (a table may lack a code in
 * one field only), request i carrying member `i + m * n / k` in the group's m-th field, so one
 * request holds k different codes; for a case-insensitive list, lower case wherever `i + m` is odd.
 */
export function packedAssignments(fields: string[], members: string[], caseInsensitive = false): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const shift = Math.floor(members.length / fields.length);
  for (let i = 0; i < members.length; i++) {
    const values: Record<string, string> = {};
    fields.forEach((name, m) => {
      const member = members[(i + m * shift) % members.length];
      values[name] = caseInsensitive && (i + m) % 2 === 1 ? member.toLowerCase() : member;
    });
    out.push(values);
  }
  return out;
}

/** A valid body carrying every assignment, or undefined when the fields cannot be set together. */
function packedBody(contract: Contract, op: Operation, values: Record<string, string>, fixed: Body): Body | undefined {
  const [first, ...rest] = Object.keys(values);
  const body = bodyWith(contract, op, first, values[first], fixed);
  if (!body) return undefined;
  const packed = { ...body };
  for (const name of rest) packed[name] = values[name];
  return packed;
}

/** Every member of every sampled code list, accepted in the field(s) that take it. */
export function fullCodeListCases(suite: string, op: Operation, fixed: Body = {}, include: (f: FieldSpec) => boolean = () => true): Case[] {
  const cases: Case[] = [];
  for (const { fields, members } of groupsOf(op, include)) {
    for (const values of packedAssignments(fields.map((f) => f.name), members, fields[0].schema['x-ivs-case-insensitive'] === true)) {
      const label = Object.entries(values).map(([k, v]) => `${k} = ${v}`).join(', ');
      cases.push({
        suite,
        name: `${suite} › ${op.operationId} › every code › ${label}`,
        check: 'accepts-valid',
        endpoint: op.endpoint,
        field: fields[0].name,
        constraint: 'enum-coverage',
        rule: fields[0].rule,
        async run(ctx: RunContext): Promise<CaseResult> {
          const unavailable = await ctx.endpointUnavailable?.(op);
          if (unavailable) return { observations: [], inconclusive: unavailable };
          const one = async (name: string, body: Body): Promise<CaseResult> => {
            const spec = fields.find((f) => f.name === name)!;
            const expectation = expectationFor(ctx, op, body, { rule: spec.rule, field: name, constraint: 'enum-coverage' });
            if (expectation === 'never-send') return { observations: [], inconclusive: 'the documents give no verdict for this request' };
            return observe(ctx, await exchange(ctx, { op, body }), expectation, { field: name, constraint: 'enum-coverage' });
          };
          const packed = packedBody(ctx.contract, op, values, fixed);
          const valid = packed && ctx.oracle.judge(op.operationId, packed).valid;
          if (packed && valid) {
            const together = await one(fields[0].name, packed);
            if (together.inconclusive || !together.observations.length) return together;
          }
          // Not accepted together (or not valid together): each field alone names the one refused.
          const results: CaseResult[] = [];
          for (const [name, value] of Object.entries(values)) {
            const body = bodyWith(ctx.contract, op, name, value, fixed);
            results.push(body ? await one(name, body) : { observations: [], inconclusive: 'no valid request can carry this value' });
          }
          const inconclusive = results.find((r) => r.inconclusive)?.inconclusive;
          const observations = results.flatMap((r) => r.observations);
          return observations.length || !inconclusive ? { observations } : { observations, inconclusive };
        },
      });
    }
  }
  return cases;
}
