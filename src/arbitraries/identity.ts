// Identity values at their limits (issue 24, class 6): the text fields a result carries back
// (webhook payload, status read-back) sent at their maximum documented length, numeric-looking in
// one flow and with non-ASCII letters in another, so truncation, re-typing as a number or a
// lossy encoding shows in what comes back. Every value is checked valid by the oracle first.
import { randomInt } from 'node:crypto';
import type { Contract, Operation } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { minimalBody, type Body } from './requests.ts';
import { typeOf } from './samples.ts';

export type IdentityVariant = 'numeric' | 'non-ascii';

/** Letters beyond ASCII (Lithuanian, Latvian, German), BMP only so length counts agree everywhere. */
const NON_ASCII = 'ŽąčęėįšųūÄÖßĀŅ';

function digits(length: number): string {
  // A leading non-zero digit: a number re-typing keeps no leading zero to hide behind.
  let out = String(randomInt(1, 10));
  while (out.length < length) out += String(randomInt(0, 10));
  return out;
}

function nonAscii(length: number): string {
  let out = '';
  while ([...out].length < length) out += NON_ASCII[randomInt(0, NON_ASCII.length)];
  return out;
}

/** Names of the top-level properties the results echo: the webhook payload and the read-back. */
function echoedNames(contract: Contract): Set<string> {
  const names = new Set<string>(Object.keys(contract.webhook.payloadSchema?.properties ?? {}));
  for (const op of Object.values(contract.operations)) if (op.fields.some((f) => f.schema['x-ivs-source'])) for (const n of Object.keys(op.responseSchema?.properties ?? {})) names.add(n);
  return names;
}

/** For a dummy token: echoed text fields at their maximum length in the variant's characters, only those the oracle judges valid. */
export function identityExtremes(contract: Contract, op: Operation, variant: IdentityVariant, base: Body = {}): Body {
  const echoed = echoedNames(contract);
  const out: Body = {};
  for (const field of op.fields) {
    const s = field.schema;
    if (!echoed.has(field.name) || field.normalize || typeOf(s) !== 'string' || typeof s.maxLength !== 'number' || s.enum || s.format || s.pattern || field.gated || s['x-ivs-source']) continue;
    const value = variant === 'numeric' ? digits(s.maxLength) : nonAscii(s.maxLength);
    const body = { ...minimalBody(op), ...base, ...out, [field.name]: value };
    const verdict = oracleFor(contract).judge(op.operationId, body);
    if (verdict.valid && !verdict.neverSend) out[field.name] = value;
  }
  return out;
}
