// Character pools the generators draw from. They are generic (not tied to one field): a field's
// own `pattern` decides which characters of a pool it may use, so a pattern changed in the
// contract changes what is generated without touching this file.

/** Letters of several scripts, chosen so that upper-casing keeps one code point per code point
 * in every common runtime (no ß, ŉ, ligatures): T3's upper-casing is then unambiguous. */
export const LETTERS_BY_SCRIPT: Record<string, string[]> = {
  latin: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  lithuanian: [...'ąčęėįšųūžĄČĘĖĮŠŲŪŽ'],
  latin1: [...'éèàöüñçøåæÉÖÜÑ'],
  cyrillic: [...'абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ'],
  greek: [...'αβγδεζηθικλμνξοπρτυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ'],
  cjk: [...'李王张刘陈杨黄赵周吴'],
  arabic: [...'محمدعلياسن'],
  // Letters outside the Basic Multilingual Plane: one code point, two UTF-16 units (T2 counts code points).
  astral: [...'𠀀𠀁𠀂𠀃𠀄'],
};

export const ALL_LETTERS: string[] = Object.values(LETTERS_BY_SCRIPT).flat();

/** Printable ASCII without leading/trailing-space ambiguity concerns handled by callers. */
export const PRINTABLE_ASCII: string[] = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

/** Symbols outside the BMP that free text (no pattern) must carry unharmed. */
export const ASTRAL_SYMBOLS: string[] = [...'😀🚀𝒜'];

/** Characters for free text (no pattern): printable ASCII, letters of other scripts, astral symbols. */
/** Letters and digits first, so that short samples read like ordinary values. */
const ALPHANUMERIC = PRINTABLE_ASCII.filter((c) => /[A-Za-z0-9]/.test(c));
export const FREE_TEXT: string[] = [...ALPHANUMERIC, ...PRINTABLE_ASCII.filter((c) => !ALPHANUMERIC.includes(c)), ...LETTERS_BY_SCRIPT.lithuanian, ...LETTERS_BY_SCRIPT.cyrillic, ...LETTERS_BY_SCRIPT.cjk, ...ASTRAL_SYMBOLS];

/** Compiled once per pattern: generators test thousands of candidates against a handful of patterns. */
const compiledPatterns = new Map<string, RegExp>();

export function matchesPattern(pattern: string | undefined, text: string): boolean {
  if (pattern === undefined) return true;
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) compiledPatterns.set(pattern, (compiled = new RegExp(pattern, 'u'))); // no g/y flag: test() keeps no state
  return compiled.test(text);
}

/** The characters of `pool` that a field's pattern allows on their own. */
export function allowedBy(pattern: string | undefined, pool: string[]): string[] {
  return pool.filter((c) => matchesPattern(pattern, c));
}

/** Code-point length, the unit JSON Schema (and T2) counts in. */
export function codePoints(text: string): number {
  return [...text].length;
}
