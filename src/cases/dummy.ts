// Dummy verifications (T21, D1-D3) and the status read-back (F1). Cases that need a dummy
// verification create one through the token endpoint first; one shared verification serves the
// many negative add-dummy-status cases (which must not change it when the server conforms).
import { randomUUID } from 'node:crypto';
import { FIELD, fieldOf } from '../contract/fields.ts';
import type { Contract, Operation } from '../contract/load.ts';
import type { StatusResponse, TokenRequest, TokenResponse } from '../contract/types.ts';
import { minimalBody, type Body } from '../arbitraries/requests.ts';
import { identityExtremes } from '../arbitraries/identity.ts';
import { once, type RunContext } from '../engine/context.ts';
import { exchange, type AuthMode, type Exchange } from '../engine/exchange.ts';
import { describeAnswer, isSuccess } from '../checks/types.ts';
import { requestCase, observe, type Case, type CaseResult } from './model.ts';
import { runFlowChecks } from '../checks/flow/registry.ts';
import { expectedOverall, readBackFindings } from '../checks/flow/manual-outcome.ts';
import { RULE } from '../contract/rulings.ts';

// Judged by the registered flow checks (src/checks/flow); re-exported for the flows that use them.
export { expectedOverall, readBackFindings };

export interface DummyVerification {
  scanRef: string;
  body: TokenRequest;
  response: TokenResponse;
  /** The token creation, for reports to show and replay. */
  exchange: Exchange;
}

/** The first value of the dummy field's enum: the dummy status the contract documents first. */
export function dummyStatuses(contract: Contract): string[] {
  const op = contract.operations.createToken;
  const field = op.fields.find((f) => f.name === op.dummy?.field);
  return (field?.schema.enum ?? []).filter((v: unknown) => typeof v === 'string');
}

/** Creates a dummy verification; a string explains why it could not. */
export async function createDummy(ctx: RunContext, options: { status?: string; extra?: Body; auth?: AuthMode } = {}): Promise<DummyVerification | string> {
  const op = ctx.contract.operations.createToken;
  const dummyField = op.dummy!.field;
  const body = { ...minimalBody(op), [FIELD.externalRef]: `ivs-${randomUUID().slice(0, 8)}`, [dummyField]: options.status ?? dummyStatuses(ctx.contract)[0], ...options.extra } as TokenRequest;
  const ex = await exchange(ctx, { op, body, auth: options.auth });
  if (!ex.answer) return `could not create a dummy verification: ${ex.transient}`;
  const json = ex.answer.json as TokenResponse | undefined;
  if (!isSuccess(ex.answer) || typeof json?.scanRef !== 'string') return `could not create a dummy verification: ${describeAnswer(ex.answer)}`;
  return { scanRef: json.scanRef, body, response: json, exchange: ex };
}

/** One dummy verification per run and key pair, shared by cases that only need "some" scanRef. */
export function sharedDummy(ctx: RunContext, auth: AuthMode = 'valid'): Promise<DummyVerification | string> {
  return once(ctx, `dummy:${String(auth)}`, () => createDummy(ctx, { auth }));
}

export async function sharedDummyScanRef(ctx: RunContext): Promise<Body | string> {
  const dummy = await sharedDummy(ctx);
  return typeof dummy === 'string' ? dummy : { [FIELD.verificationRef]: dummy.scanRef };
}

/** A valid add-dummy-status body for a verification: the first documented pair. */
function statusBody(op: Operation, scanRef: string, face?: string, document?: string): Body {
  const [faceField, documentField] = Object.keys(op.outcome!.approvedWhen);
  return { ...minimalBody(op, { [FIELD.verificationRef]: scanRef }), ...(face ? { [faceField]: face } : {}), ...(document ? { [documentField]: document } : {}) };
}

/** D1: the scanRef must name a dummy verification of the same API key; anything else is BAD_VALUE. */
export function scanRefOwnershipCases(suite: string, contract: Contract): Case[] {
  const op = contract.operations.addDummyStatus;
  const token = contract.operations.createToken;
  const field = FIELD.verificationRef;
  const rule = op.fields.find((f) => f.name === field)!.rule;
  const expect = (reason: string) => ({ kind: 'reject' as const, identifier: contract.violations.default, rule, field, constraint: 'reference', reason, identifierRule: rule });
  const base = { suite, check: 'rejects-invalid', endpoint: op.endpoint, field, rule };
  return [
    requestCase({ ...base, name: `${suite} › scanRef unknown`, constraint: 'unknown', expect: expect('no verification has this scanRef'), probe: { op, body: statusBody(op, randomUUID()) } }),
    requestCase({
      ...base,
      name: `${suite} › scanRef of a dummy verification sent as a list`,
      constraint: 'type-list',
      // D1: a string; the table's "List" is a slip. A list holding a real scanRef breaks only that.
      expect: expect('scanRef must be a string, not a list'),
      probe: async (ctx) => {
        const dummy = await sharedDummy(ctx);
        return typeof dummy === 'string' ? dummy : { op, body: { ...statusBody(op, dummy.scanRef), [field]: [dummy.scanRef] } };
      },
    }),
    requestCase({
      ...base,
      name: `${suite} › scanRef of a verification without dummyStatus`,
      constraint: 'not-dummy',
      expect: expect('the verification was not created with dummyStatus'),
      probe: async (ctx) => {
        const ex = await exchange(ctx, { op: token, body: minimalBody(token) });
        const scanRef = fieldOf(ex.answer?.json, 'verificationRef');
        return typeof scanRef === 'string' ? { op, body: statusBody(op, scanRef) } : `could not create a plain token: ${ex.transient ?? describeAnswer(ex.answer!)}`;
      },
    }),
    requestCase({
      ...base,
      name: `${suite} › scanRef of another API key`,
      constraint: 'other-key',
      expect: expect('the verification belongs to another API key'),
      probe: async (ctx) => {
        if (!ctx.otherCredentials) return 'no second key pair given (--api-key-2/--api-secret-2)';
        const other = await sharedDummy(ctx, 'other');
        return typeof other === 'string' ? other : { op, body: statusBody(op, other.scanRef) };
      },
    }),
    ...scanRefNearMissCases(suite, contract),
  ];
}

/**
 * Near misses of a server-issued reference (x-ivs-issued, T20): the real scanRef with its case
 * flipped, padded with whitespace, a character dropped, added or replaced, or a prefix. An issued
 * identifier is compared exactly, so each names no verification: D1's unknown scanRef, never the
 * real one (a server that folds case, trims or matches prefixes resolves it).
 */
export const NEAR_MISSES: Record<string, (ref: string) => string> = {
  'case-flipped': (ref) => (/[a-zA-Z]/.test(ref) ? [...ref].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('') : `${ref.slice(0, -1)}${ref.endsWith('0') ? '1' : '0'}`),
  'leading-space': (ref) => ` ${ref}`,
  'trailing-space': (ref) => `${ref} `,
  'surrounding-whitespace': (ref) => `\t${ref}\n`,
  'last-character-dropped': (ref) => ref.slice(0, -1),
  'character-appended': (ref) => `${ref}0`,
  'last-character-replaced': (ref) => `${ref.slice(0, -1)}${ref.endsWith('0') ? '1' : '0'}`,
  prefix: (ref) => ref.slice(0, Math.ceil(ref.length / 2)),
};

/** D1 for every near miss of the shared dummy's scanRef: refused as unknown (BAD_VALUE). */
export function scanRefNearMissCases(suite: string, contract: Contract): Case[] {
  const op = contract.operations.addDummyStatus;
  const field = FIELD.verificationRef;
  const rule = op.fields.find((f) => f.name === field)!.rule;
  return Object.entries(NEAR_MISSES).map(([name, nearMiss]) =>
    requestCase({
      suite,
      check: 'rejects-invalid',
      endpoint: op.endpoint,
      field,
      rule,
      name: `${suite} › scanRef of a dummy verification, ${name}`,
      constraint: `near-miss-${name}`,
      expect: { kind: 'reject' as const, identifier: contract.violations.default, rule, field, constraint: 'reference', reason: `a near miss (${name}) of an issued scanRef names no verification`, identifierRule: rule },
      probe: async (ctx) => {
        const dummy = await sharedDummy(ctx);
        return typeof dummy === 'string' ? dummy : { op, body: statusBody(op, nearMiss(dummy.scanRef)) };
      },
    }),
  );
}

/** The pairs whose outcome is read back: the approving pair, and pairs failing on each side. */
export function outcomePairs(contract: Contract): [string, string][] {
  const outcome = contract.operations.addDummyStatus.outcome!;
  const [faceField, documentField] = Object.keys(outcome.approvedWhen);
  const faces: string[] = contract.operations.addDummyStatus.fields.find((f) => f.name === faceField)!.schema.enum;
  const documents: string[] = contract.operations.addDummyStatus.fields.find((f) => f.name === documentField)!.schema.enum;
  const okFace = outcome.approvedWhen[faceField];
  const okDocument = outcome.approvedWhen[documentField];
  const badFace = faces.find((f) => f !== okFace)!;
  const badDocument = documents.find((d) => d !== okDocument && d.includes('ERROR')) ?? documents.find((d) => d !== okDocument)!;
  return [
    [okFace, okDocument],
    [okFace, badDocument],
    [badFace, okDocument],
  ];
}

/** D3 via the status read-back (F1): manual statuses and overall outcome after add-dummy-status. */
export function outcomeReadBackCases(suite: string, contract: Contract): Case[] {
  return outcomePairs(contract).map((pair) => reviewsReadBackCase(suite, contract, [pair], `${pair.join(' + ')} read back`, 'outcome'));
}

/**
 * D3 after a second review of the same verification: each accepted add-dummy-status makes the
 * statuses the given ones (W1 names one webhook per review), so the read-back follows the LAST pair,
 * not the first (a server that decides the outcome once keeps the first).
 */
export function secondReviewReadBackCase(suite: string, contract: Contract): Case {
  const [approving, failing] = outcomePairs(contract);
  return reviewsReadBackCase(suite, contract, [failing, approving], `${failing.join(' + ')}, then ${approving.join(' + ')} read back`, 'outcome-second-review');
}

/** A fresh dummy reviewed with each pair in turn, then read back: the statuses must be the last pair's (flow check manual-outcome). */
function reviewsReadBackCase(suite: string, contract: Contract, reviews: [string, string][], title: string, constraint: string): Case {
  const op = contract.operations.addDummyStatus;
  const status = contract.operations.getStatus;
  const [face, document] = reviews[reviews.length - 1];
  return {
    suite,
    name: `${suite} › ${title}`,
    check: 'manual-outcome',
    endpoint: status.endpoint,
    field: FIELD.readBackStatus,
    constraint,
    rule: op.outcome!.rule,
    async run(ctx: RunContext): Promise<CaseResult> {
      const unavailable = await ctx.endpointUnavailable?.(status);
      if (unavailable) return { observations: [], inconclusive: unavailable };
      const dummy = await createDummy(ctx);
      if (typeof dummy === 'string') return { observations: [], inconclusive: dummy };
      for (const pair of reviews) {
        const added = await exchange(ctx, { op, body: statusBody(op, dummy.scanRef, ...pair) });
        const addResult = observe(ctx, added, { kind: 'accept', rule: op.successStatuses.rule }, {});
        if (addResult.inconclusive || addResult.observations.length) return addResult;
      }
      const read = await exchange(ctx, { op: status, body: { [FIELD.verificationRef]: dummy.scanRef } });
      const readResult = observe(ctx, read, { kind: 'accept', rule: RULE.readBack }, {});
      if (readResult.inconclusive || readResult.observations.length) return readResult;
      const json = read.answer!.json as StatusResponse & Record<string, unknown>;
      // F1 promises status, scanRef and clientId; the manual statuses are compared when present.
      const findings = runFlowChecks({ contract, given: { scanRef: dummy.scanRef, face, document }, readBack: json }, ['manual-outcome']);
      return { observations: findings.map((finding) => ({ finding, exchange: read })) };
    },
  };
}

/**
 * The read-back of scanRefs that name no readable verification: one no verification has, and a
 * plain token's (not a dummy). F1 names no refusal for either, so only "never a 5xx" (R7).
 */
export function unknownReadBackCases(suite: string, contract: Contract): Case[] {
  const op = contract.operations.getStatus;
  const token = contract.operations.createToken;
  const base = { suite, check: 'no-server-error', endpoint: op.endpoint, field: FIELD.verificationRef, constraint: 'robustness', rule: RULE.noServerError, checks: ['no-server-error'] };
  const expect = { kind: 'reject' as const, rule: RULE.noServerError, reason: 'no verdict asserted (F1 names no refusal)' };
  return [
    requestCase({ ...base, name: `${suite} › read back an unknown scanRef`, expect, probe: { op, body: { [FIELD.verificationRef]: randomUUID() } } }),
    requestCase({
      ...base,
      name: `${suite} › read back a plain token's scanRef`,
      expect,
      probe: async (ctx) => {
        const ex = await exchange(ctx, { op: token, body: minimalBody(token) });
        const scanRef = fieldOf(ex.answer?.json, 'verificationRef');
        return typeof scanRef === 'string' ? { op, body: { [FIELD.verificationRef]: scanRef } } : `could not create a plain token: ${ex.transient ?? describeAnswer(ex.answer!)}`;
      },
    }),
  ];
}

/** F1 + W3: a fresh dummy verification reads back with its dummy status, scanRef and clientId. */
export function autoReadBackCases(suite: string, contract: Contract): Case[] {
  const status = contract.operations.getStatus;
  return dummyStatuses(contract).map((dummyStatus) => ({
    suite,
    name: `${suite} › dummy ${dummyStatus} read back`,
    check: 'auto-outcome',
    endpoint: status.endpoint,
    field: FIELD.readBackStatus,
    constraint: 'auto-read-back',
    rule: RULE.readBack,
    async run(ctx: RunContext): Promise<CaseResult> {
      const unavailable = await ctx.endpointUnavailable?.(status);
      if (unavailable) return { observations: [], inconclusive: unavailable };
      // The first two statuses carry echoed identity fields at their limits (truncation, re-typing).
      const variant = (['numeric', 'non-ascii'] as const)[dummyStatuses(contract).indexOf(dummyStatus)];
      const extra = variant ? identityExtremes(contract, contract.operations.createToken, variant) : {};
      const dummy = await createDummy(ctx, { status: dummyStatus, extra });
      if (typeof dummy === 'string') return { observations: [], inconclusive: dummy };
      const read = await exchange(ctx, { op: status, body: { [FIELD.verificationRef]: dummy.scanRef } });
      const result = observe(ctx, read, { kind: 'accept', rule: RULE.readBack }, {});
      if (result.inconclusive || result.observations.length) return result;
      const json = read.answer!.json as StatusResponse & Record<string, unknown>;
      const findings = runFlowChecks({ contract, given: { scanRef: dummy.scanRef, dummyStatus, clientId: dummy.body.clientId }, readBack: json }, ['auto-outcome']);
      return { observations: findings.map((finding) => ({ finding, exchange: read })) };
    },
  }));
}
