// Falsy and empty values beside the value that makes them meaningful (issue 24, blind round 3): a
// server may read a field only when another one asks for it (videoCallQuestions when tokenType is
// a video call; additionalSteps when utilityBill is true), so `[]`, `{}` and `false` sent alone
// never reach the code that crashes on them. Each falsy value of a list, object or boolean field
// is sent beside every non-default value of every small single-valued enum (the modes of a
// request), and beside the other fields of every cross-field rule that names it, with those
// fields at the values that rule's `breaking` data gives. The oracle gives each body its role
// (accepted and echoed, or refused with its identifier); never a 5xx (R7) in every role.
import type { Contract, FieldSpec, Operation } from '../contract/load.ts';
import { bodyWith, minimalBody, type Body } from '../arbitraries/requests.ts';
import { typeOf } from '../arbitraries/values.ts';
import type { RunContext } from '../engine/context.ts';
import { requestCase, type Case } from './model.ts';

/** A single-valued enum this small is a mode of the request: each of its values is a companion. */
export const MODE_VALUES_MAX = 8;

/** The falsy or empty values of a field that a loose server reads as "unset" (or crashes on). */
function falsyOf(field: FieldSpec): unknown[] {
  switch (typeOf(field.schema)) {
    case 'array':
      return [[]];
    case 'object':
      return [{}];
    case 'boolean':
      return [false];
    default:
      return [];
  }
}

/** The companions of one field: {other field: value} each sent beside its falsy values. */
export function companionsOf(op: Operation, field: FieldSpec, include: (field: FieldSpec) => boolean = () => true): Body[] {
  const out: Body[] = [];
  for (const mode of op.fields.filter(include)) {
    const list = mode.schema.enum;
    if (mode === field || typeOf(mode.schema) === 'array' || !Array.isArray(list) || list.length > MODE_VALUES_MAX) continue;
    for (const value of list) if (typeof value === 'string' && value !== mode.default?.value) out.push({ [mode.name]: value });
  }
  for (const rule of op.crossField) {
    if (!(field.name in rule.breaking)) continue;
    const { [field.name]: _own, ...others } = rule.breaking;
    if (Object.keys(others).length) out.push(others);
  }
  return out;
}

export interface CompanionOptions {
  suite: string;
  op: Operation;
  include: (field: FieldSpec) => boolean;
  fixed?: (ctx: RunContext) => Promise<Body | string>;
}

/** One case per (field, falsy value, companion): the role the oracle gives the body as sent. */
export function companionCases(contract: Contract, { suite, op, include, fixed: fixedOf }: CompanionOptions): Case[] {
  const cases: Case[] = [];
  for (const field of op.fields.filter(include)) {
    for (const value of falsyOf(field)) {
      for (const companion of companionsOf(op, field, include)) {
        const label = Object.entries(companion).map(([k, v]) => `${k} = ${JSON.stringify(v).slice(0, 40)}`).join(', ');
        cases.push(
          requestCase({
            suite,
            name: `${suite} › ${op.operationId} › ${field.name} › ${JSON.stringify(value)} beside ${label}`,
            check: 'no-server-error',
            endpoint: op.endpoint,
            field: field.name,
            constraint: 'taxonomy:falsy-with-companion',
            rule: field.rule,
            probe: async (ctx) => {
              const fixed = fixedOf ? await fixedOf(ctx) : {};
              if (typeof fixed === 'string') return fixed;
              const beside = { ...fixed, ...companion };
              // A valid body with companions where one exists (the same as the taxonomy's), else the minimal one.
              return { op, body: bodyWith(contract, op, field.name, value, beside) ?? { ...minimalBody(op, beside), [field.name]: value } };
            },
          }),
        );
      }
    }
  }
  return cases;
}
