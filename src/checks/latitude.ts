// Latitudes that decide whether an exchange can be judged at all, before the checks run:
// custom settings the account has not turned on (C1) and refusals of gated features (C1, T17,
// api-facts §3.6). Both are named guards (guards.ts); what they recognise is contract data
// (x-ivs-custom-settings, x-ivs-errors featureRefusal, x-ivs-gated-refusal).
import { fieldOf, identifierOf } from '../contract/fields.ts';
import type { Contract, Operation } from '../contract/load.ts';
import type { Violation } from '../contract/oracle.ts';
import { guardOn } from './guards.ts';
import { expectedIdentifiers, type Answer, type Expectation } from './types.ts';

/** The custom settings whose types and lists this run asserts: the contract's, the profile's and the run's `features`. */
export function enabledSettings(contract: Contract, features: readonly string[] = []): Set<string> {
  return new Set([...contract.customSettings.enabled, ...features]);
}

/**
 * Guard custom-setting-latitude (C1): a request whose only violations are on custom settings the run
 * was not told are on may be accepted, refused with BAD_VALUE or refused as a gated feature. Returns
 * the open expectation, or undefined when C1 does not apply.
 */
export function customSettingLatitude(contract: Contract, op: Operation, violations: Violation[], features: readonly string[] = []): Expectation | undefined {
  if (!guardOn('custom-setting-latitude') || violations.length === 0) return undefined;
  const enabled = enabledSettings(contract, features);
  const unasserted = (v: Violation) => op.fields.find((f) => f.name === v.field)?.customSetting === true && !enabled.has(v.field);
  if (!violations.every(unasserted)) return undefined;
  const refusals = [contract.violations.default, ...Object.entries(contract.errors).filter(([, e]) => e.featureRefusal).map(([id]) => id)];
  return {
    kind: 'open',
    rule: contract.customSettings.rule,
    refusals,
    reason: `${violations.map((v) => v.message).join('; ')} (a custom setting not turned on: accepted, ${refusals.join(' or ')} all conform)`,
  };
}

/** What an open expectation means for the answer actually received: accepted, or refused with one of its identifiers. */
export function settleOpen(expectation: Expectation, answer: Answer): Expectation {
  if (expectation.kind !== 'open') return expectation;
  if (answer.status >= 200 && answer.status < 300) return { kind: 'accept', rule: expectation.rule, documented: false };
  return { kind: 'reject', identifier: expectation.refusals, rule: expectation.rule, reason: expectation.reason, documented: false };
}

function messageOf(answer: Answer): string {
  const message = fieldOf(answer.json, 'errorMessage');
  return typeof message === 'string' ? message : answer.json === undefined ? answer.text.slice(0, 500) : '';
}

/**
 * x-ivs-gated-values: only those values may be refused as gated (T17: generateDigitString true, never
 * false); a value of another type is invalid anyway, and R8 leaves open which refusal wins.
 */
export function mayBeGated(value: unknown, values?: unknown[]): boolean {
  return !values || values.includes(value) || !values.some((v) => typeof v === typeof value);
}

/** Whether an answer refuses a feature the account has not enabled: by identifier or by message (contract data). */
export function isGatedRefusalAnswer(contract: Contract, answer: Answer): boolean {
  if (answer.status < 400 || answer.status >= 500) return false;
  const identifier = identifierOf(answer.json);
  if (typeof identifier === 'string' && contract.errors[identifier]?.featureRefusal === true) return true;
  const message = messageOf(answer);
  return message !== '' && contract.gatedRefusal.messagePatterns.some((pattern) => pattern.test(message));
}

/**
 * Guard gated-refusal (C1, T17, api-facts §3.6): a request carrying a gated feature (callbackUrl, a
 * custom setting, generateDigitString true) refused as not enabled says nothing about conformance —
 * neither for a valid value (it may be refused) nor for an invalid one (R8: which refusal wins is not
 * documented). Returns why the exchange is inconclusive, or undefined.
 */
export function gatedRefusal(contract: Contract, op: Operation, expectation: Expectation, answer: Answer, body?: Record<string, unknown>): string | undefined {
  if (!guardOn('gated-refusal') || !body || !isGatedRefusalAnswer(contract, answer)) return undefined;
  // A refusal the expectation itself names (e.g. PERMISSIONS_ERROR for a dummy call in production) is judged as usual.
  const identifier = identifierOf(answer.json);
  if (expectation.kind === 'reject' && typeof identifier === 'string' && expectedIdentifiers(expectation).includes(identifier)) return undefined;
  if (expectation.kind === 'reject' && expectedIdentifiers(expectation).some((id) => contract.errors[id]?.featureRefusal)) return undefined;
  const gated = op.fields.filter((f) => (f.gated === 'permission' || f.gated === 'configuration') && body[f.name] != null && mayBeGated(body[f.name], f.gatedValues));
  if (!gated.length) return undefined;
  return `the account refused ${gated.map((f) => f.name).join(', ')} as a feature it has not enabled (${typeof identifier === 'string' ? identifier : 'no identifier'}: ${JSON.stringify(messageOf(answer))})`;
}
