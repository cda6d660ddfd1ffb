// How the reference answers: a refusal (ApiError) becomes the R1 envelope, and every reply is written
// in the wire format the alternates may vary within what JSON over HTTP allows.
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorContext, WireFormat } from './stages.ts';

export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** A refusal: becomes the standard error envelope (R1) with the identifier's status (R2). */
export class ApiError extends Error {
  constructor(
    readonly identifier: string,
    message: string,
    readonly context: ErrorContext,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A success body that is not JSON (seed 000: add-dummy-status answers "HTTP 200", no body promised). */
export class RawBody {
  constructor(
    readonly text: string,
    readonly contentType?: string,
  ) {}
}

export interface Reply {
  status: number;
  body: unknown;
  contentType: string;
  headers?: Record<string, string>;
}

export const INTERNAL_REPLY: Reply = { status: 500, contentType: 'application/json', body: { identifier: INTERNAL_ERROR, message: 'Internal server error.' } };

/** The reference's own way of writing JSON; alternates (the wire stage) change it within what JSON over HTTP allows. */
export const PLAIN_WIRE: WireFormat = { jsonContentType: 'application/json', indent: 0, reorderKeys: false, chunked: false, connectionClose: false };

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

export function writeReply(res: ServerResponse, reply: Reply, wire: WireFormat = PLAIN_WIRE): void {
  try {
    const raw = reply.body instanceof RawBody ? reply.body : undefined;
    const text = raw ? raw.text : JSON.stringify(wire.reorderKeys ? reversedKeys(reply.body) : reply.body, null, wire.indent || undefined);
    const contentType = raw ? raw.contentType : reply.contentType === 'application/json' ? wire.jsonContentType : reply.contentType;
    const headers: Record<string, string | number> = { ...reply.headers, ...(contentType ? { 'Content-Type': contentType } : {}) };
    if (!wire.chunked) headers['Content-Length'] = Buffer.byteLength(text);
    if (wire.connectionClose) headers.Connection = 'close';
    res.writeHead(reply.status, headers);
    if (wire.chunked) {
      // Several chunks: a client must reassemble them.
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; at += 7) res.write(bytes.subarray(at, at + 7));
      res.end();
    } else res.end(text);
  } catch {
    res.destroy(); // only if the connection is already gone
  }
}

/** A request Node cannot even parse as HTTP still gets a JSON answer (R1) before the connection closes. */
export function answerMalformedHttp(socket: Duplex, identifier: string): void {
  if (!socket.writable) return void socket.destroy();
  const text = JSON.stringify({ identifier, message: 'The request is not valid HTTP.' });
  socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}
