// The stages at which the reference server may be bent (by a mutant or an alternate), what each
// hook sees, and the shape of a mutant. The runtime that applies them is in mutants.ts.
import type { Contract } from '../contract/load.ts';
import type { Verdict, Violation } from '../contract/oracle.ts';
import type { Category } from '../findings/model.ts';
import type { Credential, Environment, Verification } from './types.ts';

export type AuthOutcome = { ok: true; apiKey: string } | { ok: false };

export interface ErrorContext {
  stage: 'path' | 'method' | 'auth' | 'rate' | 'size' | 'encoding' | 'json' | 'not-object' | 'environment' | 'validation' | 'lookup' | 'internal';
  operationId?: string;
  /** The request method (for the method stage). */
  method?: string;
  /** The violation that decided a validation error, and the body it was found in. */
  violation?: Violation;
  body?: Record<string, unknown>;
  /** The request text, at the json stage (a mutant may parse it more leniently). */
  raw?: string;
}

/** An error answer before it is written: status, Content-Type and the R1 envelope. */
export interface ErrorReply {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** A result webhook before it is serialised; `sign` gives the signature header for the raw body (undefined = no header). */
export interface WebhookDraft {
  kind: 'auto' | 'manual';
  payload: Record<string, any>;
  sign: (raw: Buffer) => string | undefined;
  /** Where it is sent: the verification's callbackUrl unless a mutant says otherwise. */
  url?: string;
  /** Sent this long after it was composed (still in order per verification). */
  delayMs?: number;
  /** Sent a second time, this long after the first delivery. */
  repeatAfterMs?: number;
  /** Keys the repeated delivery adds (a resend that is not byte-identical, so no replay filter drops it). */
  repeatExtra?: Record<string, unknown>;
  /** Serialised with this indentation (the signature still covers the bytes sent). */
  indent?: number;
}

/** How a JSON answer is put on the wire: all of these are the same JSON to a conformant client. */
export interface WireFormat {
  /** Content-Type of JSON answers (e.g. with `; charset=utf-8`). */
  jsonContentType: string;
  indent: number;
  /** Keys of objects written in reverse order. */
  reorderKeys: boolean;
  /** Transfer-Encoding: chunked instead of Content-Length. */
  chunked: boolean;
  connectionClose: boolean;
}

type Body = Record<string, unknown>;

export interface Stages {
  /** After the credentials were checked. */
  auth: { value: AuthOutcome; context: { authorization?: string; parsed?: { key: string; secret: string }; credentials: readonly Credential[]; url?: string; headers?: Record<string, string | string[] | undefined> } };
  /** The parsed JSON, before the server requires an object (a mutant may crash here). */
  body: { value: unknown; context: { operationId: string; contentType?: string } };
  /** Whether the environment refuses this call (T21, D4). */
  gating: { value: boolean; context: { operationId: string; dummy: boolean; body?: Body } };
  /** The oracle's verdict on the request. */
  verdict: { value: Verdict; context: { operationId: string; body: Body } };
  /** The verification a scanRef resolves to for this key (D1); `own` ignores the dummy requirement, `anyKey` also the key. */
  lookup: { value: Verification | undefined; context: { operationId: string; scanRef: string; own?: Verification; anyKey?: Verification } };
  /** The overall status add-dummy-status sets (D3). */
  outcome: { value: string; context: { request: Body; verification: Verification } };
  /** The token response body. */
  tokenResponse: { value: Body; context: { request: Body; dummy: boolean } };
  /** The status of a successful answer. */
  success: { value: number; context: { operationId: string } };
  /** Every error answer. */
  error: { value: ErrorReply; context: ErrorContext };
  /** Every result webhook; null = not sent. */
  webhook: { value: WebhookDraft | null; context: { verification: Verification; signingKey: string } };
  /** The body of a successful answer other than the token response (add-dummy-status, status read-back). */
  successBody: { value: Body; context: { operationId: string } };
  /** The scanRef a new verification gets. */
  scanRef: { value: string; context: { operationId: string } };
  /** How every answer is written. */
  wire: { value: WireFormat; context: { status: number } };
}
export type Stage = keyof Stages;

/** What every hook sees besides its stage's context; `state` lives as long as the server. */
export interface BaseContext {
  contract: Contract;
  environment: Environment;
  state: Record<string, unknown>;
}

export type Hook<S extends Stage> = (value: Stages[S]['value'], context: Stages[S]['context'] & BaseContext) => Stages[S]['value'];
export type Hooks = { [S in Stage]?: Hook<S> };

export interface Mutant {
  /** kebab-case */
  id: string;
  /** How a careful conformance suite classifies the symptom. */
  category: Category;
  /** The ruling it breaks. */
  rule: string;
  /** The server environment in which the suite must detect it. */
  environment: Environment;
  description: string;
  hooks: Hooks;
}

export interface MutantRuntime {
  apply<S extends Stage>(stage: S, value: Stages[S]['value'], context: Stages[S]['context']): Stages[S]['value'];
}
