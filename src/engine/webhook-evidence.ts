// What a webhook deviation needs to be checked by hand: the delivery as received (path, headers,
// raw body) and an openssl line that recomputes its signature with the signing key.
import { fieldOf } from '../contract/fields.ts';
import type { ReceivedWebhook } from '../findings/model.ts';
import type { Recorder } from './recorder.ts';
import { printableInline, printBytes, shellComment, shellWord } from '../findings/shell.ts';
import { ENV } from '../env-names.ts';

const MAX_BODY = 8_000;


function scanRefIn(value: unknown): string | undefined {
  const raw = fieldOf(value, 'verificationRef');
  const ref = Array.isArray(raw) ? raw[0] : raw;
  return typeof ref === 'string' ? ref : undefined;
}

export function webhookEvidence(
  recorder: Recorder,
  exchange: { request?: { body?: unknown }; response?: { body?: unknown } } | undefined,
  signatureHeader: string,
  /** For a signature finding: the delivery that did not verify is the evidence. */
  unverified = false,
): ReceivedWebhook | undefined {
  const scanRef = scanRefIn(exchange?.response?.body) ?? scanRefIn(exchange?.request?.body);
  const deliveries = scanRef ? recorder.deliveries.get(scanRef) : undefined;
  const delivery = (unverified ? deliveries?.filter((d) => !d.signatureValid).at(-1) : undefined) ?? deliveries?.at(-1);
  if (!delivery) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (value !== undefined && name !== 'host' && name !== 'connection') headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const raw = delivery.raw.toString('utf8');
  const body = raw.length > MAX_BODY ? raw.slice(0, MAX_BODY) : raw;
  const header = signatureHeader.toLowerCase();
  const verify =
    raw.length === 0
      ? `# the receiver keeps no body of a delivery that does not verify; its ${signatureHeader} was ${shellComment(headers[header] ?? '(absent)')}: recompute it over the raw body with openssl dgst -sha256 -hmac "\${${ENV.webhookSigningKey}:-$${ENV.apiSecret}}"`
      : raw.length > MAX_BODY
      ? `# body longer than ${MAX_BODY} characters: save the exact bytes received, then: openssl dgst -sha256 -hmac "\${${ENV.webhookSigningKey}:-$${ENV.apiSecret}}" body.json`
      : `${printableInline(raw) ? `printf %s ${shellWord(raw)}` : printBytes(raw)} | openssl dgst -sha256 -hmac "\${${ENV.webhookSigningKey}:-$${ENV.apiSecret}}" | sed 's/^.*= //'   # must equal ${shellComment(signatureHeader)}: ${shellComment(headers[header] ?? '(absent)')}`;
  return { path: delivery.path, headers, body, verify };
}
