// Small builders the power catalogue is written with (the same stages as ../mutants.ts).
import type { Contract } from '../../contract/load.ts';
import type { Verdict, Violation } from '../../contract/oracle.ts';
import type { Category } from '../../findings/model.ts';
import type { Environment } from '../server.ts';
import type { BaseContext, ErrorContext, ErrorReply, Hook, Hooks, Mutant, Stages, WebhookDraft } from '../mutants.ts';

export type Body = Record<string, unknown>;
export const TOKEN = 'createToken';
export const DUMMY = 'addDummyStatus';
export const STATUS = 'getStatus';
const VALID: Verdict = { valid: true, neverSend: false };

/** A mutant, with the field its finding names where it names one (rule-level matching). */
export type FieldMutant = Mutant & { field?: string };

export function mutant(id: string, category: Category, rule: string, field: string | undefined, description: string, hooks: Hooks, environment: Environment = 'development'): FieldMutant {
  return { id, category, rule, ...(field ? { field } : {}), environment, description, hooks };
}

export const isString = (v: unknown): v is string => typeof v === 'string';

/** Accepts what the oracle refuses: drops violations of `fields` of these kinds when `when` holds for the value. */
export function accept(operationId: string, fields: string[], kinds: string[], when: (value: unknown, ctx: BaseContext) => boolean): Hooks {
  return {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== operationId || !('violations' in verdict)) return verdict;
      const rest = verdict.violations.filter((v: Violation) => !(fields.includes(v.field) && kinds.includes(v.kind) && when(ctx.body[v.field], ctx)));
      return rest.length === 0 ? VALID : { ...verdict, violations: rest };
    },
  };
}

/** Refuses a valid request with BAD_VALUE when `when` holds for a field's value. */
export function reject(operationId: string, fields: string[], when: (value: unknown, ctx: BaseContext) => boolean, rule: string): Hooks {
  return {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== operationId || !verdict.valid) return verdict;
      const f = fields.find((name) => ctx.body[name] !== undefined && ctx.body[name] !== null && when(ctx.body[name], ctx));
      return f === undefined ? verdict : refusal(f, rule, ctx.contract);
    },
  };
}

function refusal(field: string, rule: string, contract: Contract): Verdict {
  return { valid: false, neverSend: false, violations: [{ field, kind: 'mutant', identifier: contract.violations.default, rule, message: `${field} is not valid` }] };
}

/** Echoes a sent field transformed. */
export function echoAs(field: string, transform: (sent: any) => unknown, when: (sent: unknown) => boolean = isString): Hooks {
  return { tokenResponse: (body, ctx) => (ctx.request[field] !== undefined && when(ctx.request[field]) ? { ...body, [field]: transform(ctx.request[field]) } : body) };
}

export function answerError(when: (reply: ErrorReply, ctx: ErrorContext & BaseContext) => boolean, change: { identifier?: string; status?: number; contentType?: string }): Hooks {
  return {
    error: (reply, ctx) => {
      if (!when(reply, ctx)) return reply;
      const body = change.identifier ? { ...reply.body, identifier: change.identifier } : reply.body;
      return { ...reply, status: change.status ?? reply.status, contentType: change.contentType ?? reply.contentType, body };
    },
  };
}

/** Lets the credentials check pass when `when` names a key. */
export function admit(when: (ctx: Stages['auth']['context']) => string | undefined): Hooks {
  return {
    auth: (outcome, ctx) => {
      if (outcome.ok) return outcome;
      const apiKey = when(ctx);
      return apiKey === undefined ? outcome : { ok: true, apiKey };
    },
  };
}

/** The decoded `user:password` text of a Basic header, whatever its scheme case. */
export function basicText(authorization: string | undefined): string | undefined {
  const match = /^basic\s+(\S+)$/i.exec(authorization ?? '');
  return match ? Buffer.from(match[1], 'base64').toString('utf8') : undefined;
}

export function gate(operationId: string, refused: (ctx: Stages['gating']['context'] & BaseContext, faithful: boolean) => boolean): Hooks {
  return { gating: (value, ctx) => (ctx.operationId === operationId ? refused(ctx, value) : value) };
}

export function webhook(kind: 'auto' | 'manual' | 'both', change: (draft: WebhookDraft, ctx: Stages['webhook']['context'] & BaseContext) => WebhookDraft | null): Hooks {
  return { webhook: (draft, ctx) => (draft && (kind === 'both' || draft.kind === kind) ? change(draft, ctx) : draft) };
}

export function withPayload(draft: WebhookDraft, patch: Record<string, unknown>): WebhookDraft {
  return { ...draft, payload: { ...draft.payload, ...patch } };
}

/** A crash (an unexpected exception) on a request body for which `when` holds. */
export function crashOn(operationId: string | undefined, when: (body: unknown) => boolean): Hooks {
  return {
    body: (body, ctx) => {
      if ((operationId === undefined || ctx.operationId === operationId) && when(body)) throw new TypeError('mutant: simulated crash');
      return body;
    },
  };
}

/** A body predicate on one top-level field. */
export const fieldIs = (name: string, when: (value: unknown) => boolean) => (body: unknown) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Body)[name] !== undefined && when((body as Body)[name]);

export const loneSurrogate = (v: unknown) => isString(v) && /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v);
export const astral = (v: unknown) => isString(v) && /[\u{10000}-\u{10ffff}]/u.test(v);
export const control = (v: unknown) => isString(v) && /[\u0000-\u001f]/.test(v);

export type { Hook };
