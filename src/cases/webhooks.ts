// Result webhooks end to end (W1-W6): a dummy token with a callbackUrl must deliver one signed
// auto-result webhook; each add-dummy-status one more, signed, with the manual outcome (D3).
// Deliveries are verified on the raw bytes received (signature) and against the contract's
// webhook schema. A delivery whose signature does not verify is never used as a result, and is judged
// (W2) only when no delivery of the phase verifies: anyone who can reach the receiver can post altered
// copies, so beside a verified delivery it is not attributable to the target (evidence, reported apart).
import { randomUUID } from 'node:crypto';
import type { Contract } from '../contract/load.ts';
import { FIELD, WEBHOOK_OVERALL } from '../contract/fields.ts';
import type { WebhookPayload } from '../contract/types.ts';
import type { RunContext, WebhookSink } from '../engine/context.ts';
import { exchange, type Exchange } from '../engine/exchange.ts';
import type { Finding } from '../findings/finding.ts';
import type { Delivery } from '../webhooks/receiver.ts';
import { identityExtremes } from '../arbitraries/identity.ts';
import { createDummy, dummyStatuses, outcomePairs, type DummyVerification } from './dummy.ts';
import { observe, type Case, type CaseResult } from './model.ts';
import { guardOn } from '../checks/guards.ts';
import { runFlowChecks } from '../checks/flow/registry.ts';
import { attributable } from '../checks/flow/define-flow-check.ts';

/** How long to wait for a duplicate delivery after the expected one arrived. */
const SETTLE_MS = 1000;

/**
 * W1 (callbackUrl, once, missing), W2 (signature) and the schema, by the registered flow checks, on
 * the deliveries attributable to the target (the ones that verify, or all of them when none does).
 */
function deliveryFindings(ctx: RunContext, received: Delivery[], kind: 'auto' | 'manual', callbackUrl: string, contentAsserted = true, replays: Delivery[] = []): Finding[] {
  const webhook = { kind, deliveries: received, callbackUrl, contentAsserted, waitedMs: ctx.webhookTimeoutMs, replays };
  return runFlowChecks({ contract: ctx.contract, given: { scanRef: '' }, webhook }, ['webhook-delivery', 'webhook-signature', 'webhook-schema', 'webhook-once', 'webhook-missing']);
}

/** Byte-identical copies, sent again, of these genuine deliveries (the receiver keeps them apart: not new results). */
function copiesOf(sink: WebhookSink, scanRef: string, of: readonly Delivery[]): Delivery[] {
  const genuine = of.filter((d) => d.signatureValid);
  return (sink.replays?.(scanRef) ?? []).filter((r) => genuine.some((d) => d.raw.equals(r.raw)));
}

/** A note on deliveries that did not verify beside ones that did: evidence, not judged. */
export function unattributedNote(deliveries: Delivery[]): string | undefined {
  const ignored = deliveries.length - attributable(deliveries).length;
  return ignored ? `${ignored} delivery(ies) whose signature does not verify arrived beside verified ones: not attributable to the target (anyone reaching the receiver can post), reported apart, not judged` : undefined;
}

/** The first two statuses' flows carry echoed identity fields at their limits (numeric-looking, then non-ASCII). */
export function identityFor(ctx: RunContext, dummyStatus: string) {
  const variant = (['numeric', 'non-ascii'] as const)[dummyStatuses(ctx.contract).indexOf(dummyStatus)];
  return variant ? identityExtremes(ctx.contract, ctx.contract.operations.createToken, variant) : {};
}

/** Every flow starts alike: a dummy token whose callbackUrl is a fresh path on the receiver. */
async function startFlow(ctx: RunContext, dummyStatus: string): Promise<{ sink: WebhookSink; callbackUrl: string; dummy: DummyVerification } | CaseResult> {
  if (!ctx.webhooks) {
    return { observations: [], inconclusive: `webhooks cannot be received: ${ctx.webhooksUnavailable ?? 'no receiver'}; results are verified through the status read-back instead` };
  }
  const callbackUrl = `${ctx.webhooks.callbackUrl}/${randomUUID()}`;
  const dummy = await createDummy(ctx, { status: dummyStatus, extra: { ...identityFor(ctx, dummyStatus), callbackUrl } });
  if (typeof dummy === 'string') return { observations: [], inconclusive: dummy };
  return { sink: ctx.webhooks, callbackUrl, dummy };
}

/**
 * The deliveries for `scanRef` that arrive after the first `seen`: waits up to `timeoutMs` for the
 * next one and, while none of the new ones verifies, gives a genuine one SETTLE_MS more to follow,
 * so that a forged (or stray unsigned) delivery arriving first neither stands in for the result nor
 * shifts which delivery is taken for the next phase.
 */
async function nextDeliveries(sink: WebhookSink, scanRef: string, seen: number, timeoutMs: number): Promise<Delivery[]> {
  let all = await sink.waitFor(scanRef, seen + 1, timeoutMs);
  while (all.length > seen && !all.slice(seen).some((d) => d.signatureValid)) {
    const more = await sink.waitFor(scanRef, all.length + 1, SETTLE_MS);
    if (more.length === all.length) break;
    all = more;
  }
  return all.slice(seen);
}

/**
 * Guard webhook-delivery-window (W1's window, x-ivs-webhook.deliveryTimeoutMs): a webhook that has
 * not arrived when the run stops waiting is judged missing (flow check webhook-missing) only if the
 * run waited the whole window W1 allows; a shorter --webhook-timeout makes the case inconclusive.
 */
export function waitTooShort(ctx: RunContext, kind: string): string | undefined {
  const window = ctx.contract.webhook.deliveryTimeoutMs;
  if (guardOn('webhook-delivery-window') && ctx.webhookTimeoutMs < window) {
    return `no ${kind}-result webhook within the ${Math.round(ctx.webhookTimeoutMs / 1000)} s waited; W1 allows ${Math.round(window / 1000)} s (wait longer with --webhook-timeout ${window})`;
  }
  return undefined;
}

/**
 * Whether a delivery carries the manual result asked for: one of the given manual statuses, or
 * `final` true on a delivery that is not a byte-for-byte copy of an earlier one (an auto result may
 * say final true: not asserted; a late duplicate repeats its bytes).
 */
export function looksManual(delivery: Delivery, given: { face: string; document: string }, earlier: readonly Delivery[]): boolean {
  const payload = delivery.json as WebhookPayload | undefined;
  const status: Partial<WebhookPayload['status']> = payload?.status ?? {};
  if (status.manualFace === given.face || status.manualDocument === given.document) return true;
  // A final result that carries manual statuses (other ones: a W4 deviation to judge); an auto result
  // (no manual statuses), even one sent again with final true, is not taken for it.
  const carriesManual = status.manualFace != null || status.manualDocument != null;
  return payload?.final === true && carriesManual && !earlier.some((d) => d.raw.equals(delivery.raw));
}

/**
 * Guard webhook-kind-match (W4): the manual result is the first genuine delivery after add-dummy-status
 * that carries a manual result, not a late duplicate of the auto result that happens to arrive
 * first. Waits (within `timeoutMs`) for such a delivery; without one, the first new delivery is judged.
 */
export async function manualDeliveries(sink: WebhookSink, scanRef: string, earlier: Delivery[], given: { face: string; document: string }, timeoutMs: number): Promise<{ deliveries: Delivery[]; result?: Delivery }> {
  const seen = earlier.length;
  const deadline = Date.now() + timeoutMs;
  let fresh = await nextDeliveries(sink, scanRef, seen, timeoutMs);
  if (!guardOn('webhook-kind-match')) return { deliveries: fresh, result: fresh.find((d) => d.signatureValid) };
  const manualOf = (list: Delivery[]) => list.find((d, i) => d.signatureValid && looksManual(d, given, [...earlier, ...list.slice(0, i)]));
  while (fresh.length && !manualOf(fresh) && Date.now() < deadline) {
    const more = await sink.waitFor(scanRef, seen + fresh.length + 1, deadline - Date.now());
    if (more.length === seen + fresh.length) break;
    fresh = more.slice(seen);
  }
  const manual = manualOf(fresh);
  // Copies of earlier deliveries (a late duplicate auto result) are not judged as the manual result.
  const judged = manual ? fresh.filter((d, i) => d === manual || !d.signatureValid || ![...earlier, ...fresh.slice(0, i)].some((e) => e.raw.equals(d.raw))) : fresh;
  return { deliveries: judged, result: manual ?? fresh.find((d) => d.signatureValid) };
}

/** W1 + W3 for one dummy status. */
function autoResultCase(suite: string, contract: Contract, dummyStatus: string): Case {
  const rules = contract.webhook.rules;
  return {
    suite,
    name: `${suite} › auto result ${dummyStatus}`,
    check: 'webhook-auto-result',
    endpoint: 'WEBHOOK verificationResult',
    field: WEBHOOK_OVERALL,
    constraint: 'auto',
    rule: rules.auto,
    async run(ctx) {
      const flow = await startFlow(ctx, dummyStatus);
      if ('observations' in flow) return flow;
      const { sink, callbackUrl, dummy } = flow;
      const first = await nextDeliveries(sink, dummy.scanRef, 0, ctx.webhookTimeoutMs);
      // W1: one POST. Give a duplicate a moment to show up before judging.
      const deliveries = first.length ? await sink.waitFor(dummy.scanRef, first.length + 1, SETTLE_MS) : first;
      const tooShort = deliveries.length ? undefined : waitTooShort(ctx, 'auto');
      if (tooShort) return { observations: [], inconclusive: tooShort };
      const findings = deliveryFindings(ctx, deliveries, 'auto', callbackUrl, !contract.webhook.contentNotAssertedFor.includes(dummyStatus), copiesOf(sink, dummy.scanRef, deliveries));
      const genuine = deliveries.filter((d) => d.signatureValid);
      if (deliveries.length) {
        const given = { scanRef: dummy.scanRef, dummyStatus, clientId: dummy.body.clientId, externalRef: dummy.body.externalRef };
        findings.push(...runFlowChecks({ contract, given, webhook: { kind: 'auto', deliveries, callbackUrl, contentAsserted: true, result: genuine[0], waitedMs: ctx.webhookTimeoutMs } }, ['webhook-auto-result']));
      }
      return { observations: findings.map((finding) => ({ finding, exchange: dummy.exchange })), note: unattributedNote(deliveries) };
    },
  };
}

/** W1 + W4 (+ D3): after the auto result, add-dummy-status yields a manual-result webhook. */
function manualResultCase(suite: string, contract: Contract, face: string, document: string, dummyStatus = dummyStatuses(contract)[0]): Case {
  const rules = contract.webhook.rules;
  const op = contract.operations.addDummyStatus;
  return {
    suite,
    name: `${suite} › manual result ${face} + ${document} on a ${dummyStatus} dummy`,
    check: 'webhook-manual-result',
    endpoint: 'WEBHOOK verificationResult',
    field: 'status.manual',
    constraint: 'manual',
    rule: rules.manual,
    async run(ctx) {
      const flow = await startFlow(ctx, dummyStatus);
      if ('observations' in flow) return flow;
      const { sink, callbackUrl, dummy } = flow;
      const auto = await nextDeliveries(sink, dummy.scanRef, 0, ctx.webhookTimeoutMs);
      const [faceField, documentField] = Object.keys(op.outcome!.approvedWhen);
      const added = await exchange(ctx, { op, body: { [FIELD.verificationRef]: dummy.scanRef, [faceField]: face, [documentField]: document } });
      const addResult = observe(ctx, added, { kind: 'accept', rule: op.successStatuses.rule }, {});
      if (addResult.inconclusive || addResult.observations.length) return addResult;
      const manual = await manualDeliveries(sink, dummy.scanRef, auto, { face, document }, ctx.webhookTimeoutMs);
      const tooShort = manual.deliveries.length ? undefined : waitTooShort(ctx, 'manual');
      if (tooShort) return { observations: [], inconclusive: tooShort };
      // W1: one POST per review. Give a copy of the manual result a moment to show up before judging.
      if (manual.result) await sink.waitFor(dummy.scanRef, auto.length + manual.deliveries.length + 1, SETTLE_MS);
      const findings = deliveryFindings(ctx, manual.deliveries, 'manual', callbackUrl, true, manual.result ? copiesOf(sink, dummy.scanRef, [manual.result]) : []);
      if (manual.deliveries.length) {
        const given = { scanRef: dummy.scanRef, clientId: dummy.body.clientId, face, document };
        findings.push(...runFlowChecks({ contract, given, webhook: { kind: 'manual', deliveries: manual.deliveries, callbackUrl, contentAsserted: true, result: manual.result, waitedMs: ctx.webhookTimeoutMs } }, ['webhook-manual-result']));
      }
      return { observations: findings.map((finding) => ({ finding, exchange: added })), note: unattributedNote(manual.deliveries) };
    },
  };
}

/** A phase with no delivery: inconclusive when the run waited less than W1's window, else W1's missing verdict. */
function missing(ctx: RunContext, kind: 'auto' | 'manual', callbackUrl: string, ex: Exchange): CaseResult {
  const tooShort = waitTooShort(ctx, kind);
  if (tooShort) return { observations: [], inconclusive: tooShort };
  return { observations: deliveryFindings(ctx, [], kind, callbackUrl).map((finding) => ({ finding, exchange: ex })) };
}

/**
 * W1 with several verifications in flight: two dummy tokens of the same key with different
 * callbackUrls, both auto results received (the second one last), then add-dummy-status on each in
 * turn: every delivery must reach its own verification's callbackUrl, not the key's last one
 * (flow check webhook-own-callback).
 */
function ownCallbackCase(suite: string, contract: Contract): Case {
  const op = contract.operations.addDummyStatus;
  const [face, document] = outcomePairs(contract)[0];
  return {
    suite,
    name: `${suite} › two verifications in flight, each result to its own callbackUrl`,
    check: 'webhook-own-callback',
    endpoint: 'WEBHOOK verificationResult',
    field: 'callbackUrl',
    constraint: 'own-callback-url',
    rule: contract.webhook.rules.delivery,
    async run(ctx) {
      const flows: { sink: WebhookSink; callbackUrl: string; dummy: DummyVerification; auto: Delivery[] }[] = [];
      for (const status of dummyStatuses(contract).slice(0, 2)) {
        const flow = await startFlow(ctx, status);
        if ('observations' in flow) return flow;
        const auto = await nextDeliveries(flow.sink, flow.dummy.scanRef, 0, ctx.webhookTimeoutMs);
        if (!auto.length) return missing(ctx, 'auto', flow.callbackUrl, flow.dummy.exchange);
        flows.push({ ...flow, auto });
      }
      const findings: Finding[] = [];
      let last: Exchange | undefined;
      // Each verification in turn, the first one (whose auto result was not the last) first.
      for (const flow of flows) {
        const inFlight = flows.filter((f) => f !== flow).map((f) => ({ scanRef: f.dummy.scanRef, callbackUrl: f.callbackUrl }));
        const given = { scanRef: flow.dummy.scanRef, clientId: flow.dummy.body.clientId, face, document };
        findings.push(...runFlowChecks({ contract, given, inFlight, webhook: { kind: 'auto', deliveries: flow.auto, callbackUrl: flow.callbackUrl, contentAsserted: true, waitedMs: ctx.webhookTimeoutMs } }, ['webhook-own-callback']));
        const [faceField, documentField] = Object.keys(op.outcome!.approvedWhen);
        last = await exchange(ctx, { op, body: { [FIELD.verificationRef]: flow.dummy.scanRef, [faceField]: face, [documentField]: document } });
        const addResult = observe(ctx, last, { kind: 'accept', rule: op.successStatuses.rule }, {});
        if (addResult.inconclusive || addResult.observations.length) return addResult;
        const manual = await manualDeliveries(flow.sink, flow.dummy.scanRef, flow.auto, { face, document }, ctx.webhookTimeoutMs);
        if (!manual.deliveries.length) return missing(ctx, 'manual', flow.callbackUrl, last);
        findings.push(...runFlowChecks({ contract, given, inFlight, webhook: { kind: 'manual', deliveries: manual.deliveries, callbackUrl: flow.callbackUrl, contentAsserted: true, result: manual.result, waitedMs: ctx.webhookTimeoutMs } }, ['webhook-own-callback']));
      }
      return { observations: findings.map((finding) => ({ finding, exchange: last! })) };
    },
  };
}

/** A dummy status other than the approving outcome (D3's "otherwise", e.g. DENIED). */
function failingDummyStatus(contract: Contract): string {
  const outcome = contract.operations.addDummyStatus.outcome!;
  return dummyStatuses(contract).find((s) => s === outcome.otherwise) ?? dummyStatuses(contract).find((s) => s !== outcome.approved)!;
}

export function webhookCases(suite: string, contract: Contract): Case[] {
  return [
    ...dummyStatuses(contract).map((status) => autoResultCase(suite, contract, status)),
    ...outcomePairs(contract).map(([face, document]) => manualResultCase(suite, contract, face, document)),
    // The manual outcome follows D3, not the auto status: the approving pair on a failed dummy.
    ...outcomePairs(contract)
      .slice(0, 1)
      .map(([face, document]) => manualResultCase(suite, contract, face, document, failingDummyStatus(contract))),
    ownCallbackCase(suite, contract),
  ];
}
