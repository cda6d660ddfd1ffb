// The bodies the reference builds from the contract: the token response (S1, T3, R9, T17) and the
// result webhook (W3, W4, W6).
import { randomInt } from 'node:crypto';
import { FIELD } from '../contract/fields.ts';
import type { Contract, JsonSchema, Operation } from '../contract/load.ts';
import type { TokenResponse, WebhookPayload } from '../contract/types.ts';
import type { Verification, Body } from './types.ts';
import { statusesOf } from './verifications.ts';

/** T17: the digit string is exactly 8 decimal digits. */
const DIGIT_STRING_LENGTH = 8;

/** A dummy session ran on no device; PC is the first documented platform. */
const WEBHOOK_PLATFORM = 'PC';

/** R4: 201 Created where the contract allows it (the reference's choice), else the first listed status. */
export function preferredSuccessStatus(op: Operation): number {
  const { statuses } = op.successStatuses;
  return statuses.includes(201) ? 201 : statuses[0];
}

/** S1, T3, R9: the token response — echoes, defaults, then the fields the server makes. */
export function tokenResponse(op: Operation, body: Body, verification: Verification, message: string): TokenResponse {
  const echoed = echoAndDefaults(op, body);
  const response: TokenResponse = {
    message,
    authToken: randomAlphanumeric(lengthOf(op.responseSchema, FIELD.sessionToken, 40)),
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

/** The result webhook (W3, W4, W6): nothing was captured in a dummy session, so data and files are null. */
export function webhookPayload(contract: Contract, v: Verification, kind: 'auto' | 'manual'): WebhookPayload {
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

/** Every documented key of an object schema, set to null. */
function allNull(schema: JsonSchema | undefined): Body {
  return Object.fromEntries(Object.keys(schema?.properties ?? {}).map((key) => [key, null]));
}
