// Values of a neighbouring code list mistaken for this one (issue 24, blind round 3): two-letter
// country codes (ISO 3166, upper case) and language codes (ISO 639-1, lower case) share a shape,
// so a server maps one to the other ("se" → Swedish) or validates against the merged table.
// By default: to a language list, the country codes of the countries where each member is the
// main language whose code differs from it (se for sv, jp for ja, gb and us for en: the well-known
// confusions), lower-cased; to a country list, every member of the contract's language lists
// upper-cased. With --depth thorough also every ISO 639-1 code of the table below upper-cased to a
// country list (the same-shape class sends every country code to a language list when thorough).
// Members, vendor vocabulary and unasserted values are never sent.
import { isUnassertedValue } from '../values.ts';
import { contractEnums } from './scalars.ts';
import type { TaxonomyClass, TaxonomyInput, TaxonomyValue } from './types.ts';

/**
 * Languages (ISO 639-1) and the ISO 3166 codes of countries where each is the main language,
 * listed only where some such country's code differs from the language's: the confusions.
 */
export const LANGUAGE_HOMES: Record<string, string[]> = {
  en: ['GB', 'US', 'AU', 'IE', 'NZ'],
  sv: ['SE'],
  cs: ['CZ'],
  ja: ['JP'],
  et: ['EE'],
  da: ['DK'],
  el: ['GR', 'CY'],
  zh: ['CN', 'TW'],
  ko: ['KR'],
  uk: ['UA'],
  sl: ['SI'],
  sr: ['RS'],
  sq: ['AL'],
  hy: ['AM'],
  ka: ['GE'],
  he: ['IL'],
  hi: ['IN'],
  fa: ['IR'],
  kk: ['KZ'],
  vi: ['VN'],
  be: ['BY'],
  nb: ['NO'],
  ms: ['MY'],
  de: ['AT'],
  ar: ['SA', 'EG', 'AE'],
};

type CodeCase = 'country' | 'language';

/** A list of two-letter codes all upper case (countries, maybe also written lower-case) or all lower case (languages). */
function codeCaseOf(values: unknown[]): CodeCase | undefined {
  const texts = values.filter((v): v is string => typeof v === 'string');
  if (!texts.length || texts.length !== values.filter((v) => v !== null).length) return undefined;
  if (texts.every((v) => /^[A-Z]{2}$/.test(v))) return 'country';
  if (texts.every((v) => /^[a-z]{2}$/.test(v))) return 'language';
  // A country list a profile writes in both cases (T8: either case): every lower-case code has its upper-case one.
  const upper = new Set(texts.filter((v) => /^[A-Z]{2}$/.test(v)));
  if (upper.size && texts.every((v) => upper.has(v) || (/^[a-z]{2}$/.test(v) && upper.has(v.toUpperCase())))) return 'country';
  return undefined;
}

const isCodeList = ({ schema }: TaxonomyInput): true | string => (Array.isArray(schema.enum) && codeCaseOf(schema.enum) ? true : 'not a list of two-letter country or language codes');

export const neighbourCodeListClass: TaxonomyClass = {
  name: 'neighbour-code-list',
  summary: 'codes of the neighbouring code list of the same shape: country codes a language is mistaken for (se for sv) lower-cased to a language list, language codes upper-cased to a country list',
  applies: isCodeList,
  values: (input) => {
    const { schema } = input;
    const members: string[] = schema.enum.filter((v: unknown) => typeof v === 'string');
    const kind = codeCaseOf(schema.enum)!;
    const vocabulary: string[] = schema['x-ivs-vendor-vocabulary']?.values ?? [];
    const folded = new Set([...members, ...vocabulary].map((v) => v.toLowerCase()));
    const seen = new Set<string>();
    const out: TaxonomyValue[] = [];
    const add = (value: string, note: string, thorough: boolean) => {
      if (folded.has(value.toLowerCase()) || seen.has(value) || isUnassertedValue(schema, value)) return;
      seen.add(value);
      out.push({ value, cls: 'neighbour-code-list', note, thorough });
    };
    if (kind === 'language') {
      for (const language of members) for (const country of LANGUAGE_HOMES[language] ?? []) add(country.toLowerCase(), `"${country.toLowerCase()}": the country code of ${country}, where "${language}" is spoken`, false);
      return out;
    }
    for (const [list, values] of contractEnums(input)) {
      if (codeCaseOf(values) !== 'language') continue;
      for (const language of values) add(language.toUpperCase(), `"${language.toUpperCase()}": the language code "${language}" (from ${list}) upper-cased`, false);
    }
    for (const language of Object.keys(LANGUAGE_HOMES)) add(language.toUpperCase(), `"${language.toUpperCase()}": the language code "${language}" upper-cased`, true);
    return out;
  },
};
