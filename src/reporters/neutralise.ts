// Text that came from a target is data, never instructions to a terminal or a Markdown renderer.
// visibleControls(): escape sequences (C0, DEL, C1, bidirectional overrides) become visible `\xNN`
// / `\u{NNNN}` text, so an answer cannot clear the screen, set the window title or rewrite the
// verdict line. inertMarkdown(): the same, plus what a pull-request comment would act on —
// HTML, @mentions, bare links, $math$, emphasis, links and images, table pipes.

// Tab and newline are kept by visibleControls (callers that need one line collapse them).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function visibleControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** One line of text that renders as itself in GitHub-flavoured Markdown (table cells included). */
export function inertMarkdown(text: string): string {
  const ZWSP = '\u200b'; // invisible, but breaks the patterns renderers act on
  return visibleControls(text)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/[\\`*_[\]|$~#!]/g, '\\$&')
    .replace(/@(?=[\w-])/g, `@${ZWSP}`) // @everyone, @org/team
    .replace(/:\/\//g, `:${ZWSP}//`) // https://… autolinks
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`); // www.… autolinks
}

/** A deep copy of `value` with visibleControls applied to every string and key (for pages and files a viewer renders). */
export function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visibleControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => visibleDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, visibleControls(k), { value: visibleDeep(v), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}
