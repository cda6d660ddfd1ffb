// The reference API: routes each request through the stages (route → method → auth → rate limit →
// body → environment gating → validation) and runs the operation's flow (token, add-dummy-status,
// status read-back), letting a mutant or alternates bend each stage.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FIELD } from '../contract/fields.ts';
import { identifierFor, type Contract, type Operation } from '../contract/load.ts';
import type { StatusResponse } from '../contract/types.ts';
import { oracleFor, type Oracle, type Violation } from '../contract/oracle.ts';
import { signBody } from '../webhooks/signature.ts';
import type { ErrorReply, MutantRuntime, WebhookDraft } from './stages.ts';
import { mayBeGated } from '../checks/latitude.ts';
import type { Verification, Settings, Body } from './types.ts';
import { INTERNAL_ERROR, ApiError, type Reply, INTERNAL_REPLY, PLAIN_WIRE, writeReply } from './reply.ts';
import { MAX_BODY_BYTES, pathOf, readBody, decodeUtf8, parseJson, isPlainObject, stringOrNull, isDummyCall } from './request.ts';
import { parseBasicAuth, matchCredential, RateLimiter } from './auth.ts';
import { VerificationStore, newVerification, outcomeOf, statusesOf } from './verifications.ts';
import { preferredSuccessStatus, tokenResponse, webhookPayload } from './payloads.ts';
import { WebhookSender } from './webhook-sender.ts';

// Seed texts the contract does not carry as data.
/** Seed 003, the message of a non-dummy token. */
const TOKEN_MESSAGE = 'Token created successfully';

/** ID-DUM, the refusal message of a dummy call outside development (used unless the contract names one). */
const REFUSAL_MESSAGE = 'This endpoint is not available for TESTING/PRODUCTION partners.';

/** Not an identifier of the contract: unknown paths are left open by the rulings. */
const NOT_FOUND = 'NOT_FOUND';

/** ID-ERR2: a body that is not valid UTF-8. */
const ENCODING_ERROR = 'ENCODING_ERROR';

type Handler = (op: Operation, body: Body, apiKey: string) => Reply;

export class ReferenceApi {
  readonly store = new VerificationStore();
  private readonly oracle: Oracle;
  private readonly limiter: RateLimiter;
  private readonly routes: Map<string, Operation>;
  private readonly handlers: Record<string, Handler> = {
    createToken: (op, body, apiKey) => this.createToken(op, body, apiKey),
    addDummyStatus: (op, body, apiKey) => this.addDummyStatus(op, body, apiKey),
    getStatus: (op, body, apiKey) => this.getStatus(op, body, apiKey),
  };

  constructor(
    private readonly contract: Contract,
    private readonly settings: Settings,
    private readonly mutant: MutantRuntime,
    private readonly webhooks: WebhookSender,
  ) {
    this.oracle = oracleFor(contract);
    this.limiter = new RateLimiter(settings.rateLimit.max, settings.rateLimit.windowMs);
    // Only operations the reference implements are routed; anything else is an unknown path.
    this.routes = new Map(Object.values(contract.operations).filter((op) => op.operationId in this.handlers).map((op) => [op.path, op]));
  }

  /** Answers one request; never throws, never leaves it unanswered. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = await this.replyTo(req);
    writeReply(res, reply, this.mutant.apply('wire', PLAIN_WIRE, { status: reply.status }));
  }

  private async replyTo(req: IncomingMessage): Promise<Reply> {
    try {
      return await this.respond(req);
    } catch (error) {
      // An unexpected exception is a bug (R7 says it must never happen); it still gets the R1 envelope.
      const refusal = error instanceof ApiError ? error : new ApiError(INTERNAL_ERROR, 'Internal server error.', { stage: 'internal' }, 500);
      try {
        return this.errorReply(refusal);
      } catch {
        return INTERNAL_REPLY;
      }
    }
  }

  private async respond(req: IncomingMessage): Promise<Reply> {
    const op = this.route(req.url);
    if (req.method !== op.method) {
      throw new ApiError(identifierFor(this.contract, 'method'), `Method ${req.method} is not allowed; use ${op.method}.`, { stage: 'method', operationId: op.operationId, method: req.method });
    }
    const apiKey = this.authenticate(req.headers.authorization, op.operationId, req);
    if (!this.limiter.take(apiKey)) {
      throw new ApiError(identifierFor(this.contract, 'rate'), 'Request limit reached for this API key.', { stage: 'rate', operationId: op.operationId });
    }
    const body = await this.readJsonObject(req, op);
    this.gate(op, body);
    this.refuseDeniedFeatures(op, body);
    this.validate(op, body);
    return this.handlers[op.operationId](op, body, apiKey);
  }

  // --- transport stages -------------------------------------------------------------------------

  private route(url: string | undefined): Operation {
    const op = this.routes.get(pathOf(url));
    if (!op) throw new ApiError(NOT_FOUND, 'Not found.', { stage: 'path' }, 404);
    return op;
  }

  private authenticate(authorization: string | undefined, operationId: string, req?: IncomingMessage): string {
    const credentials = this.settings.credentials;
    const parsed = parseBasicAuth(authorization);
    const outcome = this.mutant.apply('auth', parsed ? matchCredential(parsed, credentials) : { ok: false }, { authorization, parsed, credentials, url: req?.url, headers: req?.headers });
    // The message never repeats what was sent: it may contain a secret.
    if (!outcome.ok) throw new ApiError(identifierFor(this.contract, 'auth'), 'Invalid authorization credentials.', { stage: 'auth', operationId });
    return outcome.apiKey;
  }

  private async readJsonObject(req: IncomingMessage, op: Operation): Promise<Body> {
    const context = { operationId: op.operationId };
    const bytes = await readBody(req, MAX_BODY_BYTES);
    if (!bytes) throw new ApiError(this.contract.violations.default, 'The request body exceeds 1 MiB.', { stage: 'size', ...context });
    const text = decodeUtf8(bytes);
    if (text === undefined) throw new ApiError(ENCODING_ERROR, 'The request body is not valid UTF-8.', { stage: 'encoding', ...context });
    const jsonError = identifierFor(this.contract, 'json');
    const parsed = parseJson(text);
    if (!parsed.ok) throw new ApiError(jsonError, parsed.reason, { stage: 'json', ...context, raw: text });
    const value = this.mutant.apply('body', parsed.value, { ...context, contentType: req.headers['content-type'] });
    if (!isPlainObject(value)) throw new ApiError(jsonError, 'The request body must be a JSON object.', { stage: 'not-object', ...context });
    return value;
  }

  /** T21, D4: dummy calls work in the environments the contract allows them in. */
  private gate(op: Operation, body: Body): void {
    const dummy = isDummyCall(op, body);
    const refused = this.mutant.apply('gating', dummy && !this.allowsDummyCalls(op), { operationId: op.operationId, dummy, body });
    if (!refused) return;
    const environment = this.contract.environments[this.settings.environment] as { refusal?: string; message?: string } | undefined;
    throw new ApiError(environment?.refusal ?? identifierFor(this.contract, 'environment'), environment?.message ?? REFUSAL_MESSAGE, {
      stage: 'environment',
      operationId: op.operationId,
    });
  }

  /** An account refuses the gated features it has not enabled (permission or contract), with a feature-refusal identifier. */
  private refuseDeniedFeatures(op: Operation, body: Body): void {
    const denied = op.fields.find(
      (f) => f.gated && f.gated !== 'environment' && this.settings.deniedFeatures.includes(f.name) && body[f.name] != null && mayBeGated(body[f.name], f.gatedValues),
    );
    if (!denied) return;
    const identifier = Object.entries(this.contract.errors).find(([, e]) => e.featureRefusal)?.[0] ?? identifierFor(this.contract, 'environment');
    throw new ApiError(identifier, `${denied.name} is not enabled for this partner.`, { stage: 'environment', operationId: op.operationId });
  }

  private allowsDummyCalls(op: Operation): boolean {
    const environment = this.settings.environment;
    if (op.environments) return op.environments.allowed.includes(environment);
    return this.contract.environments[environment]?.dummyCalls === true;
  }

  /** The oracle decides; the first violation names the identifier (R8 leaves the choice open). */
  private validate(op: Operation, body: Body): void {
    const verdict = this.mutant.apply('verdict', this.oracle.judge(op.operationId, body), { operationId: op.operationId, body });
    if (verdict.valid) return;
    const violation: Violation | undefined = 'violations' in verdict ? verdict.violations[0] : undefined;
    throw new ApiError(violation?.identifier ?? this.contract.violations.default, violation?.message ?? 'The request is not valid.', {
      stage: 'validation',
      operationId: op.operationId,
      violation,
      body,
    });
  }

  // --- operations -------------------------------------------------------------------------------

  private createToken(op: Operation, body: Body, apiKey: string): Reply {
    const dummyStatus = op.dummy ? stringOrNull(body[op.dummy.field]) : null;
    const fresh = newVerification(this.contract, body, apiKey, dummyStatus);
    fresh.scanRef = this.mutant.apply(FIELD.verificationRef, fresh.scanRef, { operationId: op.operationId });
    const verification = this.store.add(fresh);
    const message = dummyStatus !== null && op.dummy ? op.dummy.message : TOKEN_MESSAGE;
    const response = this.mutant.apply('tokenResponse', tokenResponse(op, body, verification, message), { request: body, dummy: dummyStatus !== null });
    if (dummyStatus !== null) this.sendWebhook(verification, 'auto'); // W1
    return this.success(op, response);
  }

  /** D1, D3, W4: a dummy verification of the same key gets its manual result and another webhook. */
  private addDummyStatus(op: Operation, body: Body, apiKey: string): Reply {
    const verification = this.findVerification(op, body[FIELD.verificationRef], apiKey, true);
    verification.manualFace = stringOrNull(body.manualFaceMatchResult);
    verification.manualDocument = stringOrNull(body.manualDocumentValidity);
    verification.overall = this.mutant.apply('outcome', outcomeOf(op, body), { request: body, verification });
    this.sendWebhook(verification, 'manual');
    return this.success(op, this.mutant.apply('successBody', {}, { operationId: op.operationId }));
  }

  /** F1: the verification's statuses, for a verification of the same key. */
  private getStatus(op: Operation, body: Body, apiKey: string): Reply {
    const v = this.findVerification(op, body[FIELD.verificationRef], apiKey, false);
    const { overall, ...statuses } = statusesOf(v);
    const read: StatusResponse = { status: overall as StatusResponse['status'], scanRef: v.scanRef, clientId: v.clientId, ...statuses };
    return this.success(op, this.mutant.apply('successBody', read, { operationId: op.operationId }));
  }

  /** The verification `scanRef` names among those of `apiKey` (only dummy ones when `dummyOnly`, D1). */
  private findVerification(op: Operation, scanRef: unknown, apiKey: string, dummyOnly: boolean): Verification {
    const key = typeof scanRef === 'string' ? scanRef : '';
    const own = this.store.get(apiKey, key);
    const eligible = own && (!dummyOnly || own.dummyStatus !== null) ? own : undefined;
    const found = this.mutant.apply('lookup', eligible, { operationId: op.operationId, scanRef: key, own, anyKey: this.store.find(key) });
    if (found) return found;
    throw new ApiError(this.contract.violations.default, `scanRef does not name a ${dummyOnly ? 'dummy ' : ''}verification of this API key.`, {
      stage: 'lookup',
      operationId: op.operationId,
    });
  }

  private success(op: Operation, body: unknown): Reply {
    const status = this.mutant.apply('success', preferredSuccessStatus(op), { operationId: op.operationId });
    return { status, body, contentType: 'application/json' };
  }

  // --- errors and webhooks ----------------------------------------------------------------------

  private errorReply(error: ApiError): Reply {
    const reply: ErrorReply = {
      status: error.status ?? this.contract.errors[error.identifier]?.statuses[0] ?? 400,
      contentType: 'application/json',
      body: { identifier: error.identifier, message: error.message },
    };
    const adjusted = this.mutant.apply('error', reply, error.context);
    const headers = error.context.stage === 'method' ? { Allow: 'POST' } : undefined;
    return { ...adjusted, headers };
  }

  /** Composes the result webhook now (a snapshot of the verification) and queues its delivery. */
  private sendWebhook(verification: Verification, kind: 'auto' | 'manual'): void {
    if (!verification.callbackUrl) return;
    const signingKey = this.settings.signingKey ?? this.secretOf(verification.apiKey);
    const draft = this.mutant.apply(
      'webhook',
      { kind, payload: webhookPayload(this.contract, verification, kind), sign: (raw) => signBody(raw, signingKey) } satisfies WebhookDraft,
      { verification, signingKey },
    );
    if (!draft) return;
    const raw = Buffer.from(JSON.stringify(draft.payload, null, draft.indent), 'utf8');
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const signature = draft.sign(raw);
    if (signature !== undefined) headers[this.contract.webhook.signatureHeader] = signature;
    this.webhooks.enqueue(verification.scanRef, draft.url ?? verification.callbackUrl, raw, headers, draft.delayMs);
    if (draft.repeatAfterMs !== undefined) {
      // A re-sent result is the same bytes, unless the draft says what the resend adds (R10).
      const again = draft.repeatExtra ? Buffer.from(JSON.stringify({ ...draft.payload, ...draft.repeatExtra }, null, draft.indent), 'utf8') : raw;
      const againSignature = draft.sign(again);
      const againHeaders = { ...headers, ...(againSignature !== undefined ? { [this.contract.webhook.signatureHeader]: againSignature } : {}) };
      this.webhooks.enqueue(verification.scanRef, draft.url ?? verification.callbackUrl, again, againHeaders, draft.repeatAfterMs);
    }
  }

  private secretOf(apiKey: string): string {
    return this.settings.credentials.find((c) => c.key === apiKey)?.secret ?? '';
  }
}
