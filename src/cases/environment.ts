// Environment gating (T21, D4): dummy calls succeed in development and are refused with
// PERMISSIONS_ERROR elsewhere, while a plain token is created in every environment. Outside
// development this suite sends no dummy call that could succeed on a conformant server, and
// creates a single plain token (the one T21 needs).
import { randomUUID } from 'node:crypto';
import type { Contract } from '../contract/load.ts';
import { minimalBody } from '../arbitraries/requests.ts';
import type { RunContext } from '../engine/context.ts';
import { identifierFor } from '../contract/load.ts';
import { dummyStatuses } from './dummy.ts';
import { requestCase, type Case } from './model.ts';
import type { Expectation } from '../checks/types.ts';

function refusal(contract: Contract, rule: string, reason: string, identifier: string | string[] = identifierFor(contract, 'environment')): Expectation {
  return { kind: 'reject', identifier, rule, reason, identifierRule: rule };
}

/** In development: each dummy status creates a token and a verification with the dummy message. */
export function dummyAllowedCases(suite: string, contract: Contract): Case[] {
  const op = contract.operations.createToken;
  return dummyStatuses(contract).map((status) =>
    requestCase({
      suite,
      name: `${suite} › dummy ${status} accepted in development`,
      check: 'accepts-valid',
      field: op.dummy!.field,
      constraint: 'environment-development',
      rule: op.dummy!.rule,
      category: 'environment',
      probe: { op, body: { ...minimalBody(op), [op.dummy!.field]: status } },
    }),
  );
}

/** Outside development: dummy token and add-dummy-status refused; a plain token still created. */
export function gatingCases(suite: string, contract: Contract): Case[] {
  const token = contract.operations.createToken;
  const add = contract.operations.addDummyStatus;
  const env = (ctx: RunContext) => ctx.environment.toUpperCase();
  const firstOf = (name: string) => add.fields.find((f) => f.name === name)!.schema.enum[0];
  return [
    requestCase({
      suite,
      name: `${suite} › dummy token refused outside development`,
      check: 'rejects-invalid',
      field: token.dummy!.field,
      constraint: 'environment',
      rule: token.dummy!.rule,
      category: 'environment',
      expect: refusal(contract, token.dummy!.rule, 'dummy calls are for DEVELOPMENT environments only'),
      probe: { op: token, body: { ...minimalBody(token), [token.dummy!.field]: dummyStatuses(contract)[0] } },
    }),
    requestCase({
      suite,
      name: `${suite} › add-dummy-status refused outside development`,
      check: 'rejects-invalid',
      constraint: 'environment',
      rule: add.environments!.rule,
      category: 'environment',
      // No dummy verification can exist outside development, so the scanRef cannot name one (D1).
      // D4 is unconditional and about the endpoint itself ("This endpoint is not available for
      // TESTING/PRODUCTION partners"): it is refused with PERMISSIONS_ERROR whatever the body says.
      expect: refusal(contract, add.environments!.rule, 'add-dummy-status is for DEVELOPMENT environments only'),
      // The endpoint itself is unavailable outside development, whatever the scanRef names.
      probe: { op: add, body: { scanRef: randomUUID(), manualFaceMatchResult: firstOf('manualFaceMatchResult'), manualDocumentValidity: firstOf('manualDocumentValidity') } },
    }),
    requestCase({
      suite,
      name: `${suite} › plain token created outside development`,
      check: 'accepts-valid',
      constraint: 'environment-plain-token',
      rule: token.dummy!.rule,
      category: 'environment',
      endpoint: token.endpoint,
      probe: async (ctx) => ({ op: token, body: { ...minimalBody(token), externalRef: `ivs-${env(ctx).toLowerCase()}-gating` } }),
    }),
  ];
}
