// The verifications the reference keeps (isolated per API key), how a token creates one, and the
// D3 outcome of add-dummy-status.
import { randomUUID } from 'node:crypto';
import type { Contract, Operation } from '../contract/load.ts';
import type { WebhookPayload } from '../contract/types.ts';
import type { Verification, Body } from './types.ts';
import { stringOrNull } from './request.ts';

/** Old entries are forgotten past this many verifications per key, so a long run cannot exhaust memory. */
const MAX_VERIFICATIONS_PER_KEY = 100_000;

/** A non-dummy token starts a verification that waits for the client (vocabulary: ACTIVE). */
const NON_DUMMY_OVERALL = 'ACTIVE';

/** What a dummy DENIED verification reports as its failed automatic document check (nothing documents it). */
const DENIED_AUTO_DOCUMENT = 'DOC_NOT_FOUND';

export class VerificationStore {
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

export function newVerification(contract: Contract, body: Body, apiKey: string, dummyStatus: string | null): Verification {
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
export function outcomeOf(op: Operation, body: Body): string {
  if (!op.outcome) throw new Error(`the contract gives ${op.operationId} no x-ivs-outcome`);
  const approved = Object.entries(op.outcome.approvedWhen).every(([field, value]) => body[field] === value);
  return approved ? op.outcome.approved : op.outcome.otherwise;
}

/** A verification's statuses as the status read-back and the webhook both show them. */
export function statusesOf(v: Verification) {
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

function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
