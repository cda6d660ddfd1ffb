// Sees every exchange of a run without touching the transport: wraps `send` on the run's own
// Transport instance. Feeds the setup watch, remembers which request created each scanRef (so a
// reproduction can recreate it first), keeps webhook deliveries per scanRef, and optionally hands
// each exchange (redacted) to a HAR writer.
import { FIELD, fieldOf } from '../contract/fields.ts';
import type { Delivery } from '../webhooks/receiver.ts';
import { shellComment } from '../findings/shell.ts';
import { curlCommand, detached, MAX_STORED_BODY_CHARS, redactText, redactValue, type AuthPlaceholder } from '../findings/finding.ts';
import type { HttpRequest, SendOutcome, Transport } from './transport.ts';
import type { RunContext, WebhookSink } from './context.ts';

/** One exchange as a HAR writer needs it: secrets already replaced. */
export interface RecordedExchange {
  startedAt: string;
  durationMs: number;
  request: HttpRequest & { bodyBytes?: number };
  /** `text` is cut at MAX_STORED_BODY_CHARS; `bodyBytes` is then the size of the whole answer. */
  response?: { status: number; headers: Record<string, string>; text: string; bodyBytes?: number };
  failure?: string;
}

/** A body as the HAR keeps it: redacted, then cut at MAX_STORED_BODY_CHARS (a copy: the whole answer is not kept alive). */
function keptBody(text: string, secrets: string[]): { text: string; bodyBytes?: number } {
  if (text.length <= MAX_STORED_BODY_CHARS) return { text: redactText(text, secrets) };
  // Redacted with a margin a secret cannot span, then cut: the cut never leaves half a secret.
  const head = redactText(text.slice(0, MAX_STORED_BODY_CHARS + 1024), secrets).slice(0, MAX_STORED_BODY_CHARS);
  return { text: `${detached(head)}…`, bodyBytes: Buffer.byteLength(text, 'utf8') };
}

/** How the creating request authenticated, shown as environment variables. */
type Creator = { url: string; body: string; user: string };

export interface Recorder {
  creators: Map<string, Creator>;
  /** Later accepted requests that changed a verification (e.g. add-dummy-status), per scanRef: steps of a flow's reproduction. */
  steps: Map<string, Creator[]>;
  deliveries: Map<string, Delivery[]>;
}

/** Longer identifiers are not remembered (a reproduction then shows the request alone): a target answering megabyte scanRefs would otherwise keep each alive for the whole run. */
export const MAX_REMEMBERED_SCAN_REF_CHARS = 256;

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
  const value = fieldOf(json, 'verificationRef');
  return typeof value === 'string' ? value : undefined;
}

function keptRequestBody(body: string, secrets: string[]): { body: string; bodyBytes?: number } {
  const { text, bodyBytes } = keptBody(body, secrets);
  return { body: text, ...(bodyBytes !== undefined ? { bodyBytes } : {}) };
}

/** Authorization headers are replaced whole (a near-miss credential still encodes the key); names are redacted too (a target may echo a secret as a header name). */
function redactHeaders(headers: Record<string, string>, secrets: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const shown = name.toLowerCase() === 'authorization' ? `${redactText(value.split(' ')[0], secrets)} <redacted>` : redactText(value.length > MAX_HEADER_CHARS ? value.slice(0, MAX_HEADER_CHARS + 1024) : value, secrets);
    Object.defineProperty(out, redactText(name, secrets).slice(0, MAX_HEADER_CHARS), { value: shown.length > MAX_HEADER_CHARS ? `${detached(shown.slice(0, MAX_HEADER_CHARS))}…` : shown, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Header values (and names) the HAR keeps are cut beyond this many characters. */
const MAX_HEADER_CHARS = 1000;

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
      if (scanRef && scanRef.length <= MAX_REMEMBERED_SCAN_REF_CHARS && req.body !== undefined && !recorder.creators.has(scanRef)) recorder.creators.set(scanRef, { url: req.url, body: req.body, user });
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
        request: { ...recordedRequest(req, args.secrets), url: redactText(req.url, args.secrets), headers: redactHeaders(req.headers, args.secrets), ...(req.body !== undefined ? keptRequestBody(req.body, args.secrets) : {}) },
        ...(outcome.kind === 'response'
          ? { response: { status: outcome.response.status, headers: redactHeaders(outcome.response.headers, args.secrets), ...keptBody(outcome.response.text, args.secrets) } }
          : { failure: redactText(outcome.reason, args.secrets) }),
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

/** Extracts the scanRef of a JSON answer as it is written there (JSON escapes kept: the body it goes back into is JSON too). */
const EXTRACT_SCAN_REF = `sed -nE 's/.*"${FIELD.verificationRef}" *: *"(([^"\\\\]|\\\\.)*)".*/\\1/p'`;

/**
 * The reproduction of a request that uses a scanRef this run created: first the request that
 * creates one (its scanRef captured in a shell variable), then the request itself using it. Both
 * are rebuilt from the requests as sent (never by editing command text): the scanRef, a value the
 * target chose, only ever travels in "$SCAN_REF".
 */
export function chainedReproduction(
  ctx: Pick<RunContext, 'secrets'>,
  recorder: Recorder,
  exchange: { method: string; url: string; rawBody?: string; request?: { body?: unknown }; reproduce: string; shownAuth: AuthPlaceholder } | undefined,
): string | undefined {
  if (!exchange) return undefined;
  const { reproduce, request } = exchange;
  if (exchange.rawBody === undefined || !request?.body || typeof request.body !== 'object') return reproduce;
  const raw = fieldOf(request.body, 'verificationRef');
  const scanRef = Array.isArray(raw) ? raw[0] : raw;
  if (typeof scanRef !== 'string' || scanRef === '') return reproduce;
  const creator = recorder.creators.get(scanRef);
  const inJson = JSON.stringify(scanRef).slice(1, -1);
  if (!creator || !exchange.rawBody.includes(inJson) || exchange.url.includes(inJson)) return reproduce;
  const create = curlCommand({ method: 'POST', url: creator.url, rawBody: creator.body }, { kind: 'user', user: creator.user }, { statusLine: false });
  // The accepted steps on other endpoints before it (the add-dummy-status before a read-back), each
  // rebuilt from the bytes sent with the scanRef as a variable, never by editing command text.
  const steps = (recorder.steps.get(scanRef) ?? []).filter((step) => step.url !== exchange.url);
  const stepLines = steps.flatMap((step, i) => [
    `# ${i + 2}. the step it depends on: ${shellComment(new URL(step.url).pathname)}`,
    step.body?.includes(inJson)
      ? curlCommand({ method: 'POST', url: step.url, bodyParts: step.body.split(inJson) }, { kind: 'user', user: step.user }, { statusLine: false, variable: SCAN_REF_VAR })
      : curlCommand({ method: 'POST', url: step.url, rawBody: step.body }, { kind: 'user', user: step.user }, { statusLine: false }),
  ]);
  const deviant = curlCommand({ method: exchange.method, url: exchange.url, bodyParts: exchange.rawBody.split(inJson) }, exchange.shownAuth, { variable: SCAN_REF_VAR });
  return redactValue(
    [
      `# 1. create the verification it depends on, keeping its scanRef`,
      `${SCAN_REF_VAR}=$(${create} | ${EXTRACT_SCAN_REF})`,
      ...stepLines,
      `# ${steps.length + 2}. the request that deviates, with that scanRef`,
      deviant,
    ].join('\n'),
    ctx.secrets,
  );
}

/** A request as recorded: its bytes are shown as `body`, a repeated header (it may be Authorization) redacted. */
function recordedRequest(req: HttpRequest, secrets: Parameters<typeof redactHeaders>[1]): Omit<HttpRequest, 'bytes'> {
  const { bytes: _bytes, repeatHeaders, ...plain } = req;
  return repeatHeaders ? { ...plain, repeatHeaders: redactHeaders(repeatHeaders, secrets) as Record<string, string> } : plain;
}
