// Sees every exchange of a run without touching the transport: wraps `send` on the run's own
// Transport instance. Feeds the setup watch, remembers which request created each scanRef (so a
// reproduction can recreate it first), keeps webhook deliveries per scanRef, and optionally hands
// each exchange (redacted) to a HAR writer.
import type { Delivery } from '../webhooks/receiver.ts';
import { curlCommand, redactText, redactValue } from '../findings/finding.ts';
import type { HttpRequest, SendOutcome, Transport } from './transport.ts';
import type { RunContext, WebhookSink } from './context.ts';

/** One exchange as a HAR writer needs it: secrets already replaced. */
export interface RecordedExchange {
  startedAt: string;
  durationMs: number;
  request: HttpRequest;
  response?: { status: number; headers: Record<string, string>; text: string };
  failure?: string;
}

/** How the creating request authenticated, shown as environment variables. */
type Creator = { url: string; body: string; user: string };

export interface Recorder {
  creators: Map<string, Creator>;
  /** Later accepted requests that changed a verification (e.g. add-dummy-status), per scanRef: steps of a flow's reproduction. */
  steps: Map<string, Creator[]>;
  deliveries: Map<string, Delivery[]>;
}

/** Steps kept per verification (the last ones): a reproduction needs the few before the deviating request. */
const MAX_STEPS = 3;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function scanRefOf(json: unknown): string | undefined {
  const value = json && typeof json === 'object' ? (json as Record<string, unknown>).scanRef : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Authorization headers are replaced whole: a near-miss credential still encodes the key. */
function redactHeaders(headers: Record<string, string>, secrets: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, name.toLowerCase() === 'authorization' ? `${value.split(' ')[0]} <redacted>` : redactText(value, secrets)]),
  );
}

export function attachRecorder(
  transport: Transport,
  args: {
    validAuthorizations: Map<string, string>; // header → "$IVS_API_KEY:$IVS_API_SECRET"
    secrets: string[];
    observe?: (outcome: SendOutcome, req: HttpRequest) => void;
    onExchange?: (exchange: RecordedExchange) => void;
  },
): Recorder {
  const recorder: Recorder = { creators: new Map(), steps: new Map(), deliveries: new Map() };
  const send = transport.send.bind(transport);
  transport.send = async (req: HttpRequest): Promise<SendOutcome> => {
    const started = Date.now();
    const outcome = await send(req);
    const user = args.validAuthorizations.get(req.headers.authorization ?? '');
    if (user !== undefined) {
      args.observe?.(outcome, req);
      const scanRef = outcome.kind === 'response' && outcome.response.status < 300 ? scanRefOf(outcome.response.json) : undefined;
      if (scanRef && req.body !== undefined && !recorder.creators.has(scanRef)) recorder.creators.set(scanRef, { url: req.url, body: req.body, user });
      else if (outcome.kind === 'response' && outcome.response.status < 300 && req.body !== undefined) {
        // An accepted request naming an existing verification is a step later requests may depend on.
        const named = scanRefOf(safeJson(req.body));
        if (named && recorder.creators.has(named)) recorder.steps.set(named, [...(recorder.steps.get(named) ?? []), { url: req.url, body: req.body, user }].slice(-MAX_STEPS));
      }
    }
    if (args.onExchange) {
      args.onExchange({
        startedAt: new Date(started).toISOString(),
        durationMs: outcome.kind === 'response' ? outcome.response.durationMs : Date.now() - started,
        request: { ...req, url: redactText(req.url, args.secrets), headers: redactHeaders(req.headers, args.secrets), ...(req.body !== undefined ? { body: redactText(req.body, args.secrets) } : {}) },
        ...(outcome.kind === 'response'
          ? { response: { status: outcome.response.status, headers: redactHeaders(outcome.response.headers, args.secrets), text: redactText(outcome.response.text, args.secrets) } }
          : { failure: outcome.reason }),
      });
    }
    return outcome;
  };
  return recorder;
}

/** Keeps the deliveries each wait returned, by scanRef, for the report. */
export function recordDeliveries(sink: WebhookSink, recorder: Recorder): WebhookSink {
  return {
    ...sink,
    waitFor: async (scanRef, count, timeoutMs) => {
      const deliveries = await sink.waitFor(scanRef, count, timeoutMs);
      if (deliveries.length) recorder.deliveries.set(scanRef, deliveries);
      return deliveries;
    },
  };
}

const SCAN_REF_VAR = 'SCAN_REF';

/**
 * The reproduction of a request that uses a scanRef this run created: first the request that
 * creates one (its scanRef captured in a shell variable), then the request itself using it.
 */
export function chainedReproduction(ctx: Pick<RunContext, 'secrets'>, recorder: Recorder, request: { body?: unknown } | undefined, reproduce: string | undefined): string | undefined {
  if (!reproduce || !request?.body || typeof request.body !== 'object') return reproduce;
  const raw = (request.body as Record<string, unknown>).scanRef;
  const scanRef = Array.isArray(raw) ? raw[0] : raw;
  if (typeof scanRef !== 'string') return reproduce;
  const creator = recorder.creators.get(scanRef);
  if (!creator || !reproduce.includes(scanRef)) return reproduce;
  const create = curlCommand({ method: 'POST', url: creator.url, rawBody: creator.body }, { kind: 'user', user: creator.user })
    .replace(/^curl -sS -i /, 'curl -sS ');
  const extract = `sed -n 's/.*"scanRef" *: *"\\([^"]*\\)".*/\\1/p'`;
  // The accepted steps on other endpoints before it (the add-dummy-status before a read-back).
  const deviatingUrl = reproduce.match(/https?:\/\/\S+/)?.[0]?.replace(/['"]/g, '');
  const steps = (recorder.steps.get(scanRef) ?? []).filter((step) => step.url !== deviatingUrl);
  const stepLines = steps.flatMap((step, i) => [
    `# ${i + 2}. the step it depends on: ${new URL(step.url).pathname}`,
    curlCommand({ method: 'POST', url: step.url, rawBody: step.body }, { kind: 'user', user: step.user }).replace(/^curl -sS -i /, 'curl -sS ').split(scanRef).join(`'"$${SCAN_REF_VAR}"'`),
  ]);
  return redactValue(
    [
      `# 1. create the verification it depends on, keeping its scanRef`,
      `${SCAN_REF_VAR}=$(${create} | ${extract})`,
      ...stepLines,
      `# ${steps.length + 2}. the request that deviates, with that scanRef`,
      reproduce.split(scanRef).join(`'"$${SCAN_REF_VAR}"'`),
    ].join('\n'),
    ctx.secrets,
  );
}
