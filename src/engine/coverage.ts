// The coverage matrix, walked from the contract itself: every validation keyword of every request
// field, every `x-ivs-*` extension anywhere in the contract, against what exercises it. A keyword
// with no plugin is broken by the generic negation; one that nothing breaks, and an extension no
// module declares it reads (src/contract/key-readers.ts), is a GAP. Per field, which value
// classes were sent, and why a class does not apply.
import type { Contract, FieldSpec } from '../contract/load.ts';
import { readersOf } from '../contract/key-readers.ts';
import { keywordPlugin } from '../arbitraries/keywords/index.ts';
import { boundaryValues, invalidValues, schemaKeywords, typeOf } from '../arbitraries/values.ts';
import type { PlannedSuite } from './run.ts';

export interface CoverageRow {
  endpoint: string;
  field: string;
  constraint: string;
  rule: string;
  /** Names of the checks (cases) that send a request breaking this constraint. */
  cases: string[];
  /** What exercises it: `plugin`, `generic negation`, the handler of an extension, or why nothing needs to. */
  handler?: string;
  /** `covered`, `GAP`, or `unasserted` (a ruling leaves it open, e.g. C1's gated settings). */
  status?: 'covered' | 'GAP' | 'unasserted';
}

/** Every constraint the contract states for request bodies (schema keywords, required, cross-field). */
export function contractConstraints(contract: Contract): Omit<CoverageRow, 'cases'>[] {
  const rows: Omit<CoverageRow, 'cases'>[] = [];
  for (const op of Object.values(contract.operations)) {
    for (const field of op.fields) {
      // `type` is always exercised (type confusion), also where the schema only implies it.
      const keywords = [...new Set(['type', ...schemaKeywords(field.schema)])];
      for (const constraint of keywords) {
        rows.push({ endpoint: op.endpoint, field: field.name, constraint, rule: field.rule, handler: keywordPlugin(constraint) ? 'plugin' : 'generic negation' });
      }
      if (field.required) {
        rows.push({ endpoint: op.endpoint, field: field.name, constraint: 'required', rule: field.rule, handler: 'fields' });
        rows.push({ endpoint: op.endpoint, field: field.name, constraint: 'required-null', rule: field.rule, handler: 'fields' });
      }
    }
    for (const rule of op.crossField) rows.push({ endpoint: op.endpoint, field: rule.id, constraint: 'cross-field', rule: rule.rule, handler: 'fields' });
  }
  return rows;
}

function gatedByConfiguration(contract: Contract, endpoint: string, field: string): boolean {
  return Object.values(contract.operations).some((op) => op.endpoint === endpoint && op.fields.some((f) => f.name === field && f.gated === 'configuration'));
}

export function coverageMatrix(contract: Contract, plan: PlannedSuite[]): CoverageRow[] {
  const cases = plan.flatMap((p) => p.cases).filter((c) => c.check === 'rejects-invalid');
  const keywordRows: CoverageRow[] = contractConstraints(contract).map((row) => {
    const names = cases.filter((c) => c.endpoint === row.endpoint && c.field === row.field && c.constraint === row.constraint).map((c) => c.name);
    const status = names.length ? 'covered' : gatedByConfiguration(contract, row.endpoint, row.field) ? 'unasserted' : 'GAP';
    return { ...row, cases: names, status, handler: status === 'unasserted' ? 'C1: a gated custom setting is not asserted by default' : row.handler };
  });
  return [...keywordRows, ...extensionRows(contract)];
}

// --- x-ivs-* extensions --------------------------------------------------------------------------

/** Every `x-ivs-*` key in the contract, with one place it occurs. */
export function contractExtensions(contract: Contract): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown, path: string, seen: Set<unknown>) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-ivs-') && !found.has(key)) found.set(key, `${path}/${key}`);
      walk(value, `${path}/${key}`, seen);
    }
  };
  walk(contract.document, '#', new Set());
  return found;
}

/** Which module reads an extension's key, if any (from the contract-key registry, src/contract/key-readers.ts). */
export function extensionHandler(key: string): string | undefined {
  const module = readersOf(key)[0];
  return module === undefined ? undefined : `src/${module}`;
}

function extensionRows(contract: Contract): CoverageRow[] {
  return [...contractExtensions(contract)].map(([key, where]) => {
    const handler = extensionHandler(key);
    return { endpoint: '(contract)', field: where.split('/').slice(-2, -1)[0] ?? '#', constraint: key, rule: '-', cases: handler ? [handler] : [], handler: handler ?? 'no code reads it', status: handler ? 'covered' : 'GAP' };
  });
}

// --- value classes per field -------------------------------------------------------------------------

export interface ValueClassRow {
  endpoint: string;
  field: string;
  /** Class → how many values were sent, or why it does not apply. */
  classes: Record<string, number | string>;
}

const ROBUSTNESS_TYPES = ['string', 'integer', 'number', 'array'];

/** Per field: the value classes the generators send (from the keyword plugins), and why the others do not apply. */
export function valueClasses(contract: Contract): ValueClassRow[] {
  const rows: ValueClassRow[] = [];
  for (const op of Object.values(contract.operations)) {
    for (const field of op.fields) rows.push({ endpoint: op.endpoint, field: field.name, classes: classesOf(field) });
  }
  return rows;
}

function classesOf(field: FieldSpec): Record<string, number | string> {
  const schema = field.schema;
  const type = typeOf(schema);
  const sent = [...invalidValues(schema), ...boundaryValues(schema)];
  const count = (cls: string) => sent.filter((c) => c.valueClass === cls).length;
  const enumSchema = type === 'array' ? schema.items : schema;
  const classes: Record<string, number | string> = {
    'type-confusion': count('type-confusion') || 'no JSON type to confuse',
    limit: count('limit') || 'no length, range or size limit',
    neighbour: count('neighbour') || (enumSchema?.enum ? 'every neighbour is a documented or unasserted value' : 'not an enumeration'),
    calendar: count('calendar') || (schema.format === 'date' ? 'no calendar values generated' : 'not a date'),
    'forbidden-character': count('forbidden-character') || (schema.pattern ? 'the contract lists no forbidden characters' : 'no character pattern'),
    generic: count('generic') || 'every keyword has a plugin',
    robustness: ROBUSTNESS_TYPES.includes(type) ? (type === 'array' && typeOf(schema.items ?? {}) !== 'string' ? 'a list of documented values: covered by neighbours' : 'R7 payloads (robustness suite)') : `a ${type}: no text or number payload applies`,
  };
  if (field.gated === 'configuration') classes.note = 'C1: negative values of a gated custom setting are not asserted by default';
  return classes;
}
