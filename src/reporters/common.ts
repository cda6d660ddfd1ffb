// Small text and file helpers shared by every reporter, so each format escapes, truncates and
// labels the same way (and a write failure always reads as one line naming the path).
import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ReportedRequest, ReportedResponse } from '../findings/model.ts';

/** Whitespace (newlines included) collapsed to single spaces: for table cells and messages. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** At most `max` characters (code points, so no emoji is cut in half), with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** Fingerprints are long hashes; 8 characters tell them apart in a table. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** "check field constraint": how a check is named in every format. */
export function checkLabel(c: { check: string; field?: string; constraint?: string }): string {
  return [c.check, c.field, c.constraint].filter(Boolean).join(' ');
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}

function headerLines(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {}).map(([name, value]) => `${name}: ${value}`);
}

/** A request as an HTTP-like text block; the raw body wins when the body was deliberately not JSON. */
export function requestText(req: ReportedRequest): string {
  const body = req.rawBody ?? (req.body === undefined ? undefined : prettyJson(req.body));
  return [`${req.method} ${req.path}`, ...headerLines(req.headers), ...(body === undefined ? [] : ['', body])].join('\n');
}

export function responseText(res: ReportedResponse): string {
  const body = res.body === undefined ? [] : ['', typeof res.body === 'string' ? res.body : prettyJson(res.body)];
  return [`HTTP ${res.status}`, ...headerLines(res.headers), ...body].join('\n');
}

export function errorMessage(err: unknown): string {
  return oneLine(err instanceof Error ? err.message : String(err));
}

/**
 * mkdir -p, one segment at a time: Node 20's recursive mkdirSync never returns for some paths
 * (e.g. under /proc), and a report directory must fail fast with a clear line instead.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * Writes `text` to `path` without ever following a symlink planted there: the bytes go to a new
 * file of a random name (O_CREAT|O_EXCL|O_NOFOLLOW: it cannot be an existing file or link), which
 * is then renamed over `path` (rename replaces a link, it does not write through it).
 */
export function writeFileNoFollow(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Writes a file, creating its directory, never through a symlink; any failure becomes one line naming the path. */
export function writeTextFile(path: string, text: string): string {
  try {
    ensureDir(dirname(path));
    writeFileNoFollow(path, text);
  } catch (err) {
    throw new Error(`cannot write ${path}: ${errorMessage(err)}`);
  }
  return path;
}
