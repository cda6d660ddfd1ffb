// The embedded reference implementation of the API, on loopback. It is faithful by construction:
// routes, validation (the oracle), identifiers, statuses, defaults, environment gating, the dummy
// message and the D3 outcome all come from the loaded contract. A mutant (mutants.ts) may bend one
// behaviour at a named stage, so the suite can prove it notices.
//
// Every request goes through the same stages, in this order:
//   route → method → auth → rate limit → body (size, UTF-8, JSON object) → environment gating
//   → validation (oracle) → business rules of the operation.
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '../engine/loopback.ts';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { identifierFor, loadContract, type Contract, type JsonSchema, type Operation } from '../contract/load.ts';
import { oracleFor, type Oracle, type Violation } from '../contract/oracle.ts';
import { signBody } from '../webhooks/signature.ts';
import { mutantRuntime, type ErrorContext, type ErrorReply, type MutantRuntime, type WebhookDraft } from './mutants.ts';
import type { TokenResponse, WebhookPayload } from '../contract/types.ts';

export type Environment = 'development' | 'testing' | 'production';

export interface Credential {
  key: string;
  secret: string;
}

export interface ReferenceOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Default development. */
  environment?: Environment;
  /** Default markid. */
  profile?: string;
  /** Default test-key/test-secret and other-key/other-secret. */
  credentials?: Credential[];
  /** Webhook signing key; default the API secret of the key that created the verification (W2). */
  signingKey?: string;
  /** Default 10000 requests per hour per API key (api-facts §2.3). */
  rateLimit?: { max: number; windowMs: number };
  /** Gated fields (x-ivs-gated) this account has not enabled, e.g. ['callbackUrl']: refused when sent. */
  deniedFeatures?: string[];
  /** A mutant id from the catalogue; undefined = faithful. */
  mutant?: string;
  /** Default 3. */
  webhookAttempts?: number;
  /** Default 500. */
  webhookRetryDelayMs?: number;
}

/** One verification, as the reference keeps it (isolated per API key). */
export interface Verification {
  scanRef: string;
  apiKey: string;
  clientId: string;
  externalRef: string | null;
  callbackUrl: string | null;
  /** The auto status the token was created with; null for a non-dummy token. */
  dummyStatus: string | null;
  autoFace: string | null;
  autoDocument: string | null;
  manualFace: string | null;
  manualDocument: string | null;
  overall: string;
  /** Unix seconds. */
  startTime: number;
  finishTime: number | null;
}

export interface ReferenceServer {
  url: string;
  environment: Environment;
  /** Webhook deliveries answered 200. */
  readonly webhooksSent: number;
  /** Webhook deliveries that failed every attempt. */
  readonly webhooksFailed: number;
  /** A snapshot of the verifications created with `apiKey` (for tests). */
  verifications(apiKey: string): Verification[];
  close(): Promise<void>;
}

interface Settings {
  host: string;
  port: number;
  environment: Environment;
  profile: string;
  credentials: Credential[];
  signingKey?: string;
  rateLimit: { max: number; windowMs: number };
  deniedFeatures: string[];
  mutant?: string;
  webhookAttempts: number;
  webhookRetryDelayMs: number;
}

const DEFAULT_CREDENTIALS: Credential[] = [
  { key: 'test-key', secret: 'test-secret' },
  { key: 'other-key', secret: 'other-secret' },
];
/** api-facts §2.3: the default quota is 10000 requests per hour. */
const DEFAULT_RATE_LIMIT = { max: 10_000, windowMs: 3_600_000 };
const MAX_BODY_BYTES = 1024 * 1024;
/** Deeper JSON cannot be re-serialised safely (JSON.stringify recurses); no real request nests this deep. */
const MAX_JSON_DEPTH = 64;
/** Old entries are forgotten past this many verifications per key, so a long run cannot exhaust memory. */
const MAX_VERIFICATIONS_PER_KEY = 100_000;
const WEBHOOK_ATTEMPT_TIMEOUT_MS = 5_000;

// Seed texts the contract does not carry as data.
/** Seed 003, the message of a non-dummy token. */
const TOKEN_MESSAGE = 'Token created successfully';
/** ID-DUM, the refusal message of a dummy call outside development (used unless the contract names one). */
const REFUSAL_MESSAGE = 'This endpoint is not available for TESTING/PRODUCTION partners.';
/** A non-dummy token starts a verification that waits for the client (vocabulary: ACTIVE). */
const NON_DUMMY_OVERALL = 'ACTIVE';
/** T17: the digit string is exactly 8 decimal digits. */
const DIGIT_STRING_LENGTH = 8;
/** What a dummy DENIED verification reports as its failed automatic document check (nothing documents it). */
const DENIED_AUTO_DOCUMENT = 'DOC_NOT_FOUND';
/** A dummy session ran on no device; PC is the first documented platform. */
const WEBHOOK_PLATFORM = 'PC';
/** Not an identifier of the contract: unknown paths are left open by the rulings. */
const NOT_FOUND = 'NOT_FOUND';
/** ID-ERR2: a body that is not valid UTF-8. */
const ENCODING_ERROR = 'ENCODING_ERROR';
const INTERNAL_ERROR = 'INTERNAL_ERROR';

export async function startReference(options: ReferenceOptions = {}): Promise<ReferenceServer> {
  const settings = settle(options);
  const contract = await loadContract(settings.profile);
  const mutant = mutantRuntime(settings.mutant, { contract, environment: settings.environment });
  const webhooks = new WebhookSender(settings.webhookAttempts, settings.webhookRetryDelayMs);
  const api = new ReferenceApi(contract, settings, mutant, webhooks);
  const server = http.createServer((req, res) => void api.serve(req, res));
  server.on('clientError', (_: Error, socket: Duplex) => answerMalformedHttp(socket, contract.violations.default));
  await listen(server, settings.host, settings.port);
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;

  return {
    url: `http://${host}:${port}`,
    environment: settings.environment,
    get webhooksSent() {
      return webhooks.sent;
    },
    get webhooksFailed() {
      return webhooks.failed;
    },
    verifications: (apiKey) => api.store.list(apiKey),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await webhooks.close();
    },
  };
}

function settle(options: ReferenceOptions): Settings {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    environment: options.environment ?? 'development',
    profile: options.profile ?? 'markid',
    credentials: options.credentials ?? DEFAULT_CREDENTIALS,
    signingKey: options.signingKey,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    deniedFeatures: options.deniedFeatures ?? [],
    mutant: options.mutant,
    webhookAttempts: Math.max(1, options.webhookAttempts ?? 3),
    webhookRetryDelayMs: options.webhookRetryDelayMs ?? 500,
  };
}

/** A refusal: becomes the standard error envelope (R1) with the identifier's status (R2). */
class ApiError extends Error {
  constructor(
    readonly identifier: string,
    message: string,
    readonly context: ErrorContext,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  body: unknown;
  contentType: string;
  headers?: Record<string, string>;
}

const INTERNAL_REPLY: Reply = { status: 500, contentType: 'application/json', body: { identifier: INTERNAL_ERROR, message: 'Internal server error.' } };

type Body = Record<string, unknown>;
type Handler = (op: Operation, body: Body, apiKey: string) => Reply;

class ReferenceApi {
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
    writeReply(res, await this.replyTo(req));
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
      throw new ApiError(identifierFor(this.contract, 'method'), `Method ${req.method} is not allowed; use ${op.method}.`, { stage: 'method', operationId: op.operationId });
    }
    const apiKey = this.authenticate(req.headers.authorization);
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

  private authenticate(authorization: string | undefined): string {
    const credentials = this.settings.credentials;
    const parsed = parseBasicAuth(authorization);
    const outcome = this.mutant.apply('auth', parsed ? matchCredential(parsed, credentials) : { ok: false }, { authorization, parsed, credentials });
    // The message never repeats what was sent: it may contain a secret.
    if (!outcome.ok) throw new ApiError(identifierFor(this.contract, 'auth'), 'Invalid authorization credentials.', { stage: 'auth' });
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
    if (!parsed.ok) throw new ApiError(jsonError, parsed.reason, { stage: 'json', ...context });
    const value = this.mutant.apply('body', parsed.value, context);
    if (!isPlainObject(value)) throw new ApiError(jsonError, 'The request body must be a JSON object.', { stage: 'not-object', ...context });
    return value;
  }

  /** T21, D4: dummy calls work in the environments the contract allows them in. */
  private gate(op: Operation, body: Body): void {
    const dummy = isDummyCall(op, body);
    const refused = this.mutant.apply('gating', dummy && !this.allowsDummyCalls(op), { operationId: op.operationId, dummy });
    if (!refused) return;
    const environment = this.contract.environments[this.settings.environment] as { refusal?: string; message?: string } | undefined;
    throw new ApiError(environment?.refusal ?? identifierFor(this.contract, 'environment'), environment?.message ?? REFUSAL_MESSAGE, {
      stage: 'environment',
      operationId: op.operationId,
    });
  }

  /** An account refuses the gated features it has not enabled (permission or contract), with a feature-refusal identifier. */
  private refuseDeniedFeatures(op: Operation, body: Body): void {
    const denied = op.fields.find((f) => f.gated && f.gated !== 'environment' && this.settings.deniedFeatures.includes(f.name) && body[f.name] != null);
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
    const verification = this.store.add(newVerification(this.contract, body, apiKey, dummyStatus));
    const message = dummyStatus !== null && op.dummy ? op.dummy.message : TOKEN_MESSAGE;
    const response = this.mutant.apply('tokenResponse', tokenResponse(op, body, verification, message), { request: body, dummy: dummyStatus !== null });
    if (dummyStatus !== null) this.sendWebhook(verification, 'auto'); // W1
    return this.success(op, response);
  }

  /** D1, D3, W4: a dummy verification of the same key gets its manual result and another webhook. */
  private addDummyStatus(op: Operation, body: Body, apiKey: string): Reply {
    const verification = this.findVerification(op, body.scanRef, apiKey, true);
    verification.manualFace = stringOrNull(body.manualFaceMatchResult);
    verification.manualDocument = stringOrNull(body.manualDocumentValidity);
    verification.overall = this.mutant.apply('outcome', outcomeOf(op, body), { request: body, verification });
    this.sendWebhook(verification, 'manual');
    return this.success(op, {});
  }

  /** F1: the verification's statuses, for a verification of the same key. */
  private getStatus(op: Operation, body: Body, apiKey: string): Reply {
    const v = this.findVerification(op, body.scanRef, apiKey, false);
    const { overall, ...statuses } = statusesOf(v);
    return this.success(op, { status: overall, scanRef: v.scanRef, clientId: v.clientId, ...statuses });
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
    const raw = Buffer.from(JSON.stringify(draft.payload), 'utf8');
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const signature = draft.sign(raw);
    if (signature !== undefined) headers[this.contract.webhook.signatureHeader] = signature;
    this.webhooks.enqueue(verification.scanRef, draft.url ?? verification.callbackUrl, raw, headers);
  }

  private secretOf(apiKey: string): string {
    return this.settings.credentials.find((c) => c.key === apiKey)?.secret ?? '';
  }
}

// --- request reading ------------------------------------------------------------------------------

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://reference.invalid').pathname;
  } catch {
    return '';
  }
}

/** The body, or undefined when it is larger than `limit` (the rest is drained so the answer still arrives). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    // ignoreBOM keeps a byte-order mark in the text, so it is refused as JSON like any stray character.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The request body is not valid JSON.' };
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) return { ok: false, reason: `The request body nests deeper than ${MAX_JSON_DEPTH} levels.` };
  return { ok: true, value };
}

/** Iterative, so that the check itself cannot overflow the stack. */
function depthExceeds(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** D4: every call of an environment-restricted operation is a dummy call; T21: a token is one when the dummy field is set. */
function isDummyCall(op: Operation, body: Body): boolean {
  if (op.environments) return true;
  return op.dummy !== undefined && body[op.dummy.field] !== undefined && body[op.dummy.field] !== null;
}

// --- authentication ---------------------------------------------------------------------------------

/** `Basic base64(key:secret)`, parsed strictly: canonical base64, valid UTF-8, a non-empty key. */
function parseBasicAuth(header: string | undefined): { key: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header ?? '');
  if (!match || match[1].length % 4 !== 0) return undefined;
  const bytes = Buffer.from(match[1], 'base64');
  if (bytes.toString('base64') !== match[1]) return undefined;
  const text = decodeUtf8(bytes);
  const colon = text?.indexOf(':') ?? -1;
  if (text === undefined || colon < 1) return undefined;
  return { key: text.slice(0, colon), secret: text.slice(colon + 1) };
}

/** Compares against every credential in constant time, so timing reveals neither key nor secret. */
function matchCredential(parsed: { key: string; secret: string }, credentials: readonly Credential[]): { ok: true; apiKey: string } | { ok: false } {
  let apiKey: string | undefined;
  for (const credential of credentials) {
    const keyMatches = constantTimeEqual(credential.key, parsed.key);
    const secretMatches = constantTimeEqual(credential.secret, parsed.secret);
    if (keyMatches && secretMatches && apiKey === undefined) apiKey = credential.key;
  }
  return apiKey === undefined ? { ok: false } : { ok: true, apiKey };
}

function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, without leaking the length.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A fixed window per API key. */
class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  take(apiKey: string): boolean {
    const now = Date.now();
    let window = this.windows.get(apiKey);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(apiKey, window);
    }
    window.count += 1;
    return window.count <= this.max;
  }
}

// --- verifications ------------------------------------------------------------------------------------

class VerificationStore {
  private readonly byKey = new Map<string, Map<string, Verification>>();

  add(verification: Verification): Verification {
    let own = this.byKey.get(verification.apiKey);
    if (!own) this.byKey.set(verification.apiKey, (own = new Map()));
    own.set(verification.scanRef, verification);
    if (own.size > MAX_VERIFICATIONS_PER_KEY) own.delete(own.keys().next().value!);
    return verification;
  }

  get(apiKey: string, scanRef: string): Verification | undefined {
    return this.byKey.get(apiKey)?.get(scanRef);
  }

  /** The verification with this scanRef under any key (only mutants look across keys). */
  find(scanRef: string): Verification | undefined {
    for (const own of this.byKey.values()) {
      const found = own.get(scanRef);
      if (found) return found;
    }
    return undefined;
  }

  list(apiKey: string): Verification[] {
    return [...(this.byKey.get(apiKey)?.values() ?? [])].map((v) => ({ ...v }));
  }
}

function newVerification(contract: Contract, body: Body, apiKey: string, dummyStatus: string | null): Verification {
  const now = unixSeconds();
  return {
    scanRef: randomUUID(),
    apiKey,
    clientId: String(body.clientId),
    externalRef: stringOrNull(body.externalRef),
    callbackUrl: stringOrNull(body.callbackUrl),
    dummyStatus,
    ...autoChecks(contract, dummyStatus),
    manualFace: null,
    manualDocument: null,
    overall: dummyStatus ?? NON_DUMMY_OVERALL,
    startTime: now,
    finishTime: dummyStatus === null ? null : now, // a dummy verification is decided at once
  };
}

/**
 * The simulated automatic checks of a dummy verification: an approved one passed exactly the checks
 * the D3 outcome names, a denied one failed the document check, any other status ran no check.
 */
function autoChecks(contract: Contract, dummyStatus: string | null): { autoFace: string | null; autoDocument: string | null } {
  const outcome = contract.operations.addDummyStatus?.outcome;
  if (!outcome || dummyStatus === null) return { autoFace: null, autoDocument: null };
  const passedFace = outcome.approvedWhen.manualFaceMatchResult ?? null;
  if (dummyStatus === outcome.approved) return { autoFace: passedFace, autoDocument: outcome.approvedWhen.manualDocumentValidity ?? null };
  if (dummyStatus === outcome.otherwise) return { autoFace: passedFace, autoDocument: DENIED_AUTO_DOCUMENT };
  return { autoFace: null, autoDocument: null };
}

/** D3, from the contract's x-ivs-outcome: approved exactly when every named field has its named value. */
function outcomeOf(op: Operation, body: Body): string {
  if (!op.outcome) throw new Error(`the contract gives ${op.operationId} no x-ivs-outcome`);
  const approved = Object.entries(op.outcome.approvedWhen).every(([field, value]) => body[field] === value);
  return approved ? op.outcome.approved : op.outcome.otherwise;
}

// --- responses ------------------------------------------------------------------------------------------

/** R4: 201 Created where the contract allows it (the reference's choice), else the first listed status. */
function preferredSuccessStatus(op: Operation): number {
  const { statuses } = op.successStatuses;
  return statuses.includes(201) ? 201 : statuses[0];
}

/** S1, T3, R9: the token response — echoes, defaults, then the fields the server makes. */
function tokenResponse(op: Operation, body: Body, verification: Verification, message: string): TokenResponse {
  const echoed = echoAndDefaults(op, body);
  const response: TokenResponse = {
    message,
    authToken: randomAlphanumeric(lengthOf(op.responseSchema, 'authToken', 40)),
    scanRef: verification.scanRef,
    ...echoed,
    clientId: verification.clientId,
    digitString: digitStringRequested(op, body) ? randomDigits(DIGIT_STRING_LENGTH) : null,
    personScanRef: verification.clientId,
    allowedDocuments: { ALL: echoed.documents as string[] },
  };
  return response;
}

/** Every sent echo field as sent (upper-cased where the contract says so), and the default of every omitted or null one. */
function echoAndDefaults(op: Operation, body: Body): Body {
  const out: Body = {};
  for (const field of op.fields) {
    if (!field.echo) continue;
    const sent = body[field.name];
    if (sent !== undefined && sent !== null) out[field.name] = field.normalize === 'uppercase' && typeof sent === 'string' ? sent.toUpperCase() : sent;
    else if (field.default) out[field.name] = structuredClone(field.default.value);
  }
  return out;
}

/** T17: the contract marks digitString as null unless a request flag is true (x-ivs-null-unless). */
function digitStringRequested(op: Operation, body: Body): boolean {
  const flag = op.responseSchema?.properties?.digitString?.['x-ivs-null-unless'];
  return typeof flag === 'string' && body[flag] === true;
}

function lengthOf(schema: JsonSchema | undefined, property: string, fallback: number): number {
  const max = schema?.properties?.[property]?.maxLength;
  return typeof max === 'number' && max > 0 ? max : fallback;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

function randomDigits(length: number): string {
  return Array.from({ length }, () => String(randomInt(10))).join('');
}

function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function writeReply(res: ServerResponse, reply: Reply): void {
  try {
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...reply.headers,
      'Content-Type': reply.contentType,
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  } catch {
    res.destroy(); // only if the connection is already gone
  }
}

/** A request Node cannot even parse as HTTP still gets a JSON answer (R1) before the connection closes. */
function answerMalformedHttp(socket: Duplex, identifier: string): void {
  if (!socket.writable) return void socket.destroy();
  const text = JSON.stringify({ identifier, message: 'The request is not valid HTTP.' });
  socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

// --- webhooks -------------------------------------------------------------------------------------------

/** The result webhook (W3, W4, W6): nothing was captured in a dummy session, so data and files are null. */
function webhookPayload(contract: Contract, v: Verification, kind: 'auto' | 'manual'): WebhookPayload {
  const properties = contract.webhook.payloadSchema.properties ?? {};
  return {
    final: kind === 'manual',
    platform: WEBHOOK_PLATFORM,
    status: { ...statusesOf(v), suspicionReasons: [] },
    data: allNull(properties.data),
    fileUrls: allNull(properties.fileUrls),
    scanRef: v.scanRef,
    externalRef: v.externalRef,
    clientId: v.clientId,
    startTime: v.startTime,
    finishTime: v.finishTime,
    clientIp: null,
    clientIpCountry: null,
    clientLocation: null,
  };
}

/** A verification's statuses as the status read-back and the webhook both show them. */
function statusesOf(v: Verification) {
  return {
    overall: v.overall as WebhookPayload['status']['overall'],
    autoFace: v.autoFace,
    autoDocument: v.autoDocument,
    manualFace: v.manualFace,
    manualDocument: v.manualDocument,
    fraudTags: [] as string[],
    mismatchTags: [] as string[],
  };
}

/** Every documented key of an object schema, set to null. */
function allNull(schema: JsonSchema | undefined): Body {
  return Object.fromEntries(Object.keys(schema?.properties ?? {}).map((key) => [key, null]));
}

/**
 * Delivers webhooks over HTTPS, one after another per verification (the manual result never overtakes
 * the auto result), retrying a non-200 answer or a network error. Never throws; logs nothing.
 */
class WebhookSender {
  sent = 0;
  failed = 0;
  private closed = false;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly agent = new https.Agent({ keepAlive: true });

  constructor(
    private readonly attempts: number,
    private readonly retryDelayMs: number,
  ) {}

  enqueue(queue: string, url: string, raw: Buffer, headers: Record<string, string>): void {
    const next = (this.queues.get(queue) ?? Promise.resolve()).then(() => this.deliver(url, raw, headers));
    this.queues.set(queue, next);
    void next.then(() => {
      if (this.queues.get(queue) === next) this.queues.delete(queue);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await Promise.allSettled([...this.queues.values()]);
    this.agent.destroy();
  }

  private async deliver(url: string, raw: Buffer, headers: Record<string, string>): Promise<void> {
    for (let attempt = 1; attempt <= this.attempts && !this.closed; attempt++) {
      if (attempt > 1) await sleep(this.retryDelayMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
      if (!this.closed && (await this.postOnce(url, raw, headers))) {
        this.sent += 1;
        return;
      }
    }
    this.failed += 1;
  }

  /** True when the receiver answered 200. */
  private postOnce(url: string, raw: Buffer, headers: Record<string, string>): Promise<boolean> {
    return new Promise((resolve) => {
      try {
        const target = new URL(url);
        if (target.protocol !== 'https:') return resolve(false);
        const req = https.request(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'Content-Length': String(raw.length) },
            agent: this.agent,
            // W5: certificate checks are skipped only for a receiver on this machine.
            rejectUnauthorized: !isLoopback(target.hostname),
            signal: this.abort.signal,
            timeout: WEBHOOK_ATTEMPT_TIMEOUT_MS,
          },
          (res) => {
            res.on('error', () => resolve(false));
            res.on('end', () => resolve(res.statusCode === 200));
            res.resume();
          },
        );
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
        req.end(raw);
      } catch {
        resolve(false);
      }
    });
  }
}

function isLoopback(hostname: string): boolean {
  return isLoopbackHost(hostname);
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
