// Which check an exchange belongs to, without threading it through every case: each case runs in
// its own async scope (AsyncLocalStorage), and the exchange and webhook hooks add the normalised
// observation to the scope's collector. Outside a scope (preflight, probes) nothing is recorded.
import { AsyncLocalStorage } from 'node:async_hooks';
import { normaliseAnswer, normaliseWebhooks, ObservationCollector, requestFingerprint, stringsIn } from '../findings/observation.ts';
import type { Delivery } from '../webhooks/receiver.ts';
import { redactValue } from '../findings/finding.ts';
import type { RunContext, WebhookSink } from './context.ts';
import type { Exchange } from './exchange.ts';

interface Scope {
  collector: ObservationCollector;
  /** The fingerprint of the last request sent in this scope: the webhooks awaited belong to it. */
  lastFingerprint?: string;
  /** Strings sent so far in this case: an answer or webhook repeating one is an echo, not a value of its own. */
  sent: string[];
}

const MAX_SENT_STRINGS = 256;

const scopes = new AsyncLocalStorage<Scope>();

/** Runs one case with its own collector; returns what it observed. */
export async function observed<T>(run: () => Promise<T>): Promise<{ result: T; collector: ObservationCollector }> {
  const collector = new ObservationCollector();
  const result = await scopes.run({ collector, sent: [] }, run);
  return { result, collector };
}

function authName(auth: Exchange['probe']['auth']): string {
  if (auth === undefined) return 'valid';
  if (typeof auth === 'string') return auth;
  return 'header' in auth ? 'header' : `derived:${auth.shown.kind}`;
}

/** Hook of exchange(): one normalised observation per answered exchange. */
export function noteExchange(ctx: RunContext, ex: Exchange): void {
  const scope = scopes.getStore();
  if (!scope) return;
  try {
    const fingerprint = requestFingerprint(ctx.oracle, { op: ex.probe.op, method: ex.method, auth: authName(ex.probe.auth), body: ex.probe.rawBody === undefined ? ex.probe.body : undefined, rawBody: ex.probe.rawBody });
    scope.lastFingerprint = fingerprint;
    const body = ex.probe.rawBody === undefined ? ex.probe.body : undefined;
    // Secrets are replaced before anything is masked: a masked fragment of a secret would escape redaction.
    if (ex.answer) scope.collector.add(fingerprint, normaliseAnswer(ctx.contract, { ...ex.answer, json: redactValue(ex.answer.json, ctx.secrets) }, body, ex.probe.op, scope.sent), ex.reproduce);
    for (const text of stringsIn(body)) if (text.length >= 3 && scope.sent.length < MAX_SENT_STRINGS && !scope.sent.includes(text)) scope.sent.push(text);
  } catch {
    // An observation is a record, never a reason for a case to fail.
  }
}

/** Hook of the webhook sink: the deliveries one wait returned. */
export function noteDeliveries(ctx: Pick<RunContext, 'contract' | 'secrets'>, deliveries: Delivery[], expected: number, waitedFrom: number): void {
  const scope = scopes.getStore();
  if (!scope) return;
  try {
    scope.collector.add(`webhooks after ${scope.lastFingerprint ?? 'no request'} (${expected} awaited)`, normaliseWebhooks(ctx.contract, deliveries.map((d) => ({ ...d, json: redactValue(d.json, ctx.secrets) })), expected, waitedFrom, scope.sent));
  } catch {
    // as above
  }
}

/** The sink with every wait's deliveries observed (count, order, timing band, shape). */
export function observeDeliveries(sink: WebhookSink, ctx: Pick<RunContext, 'contract' | 'secrets'>): WebhookSink {
  return {
    ...sink,
    waitFor: async (scanRef, count, timeoutMs) => {
      const started = Date.now();
      const deliveries = await sink.waitFor(scanRef, count, timeoutMs);
      noteDeliveries(ctx, deliveries, count, started);
      return deliveries;
    },
  };
}
