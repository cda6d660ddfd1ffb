// Redaction: no secret leaves memory in any form a target could echo it in. For every secret (API
// keys and secrets, the signing key, key:secret pairs and every near-miss credential the run actually
// sent) we match, in any letter case: the plain text, base64 (standard, URL-safe, with or without
// padding, and at each of the 3 byte offsets inside longer base64 text), hex and percent-encoding.
// Longest patterns are tried first, so a key that is a prefix of the secret never leaves the rest
// of the secret behind. Callers redact BEFORE they cut text; a cut made elsewhere (`…`) is covered
// too: a secret's beginning right before an ellipsis is redacted as well.

export const REDACTED = '<redacted>';

/** Secrets shorter than this are refused at start-up (options.ts): they cannot be matched safely in free text. */
export const MIN_SECRET_LENGTH = 3;

/** Encoded cores shorter than this are not matched in free text (too likely to occur by chance). */
const MIN_FORM_LENGTH = 4;

const CUT_MARK = '…';

/** Every textual form `secret` can take in an answer, a header or a file. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret, secret.trim()]);
  const base64 = bytes.toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(bytes.toString('base64url'));
  // The same bytes inside a longer base64 text start at one of 3 offsets; for each, keep only the
  // characters that depend on the secret's bytes alone.
  for (let offset = 0; offset < 3; offset++) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = shifted.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  forms.add(bytes.toString('hex'));
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  forms.add([...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
  forms.add(JSON.stringify(secret).slice(1, -1)); // as it appears inside JSON text
  return [...forms].filter((f) => f.length >= MIN_FORM_LENGTH || f === secret);
}

/** The secrets a run must hide, and the key:secret pairs basic auth sends (as the pair and alone). */
export function secretsWithPairs(pairs: Array<{ key: string; secret: string }>, others: string[] = []): string[] {
  const values = new Set<string>();
  for (const { key, secret } of pairs) {
    for (const v of [key, secret, `${key}:${secret}`]) if (v.length >= MIN_SECRET_LENGTH) values.add(v);
  }
  for (const v of others) if (v.length >= MIN_SECRET_LENGTH) values.add(v);
  return [...values];
}

/**
 * One character of a secret in every escaped form markup and JSON text give it, mixed freely from
 * one character to the next: itself, JSON \uXXXX (and \/ for /), HTML/XML character references
 * (&#xHH; &#DDD; with any leading zeros, and the named ones), and percent-encoding of its UTF-8 bytes.
 */
function escapedChar(c: string): string {
  const code = c.codePointAt(0)!;
  const literal = c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const alternatives = [literal, `&#x0*${code.toString(16)};`, `&#0*${code};`];
  const units = c.length === 1 ? [code] : [c.charCodeAt(0), c.charCodeAt(1)];
  alternatives.push(units.map((u) => `\\\\u${u.toString(16).padStart(4, '0')}`).join(''));
  alternatives.push([...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
  // Named references, and JSON's two-character escapes (\/ \" \\).
  const named: Record<string, string[]> = { '&': ['&amp;'], '<': ['&lt;'], '>': ['&gt;'], '"': ['&quot;', '\\\\"'], "'": ['&apos;'], '/': ['\\\\/'], '\\': ['\\\\\\\\'] };
  alternatives.push(...(named[c] ?? []));
  return `(?:${alternatives.join('|')})`;
}

/** A secret matched with each character in any of its escaped forms (case-insensitive: hex digits and letters alike). */
function escapedPattern(secret: string): string {
  return [...secret].map(escapedChar).join('');
}

interface Compiled {
  pattern?: RegExp;
  /** Lower-cased forms, longest first, for the cut-mark check. */
  forms: string[];
  /** No match is shorter than this (each character of a plain secret, escaped or not, is at least one). */
  shortest: number;
  /**
   * When every form is ASCII: the forms alone, as literals. A text in which no escape can start
   * (no `&`, `\\` or `%`) holds a match of `pattern` only if it holds one of these (the `i` flag
   * folds no non-ASCII character onto an ASCII one), and most texts are cleared by this one test.
   */
  literal?: RegExp;
}

const cache = new Map<string, Compiled>();
/** The last compiled list per secrets array (a run's list grows as near-miss credentials are sent). */
const bySecretsArray = new WeakMap<readonly string[], { snapshot: string[]; compiled: Compiled }>();

function compile(secrets: readonly string[]): Compiled {
  const last = bySecretsArray.get(secrets);
  if (last && last.snapshot.length === secrets.length && last.snapshot.every((s, i) => s === secrets[i])) return last.compiled;
  const compiled = compileList(secrets);
  bySecretsArray.set(secrets, { snapshot: [...secrets], compiled });
  return compiled;
}

function compileList(secrets: readonly string[]): Compiled {
  const key = secrets.join('\u0000');
  const hit = cache.get(key);
  if (hit) return hit;
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length || a.localeCompare(b));
  // Longest first; each plain secret also in its escaped forms (HTML, JSON, percent, mixed), before its shorter encodings.
  const plain = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  const escaped = [...plain.map(escapedPattern), ...forms.map(escapeLiteral)];
  const compiled: Compiled = {
    pattern: forms.length ? new RegExp(escaped.join('|'), 'gi') : undefined,
    forms: forms.map((f) => f.toLowerCase()),
    shortest: Math.min(...forms.map((f) => f.length)),
    literal: forms.length && forms.every((f) => /^[\x00-\x7f]*$/.test(f)) ? new RegExp(forms.map(escapeLiteral).join('|'), 'i') : undefined,
  };
  if (cache.size > 32) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** `text` with every form of every secret replaced by `<redacted>`. */
export function redactText(text: string, secrets: readonly string[]): string {
  const { pattern, forms, shortest, literal } = compile(secrets);
  if (!pattern) return text;
  const clear = text.length < shortest || (literal !== undefined && !ESCAPE_START.test(text) && !literal.test(text));
  let out = clear ? text : text.replace(pattern, REDACTED);
  if (out.includes(CUT_MARK)) out = redactCutPrefixes(out, forms);
  return out;
}

/** A character an escaped form of a character starts with (HTML/XML reference, JSON escape, percent-encoding). */
const ESCAPE_START = /[&\\%]/;

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A text cut inside a secret ends with the secret's beginning then `…`: hide that beginning too. */
function redactCutPrefixes(text: string, forms: string[]): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(CUT_MARK); at !== -1; at = text.indexOf(CUT_MARK, at + 1)) {
    const before = text.slice(from, at).toLowerCase();
    let cut = 0;
    for (const form of forms) {
      for (let k = Math.min(form.length - 1, before.length); k >= MIN_SECRET_LENGTH && k > cut; k--) {
        if (before.endsWith(form.slice(0, k))) {
          cut = k;
          break;
        }
      }
    }
    out += text.slice(from, at - cut) + (cut ? REDACTED : '');
    from = at;
  }
  return out + text.slice(from);
}

/**
 * Deep-redacts any value (strings, object keys, arrays). The one function every output uses —
 * report.json, junit.xml, report.html, summary.md, the terminal, HAR files: pass the run's secrets
 * (RunContext.secrets, which also collects the near-miss credentials the run sent).
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets)) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secrets), redact(v, secrets)])) as T;
  }
  return value;
}

/** Adds credentials actually sent (near-miss variants included) to a run's secrets, with the pair basic auth makes of them. */
export function rememberSent(secrets: string[], user: string, password: string): void {
  for (const v of [user, password, `${user}:${password}`]) {
    if (v.length >= MIN_SECRET_LENGTH && !secrets.includes(v)) secrets.push(v);
  }
}
