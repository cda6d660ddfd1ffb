// Reading a request: its path, its body (size limit, strict UTF-8, JSON of bounded depth) and what
// kind of call it is.
import type { IncomingMessage } from 'node:http';
import type { Operation } from '../contract/load.ts';
import type { Body } from './types.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Deeper JSON cannot be re-serialised safely (JSON.stringify recurses); no real request nests this deep. */
const MAX_JSON_DEPTH = 64;

export function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://reference.invalid').pathname;
  } catch {
    return '';
  }
}

/** The body, or undefined when it is larger than `limit` (the rest is drained so the answer still arrives). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    // ignoreBOM keeps a byte-order mark in the text, so it is refused as JSON like any stray character.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The request body is not valid JSON.' };
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) return { ok: false, reason: `The request body nests deeper than ${MAX_JSON_DEPTH} levels.` };
  return { ok: true, value };
}

/** Iterative, so that the check itself cannot overflow the stack. */
function depthExceeds(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

export function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** D4: every call of an environment-restricted operation is a dummy call; T21: a token is one when the dummy field is set. */
export function isDummyCall(op: Operation, body: Body): boolean {
  if (op.environments) return true;
  return op.dummy !== undefined && body[op.dummy.field] !== undefined && body[op.dummy.field] !== null;
}
