// Shell text for the commands a report prints (curl chains, openssl lines): safe to paste into a
// POSIX shell (bash, zsh, sh) whatever a target chose to put in a value. Why hand-rolled and not
// npm shell-quote: its quote() escapes with backslashes and passes newlines and control characters
// through, and a command printed to a terminal must not carry those at all. The rules here are few:
// - a word of plain characters is printed as is;
// - any other one-line, printable value is single-quoted (nothing is special inside '…' but ', which
//   becomes '\''), so it can never add an option, a command or a substitution;
// - a value with a character a terminal could act on or a paste could change (controls, bidi and
//   other format characters, line breaks, a leading @ for curl) is never printed: it travels as
//   base64 and is decoded into curl's standard input (`--data-binary @-`), byte for byte.

/** Characters that need no quoting in any POSIX shell. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Controls (C0, DEL, C1), format characters (bidi, zero-width), surrogates, private use, unassigned, line/paragraph separators, and newline/tab. */
const NOT_INLINE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** True when `text` can be printed inside single quotes on one line without a terminal or a paste acting on it. */
export function printableInline(text: string): boolean {
  return !NOT_INLINE.test(text); // (with the u flag a lone surrogate is \p{Cs})
}

/** One shell word holding exactly `text` (which must be printableInline). */
export function shellWord(text: string): string {
  if (!printableInline(text)) throw new Error('shellWord: value is not printable on one line');
  return PLAIN_WORD.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A URL as one shell word: characters that are not printable ASCII are percent-encoded (the same request for any HTTP client). */
export function shellUrl(url: string): string {
  const ascii = [...url].map((c) => (/^[\x21-\x7e]$/.test(c) ? c : [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('');
  return shellWord(ascii);
}

/** A command that writes exactly `bytes` (as UTF-8) to its standard output, whatever they hold. */
export function printBytes(text: string): string {
  return `printf %s ${shellWord(Buffer.from(text, 'utf8').toString('base64'))} | base64 -d`;
}

/**
 * How curl gets a body: inline (`--data-binary '…'`) when every part is printable, else through its
 * standard input (`<producer> | curl … --data-binary @-`). `parts` are literal texts joined by the
 * value of the shell variable `variable` (a scanRef captured earlier in the chain), used only as "$VAR".
 */
export function bodySource(parts: string[], variable?: string): { pipe?: string; args: string[] } {
  const inline = parts.every(printableInline) && !parts[0].startsWith('@');
  const joiner = variable ? `"$${variable}"` : '';
  if (inline) return { args: ['--data-binary', parts.map((p) => `'${p.replace(/'/g, `'\\''`)}'`).join(joiner)] };
  const producers = parts.flatMap((p, i) => [...(i > 0 ? [`printf %s ${joiner}`] : []), ...(p ? [printBytes(p)] : [])]);
  const pipe = producers.length === 1 ? producers[0] : `{ ${producers.join('; ')}; }`;
  return { pipe, args: ['--data-binary', '@-'] };
}

/** Text shown after `#` in a printed command: one line, no control or format character. */
export function shellComment(text: string): string {
  return [...text].map((c) => (printableInline(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`)).join('');
}
