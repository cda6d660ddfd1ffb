// The wire names of the fields the flows follow (create a session → add a status → read it back →
// receive its webhook), by the part each plays: one place for each (issue 22). The contract marks
// each such field with `x-ivs-role`; `checkFieldRoles` (run by the loader) holds this table and
// those marks to each other, so a renamed field fails at load, not deep inside a flow.
import type { JsonSchema } from './load.ts';

export const FIELD = {
  /** The verification a token created: the key of add-dummy-status, the read-back and the webhook. */
  verificationRef: 'scanRef',
  /** The session token a token call issues. */
  sessionToken: 'authToken',
  /** The caller's client id, echoed by the token, the read-back and the webhook. */
  clientRef: 'clientId',
  /** The caller's external reference, carried to the webhook. */
  externalRef: 'externalRef',
  /** The read-back's overall status. */
  readBackStatus: 'status',
  /** The webhook's status object, and the overall status inside it. */
  webhookStatus: 'status',
  overallStatus: 'overall',
  /** The error envelope's identifier and message (R1). */
  errorIdentifier: 'identifier',
  errorMessage: 'message',
} as const;

export type FieldRole = keyof typeof FIELD;

/** The webhook's overall status as a dotted path (how findings name it). */
export const WEBHOOK_OVERALL = `${FIELD.webhookStatus}.${FIELD.overallStatus}`;

/** A field of an answer by its role (undefined when the answer is no object). */
export function fieldOf(json: unknown, role: FieldRole): unknown {
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>)[FIELD[role]] : undefined;
}

/** The identifier of an error answer (R1), if it has one. */
export function identifierOf(json: unknown): unknown {
  return fieldOf(json, 'errorIdentifier');
}

/**
 * Problems between FIELD and the contract's `x-ivs-role` marks (components' schema properties):
 * a mark naming no role, a marked property named otherwise than FIELD says, a role no property carries.
 */
export function fieldRoleProblems(schemas: Record<string, JsonSchema>): string[] {
  const problems: string[] = [];
  const carried = new Set<string>();
  for (const [schemaName, schema] of Object.entries(schemas ?? {})) {
    for (const [property, spec] of Object.entries<JsonSchema>(schema?.properties ?? {})) {
      const role = spec?.['x-ivs-role'];
      if (role === undefined) continue;
      if (!Object.prototype.hasOwnProperty.call(FIELD, role)) problems.push(`${schemaName}.${property}: x-ivs-role "${role}" is no role of src/contract/fields.ts`);
      else if (FIELD[role as FieldRole] !== property) problems.push(`${schemaName}.${property}: x-ivs-role ${role} is spelled "${FIELD[role as FieldRole]}" in src/contract/fields.ts`);
      else carried.add(role);
    }
  }
  for (const role of Object.keys(FIELD)) if (!carried.has(role)) problems.push(`no contract field carries x-ivs-role ${role}`);
  return problems;
}
