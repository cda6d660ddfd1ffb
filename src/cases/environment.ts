// Environment gating (T21, D4): dummy calls succeed in development and are refused with
// PERMISSIONS_ERROR elsewhere, while a plain token is created in every environment. Outside
// development this suite sends no dummy call that could succeed on a conformant server, and
// creates a single plain token (the one T21 needs).
import { randomUUID } from 'node:crypto';
import type { Contract } from '../contract/load.ts';
import { FIELD } from '../contract/fields.ts';
import { minimalBody } from '../arbitraries/requests.ts';
import type { RunContext } from '../engine/context.ts';
import { identifierFor } from '../contract/load.ts';
import { dummyStatuses } from './dummy.ts';
import { requestCase, type Case } from './model.ts';
import type { Expectation } from '../checks/types.ts';
import { RULE } from '../contract/rulings.ts';

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

/** A spread of manual status pairs: first, last and middle values of each list. */
function variedPairs(contract: Contract): [string, string][] {
  const add = contract.operations.addDummyStatus;
  const [faceField, documentField] = Object.keys(add.outcome!.approvedWhen);
  const faces: string[] = add.fields.find((f) => f.name === faceField)!.schema.enum;
  const documents: string[] = add.fields.find((f) => f.name === documentField)!.schema.enum;
  const at = (list: string[], i: number) => list[Math.min(list.length - 1, Math.floor((i * list.length) / 3))];
  return [0, 1, 2, 3].map((i) => [i === 3 ? faces[faces.length - 1] : at(faces, i), i === 3 ? documents[documents.length - 1] : at(documents, i)]);
}

/**
 * Outside development: every dummy status refused, add-dummy-status refused whatever the statuses,
 * a plain token still created, and (in testing) a token with dummyStatus null created as a plain one (R9).
 */
export function gatingCases(suite: string, contract: Contract, environment?: string): Case[] {
  const token = contract.operations.createToken;
  const add = contract.operations.addDummyStatus;
  const env = (ctx: RunContext) => ctx.environment.toUpperCase();
  const [faceField, documentField] = Object.keys(add.outcome!.approvedWhen);
  const dummyField = token.dummy!.field;
  return [
    ...dummyStatuses(contract).map((status, i) =>
      requestCase({
        suite,
        name: i === 0 ? `${suite} › dummy token refused outside development` : `${suite} › dummy ${status} token refused outside development`,
        check: 'rejects-invalid',
        field: dummyField,
        constraint: 'environment',
        rule: token.dummy!.rule,
        category: 'environment',
        expect: refusal(contract, token.dummy!.rule, 'dummy calls are for DEVELOPMENT environments only'),
        probe: { op: token, body: { ...minimalBody(token), [dummyField]: status } },
      }),
    ),
    ...variedPairs(contract).map(([face, document], i) =>
      requestCase({
        suite,
        name: i === 0 ? `${suite} › add-dummy-status refused outside development` : `${suite} › add-dummy-status ${face} + ${document} refused outside development`,
        check: 'rejects-invalid',
        constraint: 'environment',
        rule: add.environments!.rule,
        category: 'environment',
        // No dummy verification can exist outside development, so the scanRef cannot name one (D1).
        // D4 is unconditional and about the endpoint itself ("This endpoint is not available for
        // TESTING/PRODUCTION partners"): it is refused with PERMISSIONS_ERROR whatever the body says.
        expect: refusal(contract, add.environments!.rule, 'add-dummy-status is for DEVELOPMENT environments only'),
        probe: { op: add, body: { ...minimalBody(add, { [FIELD.verificationRef]: randomUUID() }), [faceField]: face, [documentField]: document } },
      }),
    ),
    requestCase({
      suite,
      name: `${suite} › plain token created outside development`,
      check: 'accepts-valid',
      constraint: 'environment-plain-token',
      rule: token.dummy!.rule,
      category: 'environment',
      endpoint: token.endpoint,
      probe: async (ctx) => ({ op: token, body: { ...minimalBody(token), [FIELD.externalRef]: `ivs-${env(ctx).toLowerCase()}-gating` } }),
    }),
    // R9: dummyStatus null is an omitted dummyStatus, so a plain token. Production keeps to one token.
    ...(environment === 'testing'
      ? [
          requestCase({
            suite,
            name: `${suite} › dummyStatus null is a plain token outside development`,
            check: 'accepts-valid',
            field: dummyField,
            constraint: 'null-means-omitted',
            rule: RULE.nullMeansOmitted,
            category: 'environment',
            probe: { op: token, body: { ...minimalBody(token), [dummyField]: null } },
          }),
        ]
      : []),
  ];
}
