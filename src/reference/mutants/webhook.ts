// The mutant catalogue, category webhook: a result webhook missing, wrongly signed or with the wrong content.
import { signBody } from '../../webhooks/signature.ts';
import type { Mutant } from '../stages.ts';
import { DUMMY, mutant, signedWith, webhook, without, withPayload } from './helpers.ts';

export const WEBHOOK_MUTANTS: Mutant[] = [
  mutant('webhook-auto-missing', 'webhook', 'W1', 'no auto-result webhook is sent for a dummy token', webhook('auto', () => null)),
  mutant('webhook-manual-missing', 'webhook', 'W1', 'no webhook is sent after add-dummy-status', webhook('manual', () => null)),
  mutant('webhook-auto-overall-approved', 'webhook', 'W3', 'the auto webhook always says status.overall APPROVED',
    webhook('auto', (draft, ctx) => withPayload(draft, { status: { ...draft.payload.status, overall: ctx.contract.operations[DUMMY]?.outcome?.approved ?? 'APPROVED' } }))),
  mutant('webhook-client-id-differs', 'webhook', 'W3', "the webhook's clientId is the internal scanRef, not the token's clientId",
    webhook('both', (draft, ctx) => withPayload(draft, { clientId: ctx.verification.scanRef }))),
  mutant('webhook-external-ref-missing', 'webhook', 'W3', 'the webhook carries no externalRef',
    webhook('both', (draft) => ({ ...draft, payload: without(draft.payload, 'externalRef') }))),
  mutant('webhook-unsigned', 'webhook', 'W2', 'webhooks carry no signature header', webhook('both', signedWith(() => undefined))),
  mutant('webhook-signed-with-api-key', 'webhook', 'W2', 'webhooks are signed with the API key instead of the signing key',
    webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(raw, ctx.verification.apiKey) }))),
  mutant('webhook-signature-reserialised', 'webhook', 'W2', 'the signature covers JSON.stringify(payload, null, 2), not the compact bytes sent',
    webhook('both', (draft, ctx) => ({ ...draft, sign: () => signBody(JSON.stringify(draft.payload, null, 2), ctx.signingKey) }))),
  mutant('webhook-signature-uppercase', 'webhook', 'W2', 'the signature is upper-case hex',
    webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(raw, ctx.signingKey).toUpperCase() }))),
  // Issue 19 item 6 must not swallow these: every delivery fails, yet the key is right (W2, not setup).
  mutant('webhook-signature-line-end', 'webhook', 'W2', 'signs the body with a line end the bytes sent do not have',
    webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(Buffer.concat([raw, Buffer.from('\n')]), ctx.signingKey) }))),
  mutant('webhook-signature-sorted-keys', 'webhook', 'W2', 'signs a key-sorted re-serialisation of the payload, not the bytes sent',
    webhook('both', (draft, ctx) => ({ ...draft, sign: () => signBody(JSON.stringify(draft.payload, Object.keys(flatKeys(draft.payload)).sort()), ctx.signingKey) }))),
  mutant('manual-webhook-not-final', 'webhook', 'W4', 'the manual-result webhook says final false',
    webhook('manual', (draft) => withPayload(draft, { final: false }))),
  mutant('manual-webhook-statuses-missing', 'webhook', 'W4', 'the manual-result webhook leaves status.manualFace and status.manualDocument null',
    webhook('manual', (draft) => withPayload(draft, { status: { ...draft.payload.status, manualFace: null, manualDocument: null } }))),
  mutant('webhook-wrong-path', 'webhook', 'W1', "webhooks go to the callbackUrl's origin, not to its path",
    webhook('both', (draft, ctx) => ({ ...draft, url: `${new URL(ctx.verification.callbackUrl!).origin}/` }))),
  mutant('manual-outcome-follows-auto', 'webhook', 'D3', 'the manual result keeps the auto status as the overall outcome (webhook and status read-back)', {
    outcome: (overall, ctx) => (ctx.verification.dummyStatus ?? overall),
  }),
  mutant('manual-outcome-face-only', 'webhook', 'D3', 'the manual outcome looks at the face only: FACE_MATCH + DOC_ERROR yields APPROVED (webhook and status read-back)', {
    outcome: (overall, ctx) => {
      const outcome = ctx.contract.operations[DUMMY]?.outcome;
      return outcome && ctx.request.manualFaceMatchResult === outcome.approvedWhen.manualFaceMatchResult ? outcome.approved : overall;
    },
  }),
];

/** Every key at every depth (the replacer list of a key-sorted JSON.stringify). */
function flatKeys(value: unknown, keys: Record<string, true> = {}): Record<string, true> {
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (keys[k] = true), flatKeys(v, keys);
  return keys;
}
