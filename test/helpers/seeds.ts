// Extracts the vocabulary the seed documents name: the JSON keys of their field tables and the enum
// values those tables list. test/contract.test.ts checks that the contract contains all of it (and
// no request enum value beyond it, except values a ruling adds).
//
// The seed documents are not part of this repository: what was extracted from them is, in
// openapi/seed-vocabulary.json (each row with its seed file, line and text, each document with its
// SHA-256). readSeedVocabulary() reads that file; extractSeedDocument() is the extractor that wrote
// it, kept so a test can check that every recorded row still yields what is recorded.
//
// The seeds come in two shapes:
// - Markdown (000, 003): table rows `|`clientId`|Yes|...|`, the key backticked in the first cell.
// - Plain text copied from a web page (002): rows `scanRef | List | - | ... |`, the key bare in the
//   first cell and a documented type in the second.
// Enum values are read only from the part of a row that follows "Values:" or "Possible values:",
// up to the end of that cell (or "For value explanations", where the dummy pages link the
// vocabulary), in three notations:
//   `ID_CARD`        backticked UPPER_CASE tokens (and `M` / `F`)
//   -`lt`(Lithuanian) backticked lower-case codes followed by a parenthesised name (locales)
//   - APPROVED       bare UPPER_CASE list items after a dash (the dummy pages)
// Nothing else in a row is read, so explanations that mention e.g. `UTILITY_BILL` do not leak in.
import { readFileSync } from 'node:fs';

export interface SeedRow {
  seed: string;
  /** 1-based line number in the seed. */
  line: number;
  /** The JSON key the row documents. */
  field: string;
  /** The values the row lists, in order (empty when it lists none). */
  values: string[];
  /** The row as written, for messages. */
  text: string;
}

export interface SeedDocument {
  /** File name in the seeds directory. */
  seed: string;
  /** SHA-256 of the document the rows were extracted from. */
  sha256?: string;
  /** The API host the seed sends requests to (`ivs.markid.eu`, `ivs.idenfy.com`), if it names one. */
  host?: string;
  rows: SeedRow[];
}

export interface SeedVocabulary {
  /** Every JSON key of every field table. */
  fields: Set<string>;
  /** Every enum value of every field table. */
  enumValues: Set<string>;
  bySeed: Record<string, SeedDocument>;
}

/** Types a plain-text table row may carry in its second cell (a header row says "Type"). */
const TEXT_ROW_TYPE = /^(String|List(\[String\])?|Bool(ean)?|Integer|Float\/Integer|JSON object)$/;
const MARKDOWN_ROW = /^\|\s*`([A-Za-z][A-Za-z0-9]*)`\s*\|/;
const TEXT_ROW = /^([A-Za-z][A-Za-z0-9]*) \| ([^|]+?) \|/;
const VALUES_START = /(?:Possible values|Values)\s*:/gi;
const VALUES_END = /(?<!\\)\||For value explanations/;
const VALUE_NOTATIONS = [
  /`([A-Z][A-Z0-9_]*)`/g, // `ID_CARD`, `M`
  /`([a-z]{2})`\(/g, // `lt`(Lithuanian)
  /(?:^|[\s>])-\s*([A-Z][A-Z0-9_]+)\b/g, // - APPROVED, <br/>- DENIED
];

/** The field a table row documents, if the line is a field row (not a header or a separator). */
function rowField(line: string): string | undefined {
  const markdown = MARKDOWN_ROW.exec(line);
  if (markdown) return markdown[1];
  const text = TEXT_ROW.exec(line);
  if (text && TEXT_ROW_TYPE.test(text[2].trim())) return text[1];
  return undefined;
}

/** The enum values a row lists after "Values:" / "Possible values:". */
export function rowValues(line: string): string[] {
  const values: string[] = [];
  for (const start of line.matchAll(VALUES_START)) {
    const rest = line.slice(start.index! + start[0].length);
    const end = VALUES_END.exec(rest);
    const segment = end ? rest.slice(0, end.index) : rest;
    const found: { at: number; value: string }[] = [];
    for (const notation of VALUE_NOTATIONS) {
      for (const m of segment.matchAll(notation)) found.push({ at: m.index!, value: m[1] });
    }
    for (const { value } of found.sort((a, b) => a.at - b.at)) if (!values.includes(value)) values.push(value);
  }
  return values;
}

export function extractSeedDocument(seed: string, content: string): SeedDocument {
  const rows: SeedRow[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    const field = rowField(text);
    if (field) rows.push({ seed, line: i + 1, field, values: rowValues(text), text });
  });
  const host = /https:\/\/(ivs\.[a-z0-9.-]+)\//.exec(content)?.[1];
  return { seed, host, rows };
}

/** The recorded vocabulary (openapi/seed-vocabulary.json). */
export function readSeedVocabulary(path: string): SeedVocabulary {
  const data = JSON.parse(readFileSync(path, 'utf8')) as { documents: (Omit<SeedDocument, 'rows'> & { rows: Omit<SeedRow, 'seed'>[] })[] };
  const vocabulary: SeedVocabulary = { fields: new Set(), enumValues: new Set(), bySeed: {} };
  for (const recorded of data.documents) {
    const doc: SeedDocument = { ...recorded, rows: recorded.rows.map((row) => ({ seed: recorded.seed, ...row })) };
    vocabulary.bySeed[doc.seed] = doc;
    for (const row of doc.rows) {
      vocabulary.fields.add(row.field);
      row.values.forEach((v) => vocabulary.enumValues.add(v));
    }
  }
  return vocabulary;
}

/** A readable dump of what was extracted, for failure messages. */
export function describeVocabulary(vocabulary: SeedVocabulary): string {
  return Object.values(vocabulary.bySeed)
    .map((doc) =>
      [`${doc.seed} (host ${doc.host ?? 'none'}):`, ...doc.rows.map((r) => `  ${r.field}${r.values.length ? `: ${r.values.join(' ')}` : ''}`)].join('\n'),
    )
    .join('\n');
}
