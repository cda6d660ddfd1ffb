// The oracle: what the contract says about a request body, computed from the body itself at the
// moment it is sent. Checks never trust what a generator *meant* a request to be (a shrunk
// request may have lost its one invalid part); they ask the oracle about the request actually sent.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { identifierFor, type Contract, type JsonSchema, type Operation } from './load.ts';
import { guardOn } from './guard-switches.ts';
import { RULE } from './rulings.ts';

export interface Violation {
  /** Top-level request field, or the cross-field rule id, or '' for the body itself. */
  field: string;
  /** The kind of violation: a JSON Schema keyword, 'required', 'required-null', 'cross-field', 'json'. */
  kind: string;
  identifier: string;
  rule: string;
  message: string;
}

export type Verdict =
  | { valid: true; neverSend: false }
  | { valid: false; neverSend: false; violations: Violation[] }
  /** The documents give no verdict for this request (e.g. T24); the suite must not send it. */
  | { valid: boolean; neverSend: true; rule: string };

export function createAjv(): Ajv2020 {
  // strict: false because the contract carries `x-ivs-*` annotations next to JSON Schema keywords.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: true, validateFormats: true });
  addFormats.default(ajv);
  return ajv;
}

export interface Oracle {
  judge(operationId: string, body: unknown): Verdict;
  /** Validate a value against any contract schema (responses, webhooks). */
  validate(schema: JsonSchema, value: unknown): ErrorObject[];
}

const oracles = new WeakMap<Contract, Oracle>();

export function oracleFor(contract: Contract): Oracle {
  let oracle = oracles.get(contract);
  if (!oracle) {
    oracle = buildOracle(contract);
    oracles.set(contract, oracle);
  }
  return oracle;
}

function buildOracle(contract: Contract): Oracle {
  const ajv = createAjv();
  const compiled = new WeakMap<object, ValidateFunction>();
  const compile = (schema: JsonSchema): ValidateFunction => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema);
      compiled.set(schema, fn);
    }
    return fn;
  };

  function judge(operationId: string, body: unknown): Verdict {
    const op = contract.operations[operationId];
    if (!op) throw new Error(`unknown operation ${operationId}`);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return invalid([{ field: '', kind: 'json', identifier: identifierFor(contract, 'json'), rule: RULE.errorIdentifier, message: 'body is not a JSON object' }]);
    }
    const effective = withoutNullOptionals(op, body as Record<string, unknown>);
    const vocabulary = vendorVocabularyIn(op, effective);
    // Guard vendor-vocabulary (T8, api-facts §11): a value of the vendor's wider vocabulary may be
    // accepted or refused; the documents give no verdict, so the suite never sends it. A server (the
    // reference included) treats it as valid.
    if (vocabulary && guardOn('vendor-vocabulary')) return { valid: true, neverSend: true, rule: vocabulary };
    for (const never of op.neverSend) {
      if (compile(never.schema)(effective)) return { valid: true, neverSend: true, rule: never.rule };
    }
    const violations = schemaViolations(op, body as Record<string, unknown>, effective);
    for (const rule of op.crossField) {
      if (!compile(rule.valid)(effective)) {
        violations.push({
          field: rule.id,
          kind: 'cross-field',
          identifier: identifierFor(contract, 'cross-field'),
          rule: rule.rule,
          message: rule.description,
        });
      }
    }
    return violations.length === 0 ? { valid: true, neverSend: false } : invalid(violations);
  }

  function schemaViolations(op: Operation, body: Record<string, unknown>, effective: Record<string, unknown>): Violation[] {
    const validate = compile(op.requestSchema);
    if (validate(effective)) return [];
    const byField = new Map<string, Violation>();
    for (const error of validate.errors ?? []) {
      const violation = toViolation(op, body, error);
      // One violation per field: the first keyword Ajv reports is enough to decide the identifier.
      if (violation && !byField.has(violation.field)) byField.set(violation.field, violation);
    }
    return [...byField.values()];
  }

  function toViolation(op: Operation, body: Record<string, unknown>, error: ErrorObject): Violation | undefined {
    if (error.instancePath === '' && error.keyword === 'required') {
      const field = (error.params as any).missingProperty as string;
      // A required field sent as null was dropped by R9 handling only if nullable; report it as null.
      const kind = field in body && body[field] === null ? 'required-null' : 'required';
      return { field, kind, identifier: identifierFor(contract, kind), rule: ruleOf(op, field), message: `${field} is required` };
    }
    const field = decodeURIComponent(error.instancePath.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
    if (!field) return undefined; // root-level keywords other than `required` (none in the contract today)
    const spec = op.fields.find((f) => f.name === field);
    const kind = spec?.required && body[field] === null ? 'required-null' : error.keyword;
    return {
      field,
      kind,
      identifier: identifierFor(contract, kind),
      // R6: a value of the wrong JSON type breaks the strict-types ruling, whatever the field and
      // at any depth under it (a list item, a nested member: issue 24, blind round 3);
      // x-ivs-case-rule (T23): a case variant of an enum value breaks the case ruling.
      rule: kind === 'type' ? RULE.strictTypes : (caseRuleOf(spec?.schema, body[field]) ?? ruleOf(op, field)),
      message: `${field}${error.instancePath.slice(field.length + 1)} ${error.message ?? error.keyword}`,
    };
  }

  // The same bodies are judged again and again (when cases are planned, when they are sent, by the
  // observations, by the reference): a verdict is remembered per operation and body as written.
  const verdicts = new Map<string, Verdict>();
  function judgeRemembered(operationId: string, body: unknown): Verdict {
    const key = verdictKey(operationId, body);
    if (key === undefined) return judge(operationId, body);
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = judge(operationId, body);
      if (verdicts.size >= MAX_REMEMBERED_VERDICTS) verdicts.clear();
      verdicts.set(key, verdict);
    }
    return copyOf(verdict);
  }

  return {
    judge: judgeRemembered,
    validate(schema, value) {
      const fn = compile(schema);
      return fn(value) ? [] : [...(fn.errors ?? [])];
    },
  };
}

const MAX_REMEMBERED_VERDICTS = 20_000;
/** Bodies longer than this (written as the key) are judged afresh: remembering them would cost memory for little. */
const MAX_KEY_CHARS = 2_000;

/**
 * The key a verdict is remembered under: the operation, the vendor-vocabulary guard (switched off
 * by its regression test) and the body as JSON (key order kept); undefined (judged afresh) when
 * JSON would lose something of the body (undefined, -0, NaN, ±Infinity, anything but plain data).
 */
function verdictKey(operationId: string, body: unknown): string | undefined {
  if (!plainJson(body, 0)) return undefined;
  const text = JSON.stringify(body);
  if (text.length > MAX_KEY_CHARS) return undefined;
  return `${operationId}\u0000${guardOn('vendor-vocabulary') ? 1 : 0}\u0000${text}`;
}

/** Whether JSON.stringify writes `value` without losing anything a validator could see (bounded depth). */
function plainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth > 32) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !plainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) if (!plainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

function copyOf(verdict: Verdict): Verdict {
  return 'violations' in verdict ? { ...verdict, violations: verdict.violations.map((v) => ({ ...v })) } : { ...verdict };
}

/** The rule of the first vendor-vocabulary value in the body (x-ivs-vendor-vocabulary), if any. */
export function vendorVocabularyIn(op: Operation, body: Record<string, unknown>): string | undefined {
  for (const field of op.fields) {
    const vocabulary = field.vendorVocabulary;
    if (!vocabulary || body[field.name] === undefined) continue;
    const caseInsensitive = (field.schema.items ?? field.schema)['x-ivs-case-insensitive'] === true;
    const fold = (v: unknown) => (caseInsensitive && typeof v === 'string' ? v.toLowerCase() : v);
    const known = new Set(vocabulary.values.map(fold));
    const sent = body[field.name];
    if ((Array.isArray(sent) ? sent : [sent]).some((v) => known.has(fold(v)))) return vocabulary.rule;
  }
  return undefined;
}

/** The rule a case variant of an enum value breaks (x-ivs-case-rule), when `value` is one (or, for a list, holds one). */
function caseRuleOf(schema: JsonSchema | undefined, value: unknown): string | undefined {
  if (Array.isArray(value) && schema?.items) return value.map((item) => caseRuleOf(schema.items, item)).find((rule) => rule !== undefined);
  if (!schema?.['x-ivs-case-rule'] || typeof value !== 'string' || !Array.isArray(schema.enum)) return undefined;
  const variant = !schema.enum.includes(value) && schema.enum.some((v: unknown) => typeof v === 'string' && v.toLowerCase() === value.toLowerCase());
  return variant ? schema['x-ivs-case-rule'] : undefined;
}

function ruleOf(op: Operation, field: string): string {
  return op.fields.find((f) => f.name === field)?.rule ?? RULE.errorIdentifier;
}

function invalid(violations: Violation[]): Verdict {
  return { valid: false, neverSend: false, violations };
}

/** R9: an optional field sent as `null` is treated as if it were omitted. */
export function withoutNullOptionals(op: Operation, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const spec = op.fields.find((f) => f.name === key);
    if (value === null && spec?.nullable && !spec.required) continue;
    out[key] = value;
  }
  return out;
}

/**
 * The single identifier a rejection must carry, when the violations agree on one (R8: the suite
 * only asserts an identifier when the request breaks one rule, or several that yield the same one).
 */
export function expectedIdentifier(violations: Violation[]): string | undefined {
  const ids = new Set(violations.map((v) => v.identifier));
  return ids.size === 1 ? [...ids][0] : undefined;
}
