// The builders the mutant catalogue (the files beside this one) is written with: each bends the
// faithful server at one of the stages of ../mutants.ts.
import type { Contract } from '../../contract/load.ts';
import type { Verdict, Violation } from '../../contract/oracle.ts';
import type { Category } from '../../findings/model.ts';
import type { Environment, Verification } from '../types.ts';
import type { BaseContext, ErrorContext, ErrorReply, Hook, Hooks, Mutant, Stages, WebhookDraft } from '../stages.ts';

export type Body = Record<string, unknown>;
export const TOKEN = 'createToken';
export const DUMMY = 'addDummyStatus';
export const STATUS = 'getStatus';
export const NAMES = ['firstName', 'lastName'];
export const DATES = ['dateOfBirth', 'dateOfExpiry', 'dateOfIssue'];
export const VALID: Verdict = { valid: true, neverSend: false };

type Predicate = (value: unknown, context: BaseContext) => boolean;

/** A mutant, with the field its finding names where it names one (rule-level matching). */
export type FieldMutant = Mutant & { field?: string };

export function mutant(id: string, category: Category, rule: string, description: string, hooks: Hooks, environment: Environment = 'development'): Mutant {
  return { id, category, rule, environment, description, hooks };
}

export function fieldMutant(id: string, category: Category, rule: string, field: string | undefined, description: string, hooks: Hooks, environment: Environment = 'development'): FieldMutant {
  return { id, category, rule, ...(field ? { field } : {}), environment, description, hooks };
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const codePoints = (text: string) => [...text].length;
export const omitted = (request: Body, field: string) => request[field] === undefined || request[field] === null;
export const without = (object: Body, key: string) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

/** Whether a name breaks the contract's PersonName pattern. */
export function breaksNamePattern(name: string, contract: Contract): boolean {
  return !new RegExp(contract.schemas.PersonName.pattern, 'u').test(name);
}

/** Accepts what the oracle refuses: drops violations of `fields` of these kinds when `when` holds for the value. */
export function accept(operationId: string, fields: string[], kinds: string[], when: Predicate = () => true): Hooks {
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

export function refusal(field: string, rule: string, contract: Contract): Verdict {
  return { valid: false, neverSend: false, violations: [{ field, kind: 'mutant', identifier: contract.violations.default, rule, message: `${field} is not valid` }] };
}

/** Answers an omitted (or null) optional field with `value` instead of the contract default. */
export function defaultAs(field: string, value: unknown): Hooks {
  return { tokenResponse: (body, ctx) => (omitted(ctx.request, field) ? { ...body, [field]: value } : body) };
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

export const identifierIs = (identifier: string) => (reply: ErrorReply) => reply.body.identifier === identifier;
export const stageIs = (...stages: ErrorContext['stage'][]) => (_: ErrorReply, ctx: ErrorContext) => stages.includes(ctx.stage);
export const violationIs = (when: (v: Violation, body: Body) => boolean) => (_: ErrorReply, ctx: ErrorContext) =>
  ctx.violation !== undefined && when(ctx.violation, ctx.body ?? {});

/** Answers the success of one operation with another status. */
export function succeedWith(operationId: string, status: number): Hooks {
  return { success: (value, ctx) => (ctx.operationId === operationId ? status : value) };
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

export const knownKey = (ctx: Stages['auth']['context']) => ctx.credentials.find((c) => c.key === ctx.parsed?.key)?.key;

/** The decoded `user:password` text of a Basic header, whatever its scheme case. */
export function basicText(authorization: string | undefined): string | undefined {
  const match = /^basic\s+(\S+)$/i.exec(authorization ?? '');
  return match ? Buffer.from(match[1], 'base64').toString('utf8') : undefined;
}

/** Overrides the environment's refusal for one operation. */
export function gate(operationId: string, refused: (ctx: Stages['gating']['context'] & BaseContext, faithful: boolean) => boolean): Hooks {
  return { gating: (value, ctx) => (ctx.operationId === operationId ? refused(ctx, value) : value) };
}

/** Changes the webhooks of one kind (or suppresses them, returning null). */
export function webhook(kind: 'auto' | 'manual' | 'both', change: (draft: WebhookDraft, ctx: Stages['webhook']['context'] & BaseContext) => WebhookDraft | null): Hooks {
  return { webhook: (draft, ctx) => (draft && (kind === 'both' || draft.kind === kind) ? change(draft, ctx) : draft) };
}

export function signedWith(sign: WebhookDraft['sign']): Parameters<typeof webhook>[1] {
  return (draft) => ({ ...draft, sign });
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
export const field = (name: string, when: (value: unknown) => boolean) => (body: unknown) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && when((body as Body)[name]);

/** A body predicate on one top-level field that is present. */
export const fieldIs = (name: string, when: (value: unknown) => boolean) => (body: unknown) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Body)[name] !== undefined && when((body as Body)[name]);

export const loneSurrogate = (v: unknown) => isString(v) && /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v);
export const astral = (v: unknown) => isString(v) && /[\u{10000}-\u{10ffff}]/u.test(v);
export const control = (v: unknown) => isString(v) && /[\u0000-\u001f]/.test(v);

/** A verification the server never stored, as a sloppy lookup might fabricate it. */
export function phantom(scanRef: string): Verification {
  return {
    scanRef,
    apiKey: '',
    clientId: '',
    externalRef: null,
    callbackUrl: null,
    dummyStatus: null,
    autoFace: null,
    autoDocument: null,
    manualFace: null,
    manualDocument: null,
    overall: 'ACTIVE',
    startTime: 0,
    finishTime: null,
  };
}

export function lookupFor(operationId: string, resolve: Hook<'lookup'>): Hooks {
  return { lookup: (found, ctx) => (ctx.operationId === operationId && !found ? resolve(found, ctx) : found) };
}

export type { Hook };
